package nl.stroomlijn.registry.kafka;

import java.util.Map;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.avro.AvroCodec;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for Avro records in the Confluent wire format, subject {@code <topic>-value} (or
 * {@code <topic>-key} once configured for keys). Build one with {@link #specific} / {@link #generic}
 * for Kafka Streams, or name this class (e.g. as {@code default.value.serde}), or
 * {@link AvroSerializer} / {@link AvroDeserializer} as a client's serializer, and configure it with
 * Confluent's properties ({@code schema.registry.url}, {@code basic.auth.user.info}, ...) plus
 * {@value AvroSerdeConfig#SPECIFIC_TYPE} for generated classes.
 */
public final class AvroSerde<T extends IndexedRecord> implements Serde<T> {

  private final AvroSerializer<T> serializer;
  private final AvroDeserializer<T> deserializer;

  /** For Kafka to create by class name; {@link #configure} connects it. */
  public AvroSerde() {
    this.serializer = new AvroSerializer<>();
    this.deserializer = new AvroDeserializer<>();
  }

  private AvroSerde(AvroCodec<T> codec) {
    this.serializer = new AvroSerializer<>(codec);
    this.deserializer = new AvroDeserializer<>(codec);
  }

  /** A serde for a generated record class (values, unless configured for keys). */
  public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistry registry) {
    return new AvroSerde<>(AvroCodec.specific(type, registry, true));
  }

  /** A serde for generic records, resolved to {@code readerSchema} or, when null, read as written. */
  public static AvroSerde<GenericRecord> generic(SchemaRegistry registry, Schema readerSchema) {
    return new AvroSerde<>(AvroCodec.generic(registry, readerSchema, true));
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }
}
