package nl.stroomlijn.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Remembers what never changes in a registry: the id of a schema under a subject, the schema of an
 * id, and a schema's version under a subject. A steady stream of records therefore costs no
 * registry calls after the first record of each schema. What can change (latest version,
 * compatibility, subjects) is always asked.
 */
public final class CachingSchemaRegistry implements SchemaRegistry {

  /** Far above the schemas one application sees; a runaway (e.g. a schema per record) is capped, not fatal. */
  private static final int MAX_ENTRIES = 10_000;

  private final SchemaRegistry delegate;
  private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<SubjectSchema, RegisteredSchema> versionBySubjectSchema = new ConcurrentHashMap<>();
  private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();

  /** Keyed by the schema's full text: Avro's {@code Schema.equals} ignores docs, a registry does not. */
  private record SubjectSchema(String subject, String schema) {
    SubjectSchema(String subject, Schema schema) {
      this(subject, schema.toString());
    }
  }

  public CachingSchemaRegistry(SchemaRegistry delegate) {
    this.delegate = delegate;
  }

  @Override
  public int register(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    Integer id = idBySubjectSchema.get(key);
    if (id == null) {
      id = delegate.register(subject, schema);
      remember(idBySubjectSchema, key, id);
      remember(schemaById, id, schema);
    }
    return id;
  }

  @Override
  public RegisteredSchema lookup(String subject, Schema schema) {
    SubjectSchema key = new SubjectSchema(subject, schema);
    RegisteredSchema registered = versionBySubjectSchema.get(key);
    if (registered == null) {
      registered = delegate.lookup(subject, schema);
      remember(versionBySubjectSchema, key, registered);
      remember(idBySubjectSchema, key, registered.id());
    }
    return registered;
  }

  @Override
  public Schema schemaById(int id) {
    Schema schema = schemaById.get(id);
    if (schema == null) {
      schema = delegate.schemaById(id);
      remember(schemaById, id, schema);
    }
    return schema;
  }

  @Override
  public RegisteredSchema latest(String subject) {
    return delegate.latest(subject);
  }

  @Override
  public RegisteredSchema version(String subject, int version) {
    return delegate.version(subject, version);
  }

  @Override
  public List<String> subjects() {
    return delegate.subjects();
  }

  @Override
  public boolean isCompatible(String subject, Schema schema) {
    return delegate.isCompatible(subject, schema);
  }

  @Override
  public CompatibilityLevel compatibility(String subject) {
    return delegate.compatibility(subject);
  }

  @Override
  public void setCompatibility(String subject, CompatibilityLevel level) {
    delegate.setCompatibility(subject, level);
  }

  @Override
  public void close() {
    delegate.close();
  }

  private static <K, V> void remember(Map<K, V> cache, K key, V value) {
    if (cache.size() >= MAX_ENTRIES) {
      cache.clear();
    }
    cache.put(key, value);
  }
}
