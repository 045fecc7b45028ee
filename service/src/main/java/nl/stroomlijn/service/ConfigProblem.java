package nl.stroomlijn.service;

/**
 * One wrong or missing setting, worded for the operator who has to fix it.
 *
 * @param fileKey  the properties-file spelling, e.g. {@code kafka.bootstrap.servers}
 * @param envName  the environment spelling, e.g. {@code KAFKA_BOOTSTRAP_SERVERS}
 * @param given    the value given as it may be printed (quoted, or masked if secret); {@code null} when missing
 * @param origin   where the value came from, e.g. {@code env KAFKA_BOOTSTRAP_SERVERS}; {@code null} when missing
 * @param expected what would have been accepted
 */
public record ConfigProblem(String fileKey, String envName, String given, String origin, String expected) {

  static ConfigProblem missing(ConfigKey key, String expected) {
    return new ConfigProblem(key.fileKey(), key.envName(), null, null, expected);
  }

  static ConfigProblem wrong(ConfigKey key, ConfigValue value, String expected) {
    return new ConfigProblem(key.fileKey(), key.envName(), value.shown(), value.origin(), expected);
  }

  @Override
  public String toString() {
    String what = given == null ? "missing" : "got " + given + " from " + origin;
    return fileKey + " / " + envName + ": " + what + "; expected " + expected;
  }
}
