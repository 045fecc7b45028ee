package nl.stroomlijn.service;

import java.util.List;
import java.util.Locale;

/**
 * The two spellings of one setting: its key in the properties file and its environment
 * variable, and the spelling rules between them (prefixes of client settings: {@link PassThrough}).
 */
record ConfigKey(String fileKey, String envName) {

  static final String SERVICE_ENV_PREFIX = "STROOMLIJN_";

  private static final List<String> SECRET_MARKERS = List.of("password", "secret", "jaas", "token", "user.info", "key");

  /** A service's own setting: {@code http.port} / {@code STROOMLIJN_HTTP_PORT}. */
  static ConfigKey service(String key) {
    return new ConfigKey(key, SERVICE_ENV_PREFIX + envSpelling(key));
  }

  /** {@code SASL_JAAS_CONFIG} → {@code sasl.jaas.config}. */
  static String propertySpelling(String envName) {
    return envName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** {@code http.port} → {@code HTTP_PORT}. */
  static String envSpelling(String key) {
    return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Whether a value under this name, in any spelling, must never be printed. */
  static boolean isSecret(String name) {
    String normalized = propertySpelling(name);
    return SECRET_MARKERS.stream().anyMatch(normalized::contains);
  }

  boolean isSecret() {
    return isSecret(fileKey) || isSecret(envName);
  }

  @Override
  public String toString() {
    return fileKey + " / " + envName;
  }
}
