package nl.stroomlijn.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A schema registry in memory, behind {@code mock://scope} URLs: for unit tests and single-process
 * runs. Everything in one JVM that uses the same scope shares one registry, as with Confluent's
 * mock registry. Behaves like the real one where it matters: global ids shared across subjects
 * for the same schema, versions per subject, and compatibility enforced on register.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

  private static final Map<String, InMemorySchemaRegistry> SCOPES = new ConcurrentHashMap<>();

  private final String scope;
  private final Map<String, Integer> idsBySchema = new HashMap<>();
  private final Map<Integer, Schema> schemasById = new HashMap<>();
  private final Map<String, List<RegisteredSchema>> versionsBySubject = new HashMap<>();
  private final Map<String, CompatibilityLevel> compatibilityBySubject = new HashMap<>();
  private CompatibilityLevel globalCompatibility = CompatibilityLevel.BACKWARD;

  private InMemorySchemaRegistry(String scope) {
    this.scope = scope;
  }

  /** The registry of a scope, created on first use. */
  public static InMemorySchemaRegistry forScope(String scope) {
    return SCOPES.computeIfAbsent(scope, InMemorySchemaRegistry::new);
  }

  /** Forgets a scope, so the next test starts from an empty registry. */
  public static void dropScope(String scope) {
    SCOPES.remove(scope);
  }

  @Override
  public synchronized int register(String subject, Schema schema) {
    List<RegisteredSchema> versions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
    for (RegisteredSchema existing : versions) {
      if (sameText(existing.schema(), schema)) {
        return existing.id();
      }
    }
    if (!compatibility(subject).allows(schema, versions.stream().map(RegisteredSchema::schema).toList())) {
      throw new SchemaRegistryException("schema being registered under subject '" + subject
          + "' is incompatible with an earlier version (" + compatibility(subject) + "; mock registry " + scope + ")",
          subject, null, 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA, null);
    }
    int id = idsBySchema.computeIfAbsent(schema.toString(), s -> {
      int next = idsBySchema.size() + 1;
      schemasById.put(next, schema);
      return next;
    });
    versions.add(new RegisteredSchema(subject, versions.size() + 1, id, schema));
    return id;
  }

  @Override
  public synchronized RegisteredSchema lookup(String subject, Schema schema) {
    return versions(subject).stream().filter(v -> sameText(v.schema(), schema)).findFirst()
        .orElseThrow(() -> notFound("schema not registered under subject '" + subject + "'", subject, null,
            SchemaRegistryException.SCHEMA_NOT_FOUND));
  }

  @Override
  public synchronized Schema schemaById(int id) {
    Schema schema = schemasById.get(id);
    if (schema == null) {
      throw notFound("no schema with id " + id, null, id, SchemaRegistryException.SCHEMA_NOT_FOUND);
    }
    return schema;
  }

  @Override
  public synchronized RegisteredSchema latest(String subject) {
    List<RegisteredSchema> versions = versions(subject);
    return versions.get(versions.size() - 1);
  }

  @Override
  public synchronized RegisteredSchema version(String subject, int version) {
    List<RegisteredSchema> versions = versions(subject);
    if (version < 1 || version > versions.size()) {
      throw notFound("subject '" + subject + "' has no version " + version, subject, null,
          SchemaRegistryException.VERSION_NOT_FOUND);
    }
    return versions.get(version - 1);
  }

  @Override
  public synchronized List<String> subjects() {
    return List.copyOf(versionsBySubject.keySet());
  }

  @Override
  public synchronized boolean isCompatible(String subject, Schema schema) {
    List<RegisteredSchema> versions = versionsBySubject.getOrDefault(subject, List.of());
    return compatibility(subject).allows(schema, versions.stream().map(RegisteredSchema::schema).toList());
  }

  @Override
  public synchronized CompatibilityLevel compatibility(String subject) {
    return compatibilityBySubject.getOrDefault(subject, globalCompatibility);
  }

  @Override
  public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
    compatibilityBySubject.put(subject, level);
  }

  @Override
  public void close() {
    // The scope outlives any one client, as a real registry would.
  }

  /** Like a real registry, and unlike Avro's {@code Schema.equals}, a changed doc is a different schema. */
  private static boolean sameText(Schema a, Schema b) {
    return a.toString().equals(b.toString());
  }

  private List<RegisteredSchema> versions(String subject) {
    List<RegisteredSchema> versions = versionsBySubject.get(subject);
    if (versions == null || versions.isEmpty()) {
      throw notFound("subject '" + subject + "' not found", subject, null, SchemaRegistryException.SUBJECT_NOT_FOUND);
    }
    return versions;
  }

  private SchemaRegistryException notFound(String what, String subject, Integer id, int errorCode) {
    return new SchemaRegistryException(what + " (mock registry " + scope + ")", subject, id, 404, errorCode, null);
  }
}
