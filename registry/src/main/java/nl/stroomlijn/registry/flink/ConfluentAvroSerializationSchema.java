package nl.stroomlijn.registry.flink;

import java.io.Serial;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.avro.AvroCodec;
import nl.stroomlijn.topics.Subjects;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializationSchema;

/**
 * Writes Avro records in the Confluent wire format in a Flink sink, registering their schema
 * under {@code <topic>-value}. Carries only the registry configuration; each parallel instance
 * connects in {@link #open}.
 */
public final class ConfluentAvroSerializationSchema<T extends IndexedRecord> implements SerializationSchema<T> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final RegistryConfig registryConfig;
  private final String subject;
  private final Class<T> specificType;
  private transient AvroCodec<T> codec;

  private ConfluentAvroSerializationSchema(RegistryConfig registryConfig, String subject, Class<T> specificType) {
    this.registryConfig = registryConfig;
    this.subject = subject;
    this.specificType = specificType;
  }

  /** Writes generated records to a topic. */
  public static <T extends SpecificRecord> ConfluentAvroSerializationSchema<T> forSpecific(
      Class<T> type, String topic, RegistryConfig registryConfig) {
    return new ConfluentAvroSerializationSchema<>(registryConfig, Subjects.value(topic), type);
  }

  /** Writes generic records to a topic, each with its own schema. */
  public static ConfluentAvroSerializationSchema<GenericRecord> forGeneric(String topic, RegistryConfig registryConfig) {
    return new ConfluentAvroSerializationSchema<>(registryConfig, Subjects.value(topic), null);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void open(InitializationContext context) {
    var registry = SchemaRegistries.connect(registryConfig);
    codec = specificType != null
        ? (AvroCodec<T>) AvroCodec.specific((Class) specificType, registry, true)
        : (AvroCodec<T>) AvroCodec.generic(registry, null, true);
  }

  @Override
  public byte[] serialize(T element) {
    return codec.serialize(subject, element);
  }
}
