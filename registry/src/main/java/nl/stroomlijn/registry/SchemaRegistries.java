package nl.stroomlijn.registry;

/** Connects to the registry a configuration names. */
public final class SchemaRegistries {

  private SchemaRegistries() {
  }

  /** A cached client of the REST registry at the configured URLs, or the in-memory registry of a {@code mock://} scope. */
  public static SchemaRegistry connect(RegistryConfig config) {
    SchemaRegistry registry = config.isMock()
        ? InMemorySchemaRegistry.forScope(config.mockScope())
        : new RestSchemaRegistry(config);
    return new CachingSchemaRegistry(registry);
  }
}
