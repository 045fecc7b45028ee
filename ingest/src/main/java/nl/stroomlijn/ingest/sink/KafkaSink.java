package nl.stroomlijn.ingest.sink;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Produces records to Kafka: idempotent, {@code acks=all}, keys as UTF-8 strings, values as Avro in
 * the Confluent wire format (subject {@code <topic>-value}). One producer keeps the delivery order
 * per partition. A failed send fails the next {@link #send} or {@link #flush}, so nothing is lost
 * silently.
 */
public final class KafkaSink implements RecordSink {

  private final KafkaProducer<byte[], byte[]> producer;
  private final SchemaRegistry registry;
  private final Map<String, Serializer<SpecificRecord>> serializers = new HashMap<>();
  private final AtomicReference<Exception> failure = new AtomicReference<>();

  /**
   * @param clientProperties passed through to the producer (TLS, SASL, tuning); the settings that
   *                         make delivery safe are forced
   */
  public KafkaSink(String bootstrapServers, SchemaRegistry registry, Map<String, String> clientProperties) {
    this.registry = registry;
    Properties props = new Properties();
    props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64L * 1024 * 1024));
    props.put(ProducerConfig.CLIENT_ID_CONFIG, "stroomlijn-ingest");
    props.putAll(clientProperties);
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    this.producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
  }

  @Override
  @SuppressWarnings("unchecked")
  public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value, long timestamp) {
    throwIfFailed();
    Serializer<SpecificRecord> serializer = serializers.computeIfAbsent(topic.name(),
        name -> (Serializer<SpecificRecord>) (Serializer<?>) AvroSerde.specific(topic.valueType(), registry).serializer());
    byte[] bytes = serializer.serialize(topic.name(), value);
    producer.send(new ProducerRecord<>(topic.name(), null, timestamp, key.getBytes(StandardCharsets.UTF_8), bytes),
        (metadata, error) -> {
          if (error != null) {
            failure.compareAndSet(null, error);
          }
        });
  }

  @Override
  public void flush() {
    producer.flush();
    throwIfFailed();
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      producer.close();
    }
  }

  private void throwIfFailed() {
    Exception error = failure.get();
    if (error != null) {
      throw new KafkaException("a record could not be produced: " + error.getMessage(), error);
    }
  }
}
