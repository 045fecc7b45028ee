package nl.stroomlijn.registry.kafka;

import java.util.Map;
import nl.stroomlijn.registry.avro.AvroCodec;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Avro records in the Confluent wire format (the schema id in each record names the
 * writer's schema). Bad bytes throw a {@link nl.stroomlijn.registry.avro.BadRecordException}.
 */
public final class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {

  private AvroCodec<T> codec;

  /** For Kafka to create by class name; {@link #configure} connects it. */
  public AvroDeserializer() {
  }

  AvroDeserializer(AvroCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    if (codec == null) {
      codec = AvroSerdeConfig.codec(configs);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (codec == null) {
      throw new IllegalStateException("AvroDeserializer used before configure(): no schema registry to read with");
    }
    return codec.deserialize(bytes);
  }
}
