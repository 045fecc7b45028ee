package nl.stroomlijn.service;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A service's configuration: an optional properties file overlaid by environment variables
 * (the environment wins). Kafka and schema registry client settings pass through untouched,
 * so TLS and SASL need no code. Typed getters record every problem instead of throwing on
 * the first; {@link #requireValid()} then reports them all in one {@link ConfigException}.
 *
 * <p>Naming rules: setting {@code http.port} is {@code STROOMLIJN_HTTP_PORT} in the
 * environment; {@code KAFKA_SASL_JAAS_CONFIG} and file key {@code kafka.sasl.jaas.config} are
 * Kafka's {@code sasl.jaas.config}; {@code SCHEMA_REGISTRY_URL} and {@code schema.registry.url}
 * are the registry's {@code schema.registry.url}. A blank value counts as not given.
 */
public final class ServiceConfig {

  /** Environment variable naming the properties file when the caller names none. */
  public static final String CONFIG_FILE_ENV = "STROOMLIJN_CONFIG";

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");

  private final Path file;
  private final Map<String, String> env;
  private final Map<String, String> fileValues;
  private final Map<String, ConfigValue> kafka;
  private final Map<String, ConfigValue> schemaRegistry;
  private final List<ConfigProblem> problems = new ArrayList<>();

  private ServiceConfig(Path file, Map<String, String> fileValues, Map<String, String> env) {
    this.file = file;
    this.env = Map.copyOf(env);
    this.fileValues = Map.copyOf(fileValues);
    this.kafka = passedThrough(PassThrough.KAFKA);
    this.schemaRegistry = passedThrough(PassThrough.SCHEMA_REGISTRY);
  }

  /**
   * Loads the configuration.
   *
   * @param file the properties file (e.g. from {@code --config}); when {@code null}, the file
   *             named by {@code STROOMLIJN_CONFIG}, if any
   * @param env  the environment, {@code System.getenv()} in a service
   * @throws ConfigException when a file is named but cannot be read
   */
  public static ServiceConfig load(Path file, Map<String, String> env) {
    Path chosen = file;
    String named = blankToNull(env.get(CONFIG_FILE_ENV));
    if (chosen == null && named != null) {
      chosen = Path.of(named.trim());
    }
    return new ServiceConfig(chosen, chosen == null ? Map.of() : readProperties(chosen), env);
  }

  public Setting<String> string(String key) {
    return read(ConfigKey.service(key), "a non-empty value", text -> text);
  }

  public Setting<Integer> integer(String key, int min, int max) {
    return read(ConfigKey.service(key), "an integer from " + min + " to " + max, text -> {
      int value = Integer.parseInt(text);
      if (value < min || value > max) {
        throw new IllegalArgumentException("out of range");
      }
      return value;
    });
  }

  /** Accepts {@code 500ms}, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d} and ISO-8601 such as {@code PT5M}. */
  public Setting<Duration> duration(String key) {
    return read(ConfigKey.service(key), "a duration such as 500ms, 30s, 5m, 2h, 1d or PT5M", ServiceConfig::parseDuration);
  }

  public Setting<Boolean> bool(String key) {
    return read(ConfigKey.service(key), "true or false", text -> switch (text.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(text);
    });
  }

  /** Matches constant names ignoring case, with {@code -} for {@code _}: {@code at-least-once}. */
  public <E extends Enum<E>> Setting<E> enumValue(String key, Class<E> type) {
    String names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    return read(ConfigKey.service(key), "one of " + names,
        text -> Enum.valueOf(type, text.toUpperCase(Locale.ROOT).replace('-', '_')));
  }

  public Setting<HostPort> hostPort(String key) {
    return read(ConfigKey.service(key), "host:port", HostPort::parse);
  }

  /** An absolute URL with a host, any scheme ({@code http}, {@code mqtt}, {@code opc.tcp} ...). */
  public Setting<URI> url(String key) {
    return read(ConfigKey.service(key), "an absolute URL such as http://host:8081", ServiceConfig::parseUrl);
  }

  public Setting<Path> path(String key) {
    return read(ConfigKey.service(key), "a file system path", Path::of);
  }

  /** Kafka's {@code bootstrap.servers}, checked to be a list of host:port. */
  public Setting<List<HostPort>> kafkaBootstrapServers() {
    return read(PassThrough.KAFKA.key("bootstrap.servers"), kafka.get("bootstrap.servers"), "host:port[,host:port...]",
        text -> Arrays.stream(text.split(",")).map(String::trim).map(HostPort::parse).toList());
  }

  /** The schema registry's {@code schema.registry.url}. */
  public Setting<URI> schemaRegistryUrl() {
    return read(PassThrough.SCHEMA_REGISTRY.key("schema.registry.url"), schemaRegistry.get("schema.registry.url"),
        "an absolute URL such as http://registry:8081", ServiceConfig::parseUrl);
  }

  /** Every Kafka client setting given, ready for a producer, consumer, Streams app or Flink source. */
  public Properties kafkaProperties() {
    return toProperties(kafka);
  }

  /** Every {@code schema.registry.*} setting given, under its full name. */
  public Properties schemaRegistryProperties() {
    return toProperties(schemaRegistry);
  }

  /** The problems recorded so far by the typed getters. */
  public List<ConfigProblem> problems() {
    return List.copyOf(problems);
  }

  /** Call after reading every setting: throws one exception listing every problem. */
  public void requireValid() {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
  }

  /** Every value given and where it came from, secrets masked: for the start-up log. */
  public String describe() {
    StringBuilder text = new StringBuilder("configuration from ")
        .append(file == null ? "environment only" : file + " and environment");
    appendSection(text, "settings", serviceValues());
    appendSection(text, "kafka", kafka);
    appendSection(text, "schema registry", schemaRegistry);
    return text.toString();
  }

  @Override
  public String toString() {
    return describe();
  }

  private <T> Setting<T> read(ConfigKey key, String expected, Function<String, T> parse) {
    return read(key, given(key), expected, parse);
  }

  /** The one place where a value is parsed and its problems recorded. */
  private <T> Setting<T> read(ConfigKey key, ConfigValue value, String expected, Function<String, T> parse) {
    Runnable reportMissing = () -> problems.add(ConfigProblem.missing(key, expected));
    if (value == null) {
      return new Setting<>(null, reportMissing);
    }
    try {
      return new Setting<>(parse.apply(value.text()), () -> {});
    } catch (RuntimeException wrong) {
      problems.add(ConfigProblem.wrong(key, value, expected));
      return new Setting<>(null, () -> {});
    }
  }

  /** A service setting: the environment wins over the file. */
  private ConfigValue given(ConfigKey key) {
    String fromEnv = blankToNull(env.get(key.envName()));
    if (fromEnv != null) {
      return ConfigValue.fromEnv(key.envName(), fromEnv, key.isSecret());
    }
    String fromFile = blankToNull(fileValues.get(key.fileKey()));
    return fromFile == null ? null : ConfigValue.fromFile(key.fileKey(), fromFile, key.isSecret());
  }

  /** The settings of one client, file first so that the environment overwrites it. */
  private Map<String, ConfigValue> passedThrough(PassThrough client) {
    Map<String, ConfigValue> values = new TreeMap<>();
    fileValues.forEach((key, text) -> {
      String property = client.propertyOfFileKey(key);
      if (property != null && blankToNull(text) != null) {
        values.put(property, ConfigValue.fromFile(key, text, client.key(property).isSecret()));
      }
    });
    env.forEach((name, text) -> {
      String property = client.propertyOfEnv(name);
      if (property != null && blankToNull(text) != null) {
        values.put(property, ConfigValue.fromEnv(name, text, client.key(property).isSecret()));
      }
    });
    return values;
  }

  /** The service's own settings as given: other file keys, and STROOMLIJN_* variables. */
  private Map<String, ConfigValue> serviceValues() {
    Map<String, ConfigValue> values = new TreeMap<>();
    fileValues.forEach((key, text) -> {
      boolean clientSetting = Arrays.stream(PassThrough.values()).anyMatch(client -> client.propertyOfFileKey(key) != null);
      if (!clientSetting && blankToNull(text) != null) {
        values.put(key, ConfigValue.fromFile(key, text, ConfigKey.isSecret(key)));
      }
    });
    env.forEach((name, text) -> {
      if (name.startsWith(ConfigKey.SERVICE_ENV_PREFIX) && blankToNull(text) != null) {
        values.put(name, ConfigValue.fromEnv(name, text, ConfigKey.isSecret(name)));
      }
    });
    return values;
  }

  private static void appendSection(StringBuilder text, String title, Map<String, ConfigValue> values) {
    text.append('\n').append(title).append(':');
    if (values.isEmpty()) {
      text.append(" none");
    }
    values.forEach((name, value) -> text.append("\n  ").append(name).append(" = ")
        .append(value.shown()).append("  (").append(value.origin()).append(')'));
  }

  private static Properties toProperties(Map<String, ConfigValue> values) {
    Properties properties = new Properties();
    values.forEach((property, value) -> properties.setProperty(property, value.text()));
    return properties;
  }

  private static Map<String, String> readProperties(Path file) {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties properties = new Properties();
      properties.load(reader);
      return properties.stringPropertyNames().stream()
          .collect(Collectors.toMap(Function.identity(), properties::getProperty));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException("cannot read configuration file " + file + ": " + e, e);
    }
  }

  private static Duration parseDuration(String text) {
    Matcher shorthand = SHORT_DURATION.matcher(text);
    Duration duration;
    if (shorthand.matches()) {
      long amount = Long.parseLong(shorthand.group(1));
      duration = switch (shorthand.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    } else {
      duration = Duration.parse(text);
    }
    if (duration.isNegative()) {
      throw new IllegalArgumentException("negative");
    }
    return duration;
  }

  private static URI parseUrl(String text) {
    URI uri = URI.create(text);
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw new IllegalArgumentException("not an absolute URL with a host");
    }
    return uri;
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
