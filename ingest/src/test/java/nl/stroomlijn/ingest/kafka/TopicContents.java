package nl.stroomlijn.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import java.util.Properties;
import java.util.function.Predicate;
import nl.stroomlijn.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic back (read_committed), from the beginning to its end offsets, for integration tests. */
public final class TopicContents {

  private TopicContents() {
  }

  /**
   * Switches time-based retention off for the topics: records carry their event time as Kafka
   * timestamp, and the broker's retention check (first run 30 s after start) deletes segments of
   * simulated or replayed history otherwise, depending on how long the shared stack has been up.
   */
  public static void keepHistory(String bootstrapServers, List<Topic<?>> topics) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new java.util.HashMap<>();
      for (Topic<?> topic : topics) {
        changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
            List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET)));
      }
      admin.incrementalAlterConfigs(changes).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot switch retention off: " + e.getCause(), e.getCause());
    }
  }

  /** Every record of the topic whose key passes the filter, partition by partition, in offset order. */
  public static List<ConsumerRecord<byte[], byte[]>> read(String bootstrapServers, Topic<?> topic,
      Predicate<String> keyFilter) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
             new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      var end = consumer.endOffsets(partitions);
      // The producer flushed before this is called, so the end offsets hold everything it sent.
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (keyFilter.test(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8))) {
            records.add(record);
          }
        }
      }
    }
    return records;
  }
}
