package nl.stroomlijn.registry;

import java.io.Serializable;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to reach a schema registry. Serializable, so Flink functions can carry it to the task
 * managers and connect there. Property names are Confluent's, so existing client configurations
 * work unchanged.
 *
 * @param urls              one or more base URLs (tried in turn), or a single {@code mock://scope}
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param tls               trust and key stores for HTTPS, or null for the JVM defaults
 * @param requestTimeout    time limit of one HTTP call
 */
public record RegistryConfig(List<String> urls, String basicAuthUserInfo, Tls tls, Duration requestTimeout)
    implements Serializable {

  public static final String URL = "schema.registry.url";
  public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
  public static final String PREFIXED_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
  public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
  public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
  public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
  public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
  public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
  public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
  public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";
  public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

  private static final String MOCK_SCHEME = "mock://";
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * Key and trust material for HTTPS (PKCS12 or JKS files). Any part may be null.
   */
  public record Tls(String trustStoreLocation, String trustStorePassword, String trustStoreType,
                    String keyStoreLocation, String keyStorePassword, String keyStoreType, String keyPassword)
      implements Serializable {

    @Override
    public String toString() {
      return "Tls[trustStore=" + trustStoreLocation + ", keyStore=" + keyStoreLocation + "]";
    }
  }

  public RegistryConfig {
    Objects.requireNonNull(urls, URL);
    urls = urls.stream().map(String::trim).filter(u -> !u.isEmpty()).toList();
    if (urls.isEmpty()) {
      throw new IllegalArgumentException(URL + " is required: the schema registry's base URL (or mock://<scope>)");
    }
    for (String url : urls) {
      if (!url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith(MOCK_SCHEME)) {
        throw new IllegalArgumentException(URL + " must be http://, https:// or mock://, got '" + url + "'");
      }
    }
    if (urls.size() > 1 && urls.stream().anyMatch(u -> u.startsWith(MOCK_SCHEME))) {
      throw new IllegalArgumentException(URL + " cannot mix mock:// with other URLs: " + urls);
    }
    if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
      throw new IllegalArgumentException(BASIC_AUTH_USER_INFO + " must look like user:password");
    }
    requestTimeout = requestTimeout == null ? DEFAULT_TIMEOUT : requestTimeout;
  }

  /** A registry at one URL with no authentication. */
  public static RegistryConfig of(String url) {
    return new RegistryConfig(List.of(url), null, null, null);
  }

  /** Reads Confluent-style client properties ({@code schema.registry.url} and friends). */
  public static RegistryConfig fromProperties(Map<String, ?> props) {
    String url = string(props, URL);
    if (url == null) {
      throw new IllegalArgumentException(URL + " is required: the schema registry's base URL (or mock://<scope>)");
    }
    String userInfo = string(props, PREFIXED_BASIC_AUTH_USER_INFO);
    if (userInfo == null) {
      userInfo = string(props, BASIC_AUTH_USER_INFO);
    }
    Tls tls = null;
    if (string(props, TRUSTSTORE_LOCATION) != null || string(props, KEYSTORE_LOCATION) != null) {
      tls = new Tls(string(props, TRUSTSTORE_LOCATION), string(props, TRUSTSTORE_PASSWORD),
          string(props, TRUSTSTORE_TYPE), string(props, KEYSTORE_LOCATION), string(props, KEYSTORE_PASSWORD),
          string(props, KEYSTORE_TYPE), string(props, KEY_PASSWORD));
    }
    String timeout = string(props, REQUEST_TIMEOUT_MS);
    Duration requestTimeout = null;
    if (timeout != null) {
      try {
        requestTimeout = Duration.ofMillis(Long.parseLong(timeout));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(REQUEST_TIMEOUT_MS + " must be a number of milliseconds, got '" + timeout + "'");
      }
    }
    return new RegistryConfig(Arrays.asList(url.split(",")), userInfo, tls, requestTimeout);
  }

  /** True for {@code mock://scope}: an in-memory registry shared by everything in this JVM using the same scope. */
  public boolean isMock() {
    return urls.get(0).startsWith(MOCK_SCHEME);
  }

  /** The scope of a {@code mock://} URL. */
  public String mockScope() {
    return urls.get(0).substring(MOCK_SCHEME.length());
  }

  private static String string(Map<String, ?> props, String key) {
    Object value = props.get(key);
    if (value == null) {
      return null;
    }
    String text = value instanceof org.apache.kafka.common.config.types.Password p ? p.value() : value.toString();
    return text.isBlank() ? null : text.trim();
  }

  @Override
  public String toString() {
    return "RegistryConfig[urls=" + urls + ", basicAuth=" + (basicAuthUserInfo == null ? "none" : "user:****")
        + ", tls=" + tls + ", requestTimeout=" + requestTimeout + "]";
  }
}
