package nl.stroomlijn.topics;

import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * A Kafka topic of the product: its name, the Avro record of its values, how its keys are
 * written and how the broker keeps it.
 *
 * @param name          topic name (the DESIGN.md default unless configured otherwise)
 * @param valueType     generated Avro class of the values; the subject is {@code <name>-value}
 * @param keyFormat     how keys are written
 * @param keyDescription what the key is, for humans (docs, CLI listings)
 * @param cleanupPolicy {@code delete} or {@code compact}
 * @param partitions    partitions the local stack creates it with
 */
public record Topic<V extends SpecificRecord>(
    String name,
    Class<V> valueType,
    KeyFormat keyFormat,
    String keyDescription,
    CleanupPolicy cleanupPolicy,
    int partitions) {

  /** Keys are plain UTF-8 strings, so that compaction and partitioning never depend on a schema id. */
  public enum KeyFormat { STRING, BYTES }

  public enum CleanupPolicy {
    DELETE, COMPACT;

    /** The value of the topic config {@code cleanup.policy}. */
    public String configValue() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public Topic {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(valueType, "valueType");
    if (name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    if (partitions < 1) {
      throw new IllegalArgumentException("topic " + name + " needs at least one partition, got " + partitions);
    }
  }

  /** The same topic under another name, for deployments that name topics their own way. */
  public Topic<V> withName(String newName) {
    return new Topic<>(newName, valueType, keyFormat, keyDescription, cleanupPolicy, partitions);
  }

  /** Schema registry subject of the values, by the topic name strategy. */
  public String valueSubject() {
    return Subjects.value(name);
  }
}
