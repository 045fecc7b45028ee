package nl.stroomlijn.ingest.gateway;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import nl.stroomlijn.ingest.gateway.validation.AssetCatalog;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compacted asset topic as a table in memory, kept current by a consumer thread that reads every
 * partition from the beginning (no consumer group: every gateway instance holds the whole table).
 * Tombstones remove assets. Loaded once it has read up to the end offsets it found at start.
 */
public final class KafkaAssetCatalog implements AssetCatalog, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaAssetCatalog.class);

  private final Map<String, AssetDefinition> assets = new ConcurrentHashMap<>();
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Deserializer<AssetDefinition> deserializer;
  private final CountDownLatch loaded = new CountDownLatch(1);
  private final Thread thread;
  private final Topic<AssetDefinition> topic;
  private volatile boolean running = true;

  /**
   * @param topic            the asset topic, compacted, keyed by asset id
   * @param clientProperties Kafka client settings passed through (TLS, SASL)
   */
  public KafkaAssetCatalog(String bootstrapServers, SchemaRegistry registry, Topic<AssetDefinition> topic,
      Properties clientProperties) {
    this.topic = topic;
    Properties props = new Properties();
    props.putAll(clientProperties);
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.CLIENT_ID_CONFIG, "stroomlijn-gateway-assets");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    deserializer = AvroSerde.specific(AssetDefinition.class, registry).deserializer();
    thread = new Thread(this::follow, "gateway-assets");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public Optional<AssetDefinition> find(String assetId) {
    return Optional.ofNullable(assetId == null ? null : assets.get(assetId));
  }

  public boolean isLoaded() {
    return loaded.getCount() == 0;
  }

  public int size() {
    return assets.size();
  }

  /** Waits until the table holds what the topic held at start; false on timeout. */
  public boolean awaitLoaded(Duration timeout) throws InterruptedException {
    return loaded.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void follow() {
    try (consumer) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofMinutes(1)).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          apply(record);
        }
        if (loaded.getCount() > 0 && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
          log.info("asset table loaded: {} assets", assets.size());
          loaded.countDown();
        }
      }
    } catch (WakeupException e) {
      // close() asked to stop
    } catch (RuntimeException e) {
      log.error("the asset table stopped following {}", topic.name(), e);
    }
  }

  private void apply(ConsumerRecord<byte[], byte[]> record) {
    String key = new String(record.key(), StandardCharsets.UTF_8);
    if (record.value() == null) {
      assets.remove(key);
      return;
    }
    try {
      assets.put(key, deserializer.deserialize(record.topic(), record.value()));
    } catch (RuntimeException e) {
      log.warn("skipping asset {} at {}-{}@{}: {}", key, record.topic(), record.partition(), record.offset(), e.getMessage());
    }
  }
}
