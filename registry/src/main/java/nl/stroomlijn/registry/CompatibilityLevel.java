package nl.stroomlijn.registry;

import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** The compatibility levels of the Confluent Schema Registry, and what each demands of a new schema. */
public enum CompatibilityLevel {
  NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

  /**
   * Whether a new schema may follow the given versions (oldest first) under this level.
   * BACKWARD: the new schema reads data written with the latest; FORWARD: the latest reads data
   * written with the new one; FULL: both. TRANSITIVE levels check every version, not just the latest.
   */
  public boolean allows(Schema candidate, List<Schema> existing) {
    if (this == NONE || existing.isEmpty()) {
      return true;
    }
    List<Schema> against = name().endsWith("_TRANSITIVE") ? existing : List.of(existing.get(existing.size() - 1));
    boolean backward = name().startsWith("BACKWARD") || name().startsWith("FULL");
    boolean forward = name().startsWith("FORWARD") || name().startsWith("FULL");
    return against.stream().allMatch(old ->
        (!backward || canRead(candidate, old)) && (!forward || canRead(old, candidate)));
  }

  private static boolean canRead(Schema reader, Schema writer) {
    return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getType()
        == SchemaCompatibilityType.COMPATIBLE;
  }
}
