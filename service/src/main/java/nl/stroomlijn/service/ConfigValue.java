package nl.stroomlijn.service;

/**
 * A value as given, before any parsing.
 *
 * @param text   the trimmed text; never blank (a blank value counts as not given)
 * @param origin where it came from, e.g. {@code env KAFKA_BOOTSTRAP_SERVERS} or {@code file kafka.bootstrap.servers}
 * @param secret whether the text must be masked when printed
 */
record ConfigValue(String text, String origin, boolean secret) {

  static final String MASK = "******";

  static ConfigValue fromEnv(String name, String text, boolean secret) {
    return new ConfigValue(text.trim(), "env " + name, secret);
  }

  static ConfigValue fromFile(String key, String text, boolean secret) {
    return new ConfigValue(text.trim(), "file " + key, secret);
  }

  /** The text as it may be printed. */
  String shown() {
    return secret ? MASK : '"' + text + '"';
  }
}
