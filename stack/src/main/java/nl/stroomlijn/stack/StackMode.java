package nl.stroomlijn.stack;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Which stack to run: chosen by the system property {@value #PROPERTY} or else the environment
 * variable {@value #ENV}; {@code embedded} when neither is set.
 */
public enum StackMode {

  /** Kafka in this JVM and Apicurio Registry as a child process: needs only a JDK. */
  EMBEDDED,
  /** Kafka and Apicurio Registry in Docker containers (Testcontainers). */
  CONTAINERS;

  public static final String PROPERTY = "stroomlijn.stack";
  public static final String ENV = "STROOMLIJN_STACK";

  /** The mode the property or environment selects. */
  public static StackMode fromSettings() {
    return fromSettings(System.getProperty(PROPERTY), System.getenv(ENV));
  }

  static StackMode fromSettings(String property, String env) {
    if (property != null && !property.isBlank()) {
      return parse(property, "system property " + PROPERTY);
    }
    if (env != null && !env.isBlank()) {
      return parse(env, "environment variable " + ENV);
    }
    return EMBEDDED;
  }

  private static StackMode parse(String value, String source) {
    return Optional.of(value.trim().toUpperCase(Locale.ROOT))
        .flatMap(name -> Arrays.stream(values()).filter(mode -> mode.name().equals(name)).findFirst())
        .orElseThrow(() -> new IllegalArgumentException(source + " is '" + value + "', expected one of "
            + Arrays.stream(values()).map(StackMode::settingValue).collect(Collectors.joining(", "))));
  }

  /** How the setting spells this mode. */
  public String settingValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Starts a stack of this mode; the caller closes it. */
  public Stack start() {
    return switch (this) {
      case EMBEDDED -> EmbeddedStack.start();
      case CONTAINERS -> ContainerStack.start();
    };
  }
}
