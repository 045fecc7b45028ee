package nl.stroomlijn.service;

/**
 * The client settings handed to a library untouched, and how their names map. Kafka drops
 * its prefix ({@code KAFKA_SASL_JAAS_CONFIG} → {@code sasl.jaas.config}); the schema registry
 * client expects it kept ({@code SCHEMA_REGISTRY_URL} → {@code schema.registry.url}).
 */
enum PassThrough {
  KAFKA("KAFKA_", "kafka.", false),
  SCHEMA_REGISTRY("SCHEMA_REGISTRY_", "schema.registry.", true);

  private final String envPrefix;
  private final String filePrefix;
  private final boolean prefixInProperty;

  PassThrough(String envPrefix, String filePrefix, boolean prefixInProperty) {
    this.envPrefix = envPrefix;
    this.filePrefix = filePrefix;
    this.prefixInProperty = prefixInProperty;
  }

  /** Both spellings of a property of this client. */
  ConfigKey key(String property) {
    String name = prefixInProperty ? property.substring(filePrefix.length()) : property;
    return new ConfigKey(filePrefix + name, envPrefix + ConfigKey.envSpelling(name));
  }

  /** The property an environment variable sets, or {@code null} when it is not one of this client's. */
  String propertyOfEnv(String envName) {
    return envName.startsWith(envPrefix) && envName.length() > envPrefix.length() && !isForeign(envName)
        ? property(ConfigKey.propertySpelling(envName.substring(envPrefix.length())))
        : null;
  }

  /**
   * Variables with the prefix that are not client settings: Kubernetes service links of a Service
   * named after the client ({@code KAFKA_PORT=tcp://...}, {@code KAFKA_SERVICE_HOST}) and the JVM
   * options of Kafka's own scripts ({@code KAFKA_HEAP_OPTS}, {@code KAFKA_OPTS}).
   */
  private boolean isForeign(String envName) {
    String rest = envName.substring(envPrefix.length());
    return rest.equals("PORT") || rest.startsWith("PORT_") || rest.startsWith("SERVICE_")
        || rest.equals("OPTS") || rest.endsWith("_OPTS");
  }

  /** The property a file key sets, or {@code null} when it is not one of this client's. */
  String propertyOfFileKey(String fileKey) {
    return fileKey.startsWith(filePrefix) && fileKey.length() > filePrefix.length()
        ? property(fileKey.substring(filePrefix.length()))
        : null;
  }

  private String property(String name) {
    return prefixInProperty ? filePrefix + name : name;
  }
}
