package nl.stroomlijn.streams.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.function.Predicate;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * The anomaly application on a real broker and registry, exactly-once v2: a meter with an
 * hour-long level shift, a machine drawing power while idle and an unreadable record go in;
 * {@code factory.anomalies}, read committed, holds each fault as one episode opened and closed,
 * and the unreadable record is in the dead-letter topic with its reason.
 */
@WithStack
class AnomalyAppIT {

  private static final long START = Instant.parse("2024-03-04T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void publishesEpisodesExactlyOnceAndDeadLettersAnUnreadableRecord(Stack stack) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String meter = "it-em-" + run;
    String machine = "it-press-" + run;
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
    AnomalyConfig config = AnomalyConfig.defaults(stack.schemaRegistryUrl());
    byte[] unreadable = {7, 1, 2, 3};

    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(stack))) {
      Random random = new Random(1);
      long t = START;
      for (int i = 0; i < 1260; i++) { // 100 min at 20 kW, an hour at 35 kW, 50 min at 20 kW
        double kw = (i >= 600 && i < 960 ? 35 : 20) + random.nextGaussian();
        t += 10_000;
        send(producer, registry, config.readingsTopic(), meter, reading(meter, t, kw), t);
      }
      producer.send(new ProducerRecord<>(config.readingsTopic(), null, START, meter, unreadable));
      long s = START;
      for (int i = 0; i < 18; i++) { // an hour IDLE at 12 kW (threshold 1 kW), then half an hour RUNNING
        OperatingState state = i < 12 ? OperatingState.IDLE : OperatingState.RUNNING;
        send(producer, registry, config.consumptionTopic(), machine, slice(machine, state, s), s + 5 * MINUTE);
        s += 5 * MINUTE;
      }
      send(producer, registry, config.productionTopic(), machine, ProductionEvent.newBuilder().setMachineId(machine)
          .setTimestamp(Instant.ofEpochMilli(START)).setType(ProductionEventType.ORDER_STARTED).setOrderId("it-order-" + run)
          .setProductId("it-product").setSource("it").build(), START);
    }

    Properties base = new Properties();
    base.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    base.put(StreamsConfig.APPLICATION_ID_CONFIG, "anomaly-it-" + run);
    base.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("anomaly-it").toString());
    base.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
    AnomalyApp.createMachineOrdersTopic(config, base);
    AnomalyApp.createMachineOrdersTopic(config, base); // there already: left as it is
    try (Admin admin = Admin.create(base)) {
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, config.machineOrdersTopic());
      assertThat(admin.describeConfigs(List.of(topic)).all().get().get(topic).get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
          .isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    try (KafkaStreams streams = new KafkaStreams(AnomalyApp.buildTopology(config), AnomalyApp.streamsProperties(config, base))) {
      streams.start();

      List<AnomalyEpisode> shift = readUntil(stack, config.anomaliesTopic(), AvroSerde.specific(AnomalyEpisode.class, registry).deserializer(),
          e -> e.getScopeId().equals(meter) && e.getKind() == AnomalyKind.LEVEL_SHIFT, this::closes);
      List<AnomalyEpisode> idle = readUntil(stack, config.anomaliesTopic(), AvroSerde.specific(AnomalyEpisode.class, registry).deserializer(),
          e -> e.getScopeId().equals(machine), this::closes);
      List<DeadLetter> deadLetters = readUntil(stack, config.deadLetterTopic(), AvroSerde.specific(DeadLetter.class, registry).deserializer(),
          d -> d.getApplication().equals(AnomalyConfig.APPLICATION) && d.getOriginalKey() != null
              && ByteBuffer.wrap(meter.getBytes(java.nio.charset.StandardCharsets.UTF_8)).equals(d.getOriginalKey()), list -> !list.isEmpty());

      List<ProductionEvent> orders = readUntil(stack, config.machineOrdersTopic(),
          AvroSerde.specific(ProductionEvent.class, registry).deserializer(), e -> e.getMachineId().equals(machine), list -> !list.isEmpty());

      assertThat(orders).extracting(ProductionEvent::getOrderId).containsExactly("it-order-" + run);
      assertOneEpisodeOpenedAndClosed(shift);
      assertThat(shift.get(shift.size() - 1).getExplanation()).contains(meter).contains("level shift");
      assertOneEpisodeOpenedAndClosed(idle);
      assertThat(idle).allSatisfy(e -> assertThat(e.getKind()).isEqualTo(AnomalyKind.IDLE_WASTE));
      // Five-minute slices: the stretch is longer than the allowed 15 minutes at its fourth slice.
      assertThat(idle.get(0).getExplanation()).isEqualTo(machine + " drew 12.0 kW while IDLE for 20 min (threshold 1.0 kW)");
      assertThat(deadLetters).hasSize(1);
      DeadLetter letter = deadLetters.get(0);
      assertThat(letter.getSourceTopic()).isEqualTo(config.readingsTopic());
      assertThat(letter.getReasonCode()).isNotBlank();
      assertThat(letter.getReason()).isNotBlank();
      assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(unreadable));
    }
  }

  private boolean closes(List<AnomalyEpisode> episodes) {
    return !episodes.isEmpty() && episodes.get(episodes.size() - 1).getStatus() == EpisodeStatus.CLOSED;
  }

  private static void assertOneEpisodeOpenedAndClosed(List<AnomalyEpisode> episodes) {
    assertThat(episodes).as("episode records read").isNotEmpty();
    assertThat(episodes.get(0).getStatus()).as("first of %s", episodes.stream()
        .map(e -> e.getStatus() + " " + e.getEpisodeId() + " points " + e.getPoints() + " last seen " + e.getLastSeen()).toList())
        .isEqualTo(EpisodeStatus.OPENED);
    assertThat(episodes.stream().filter(e -> e.getStatus() == EpisodeStatus.OPENED).count()).isEqualTo(1);
    assertThat(episodes.get(episodes.size() - 1).getStatus()).isEqualTo(EpisodeStatus.CLOSED);
    assertThat(episodes).extracting(AnomalyEpisode::getEpisodeId).containsOnly(episodes.get(0).getEpisodeId());
  }

  /** Reads {@code topic} from the start, committed records only, until the matching ones satisfy {@code done}. */
  private static <V> List<V> readUntil(Stack stack, String topic, Deserializer<V> values, Predicate<V> matching,
      Predicate<List<V>> done) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    properties.put(ConsumerConfig.GROUP_ID_CONFIG, "anomaly-it-reader-" + UUID.randomUUID());
    properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<V> found = new ArrayList<>();
    try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(properties, new StringDeserializer(), values)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (!done.test(found) && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(500))) {
          if (matching.test(record.value())) {
            found.add(record.value());
          }
        }
      }
    }
    return found;
  }

  private static Map<String, Object> producerProperties(Stack stack) {
    return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
        ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
        ProducerConfig.ACKS_CONFIG, "all");
  }

  @SuppressWarnings("unchecked")
  private static <V extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, SchemaRegistry registry,
      String topic, String key, V value, long timestamp) {
    byte[] bytes = AvroSerde.specific((Class<V>) value.getClass(), registry).serializer().serialize(topic, value);
    producer.send(new ProducerRecord<>(topic, null, timestamp, key, bytes));
  }

  private static SensorReading reading(String meter, long t, double kw) {
    return SensorReading.newBuilder().setSensorId(meter).setTimestamp(Instant.ofEpochMilli(t)).setValue(kw)
        .setUnit("kW").setQuality(Quality.GOOD).setSource("it").setReceivedAt(Instant.ofEpochMilli(t)).build();
  }

  private static AttributedConsumption slice(String machine, OperatingState state, long start) {
    return AttributedConsumption.newBuilder().setMachineId(machine).setSiteId("it-site").setMeterId(machine + "/em")
        .setMedium(Medium.ELECTRICITY).setState(state).setStart(Instant.ofEpochMilli(start))
        .setEnd(Instant.ofEpochMilli(start + 5 * MINUTE)).setQuantity(new BigDecimal("1.000000")).setUnit("kWh").build();
  }
}
