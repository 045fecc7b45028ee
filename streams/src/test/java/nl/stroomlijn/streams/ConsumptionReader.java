package nl.stroomlijn.streams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a topic {@code read_committed}, from given offsets on, as records come. */
final class ConsumptionReader<V> implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<V> deserializer;
  private final String topic;

  ConsumptionReader(String bootstrapServers, String topic, Deserializer<V> deserializer, Map<Integer, Long> from) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.deserializer = deserializer;
    this.topic = topic;
    List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
        .map(info -> new TopicPartition(topic, info.partition())).toList();
    consumer.assign(partitions);
    partitions.forEach(partition -> consumer.seek(partition, from.getOrDefault(partition.partition(), 0L)));
  }

  /** The committed end offset of each partition now: where a later reader starts to see only what comes after. */
  static Map<Integer, Long> endOffsets(String bootstrapServers, String topic) {
    try (ConsumptionReader<byte[]> reader = new ConsumptionReader<>(bootstrapServers, topic,
        (t, bytes) -> bytes, Map.of())) {
      Map<Integer, Long> ends = new HashMap<>();
      reader.consumer.endOffsets(reader.consumer.assignment())
          .forEach((partition, offset) -> ends.put(partition.partition(), offset));
      return ends;
    }
  }

  /** What arrived within {@code wait}. */
  List<V> poll(Duration wait) {
    List<V> values = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(wait)) {
      values.add(deserializer.deserialize(topic, record.value()));
    }
    return values;
  }

  @Override
  public void close() {
    consumer.close();
  }
}
