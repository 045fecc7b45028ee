package nl.stroomlijn.ingest.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What is written to a topic after a point: remembers the end offsets when made, reads up to the end offsets when asked. */
public final class TopicTail<V extends SpecificRecord> {

  private final String bootstrapServers;
  private final Topic<V> topic;
  private final SchemaRegistry registry;
  private final Map<TopicPartition, Long> start;

  public TopicTail(String bootstrapServers, Topic<V> topic, SchemaRegistry registry) {
    this.bootstrapServers = bootstrapServers;
    this.topic = topic;
    this.registry = registry;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      start = consumer.endOffsets(partitions(consumer));
    }
  }

  /** Every record written since this tail was made, decoded, partition by partition in offset order. */
  public List<V> read() {
    var deserializer = AvroSerde.specific(topic.valueType(), registry).deserializer();
    List<V> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer);
      consumer.assign(partitions);
      partitions.forEach(p -> consumer.seek(p, start.getOrDefault(p, 0L)));
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          records.add(deserializer.deserialize(record.topic(), record.value()));
        }
      }
    }
    return records;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  private List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> consumer) {
    return consumer.partitionsFor(topic.name()).stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
  }
}
