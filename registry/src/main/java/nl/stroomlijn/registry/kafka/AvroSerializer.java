package nl.stroomlijn.registry.kafka;

import java.util.Map;
import nl.stroomlijn.registry.avro.AvroCodec;
import nl.stroomlijn.topics.Subjects;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Writes Avro records in the Confluent wire format under the subject of the topic. */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {

  private AvroCodec<T> codec;
  private boolean isKey;

  /** For Kafka to create by class name; {@link #configure} connects it. */
  public AvroSerializer() {
  }

  AvroSerializer(AvroCodec<T> codec) {
    this.codec = codec;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    this.isKey = isKey;
    if (codec == null) {
      codec = AvroSerdeConfig.codec(configs);
    }
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (codec == null) {
      throw new IllegalStateException("AvroSerializer used before configure(): no schema registry to write with");
    }
    return codec.serialize(Subjects.of(topic, isKey), record);
  }
}
