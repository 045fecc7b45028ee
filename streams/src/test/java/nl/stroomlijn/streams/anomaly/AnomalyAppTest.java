package nl.stroomlijn.streams.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
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
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnomalyAppTest {

  private static final long START = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();
  private static final long MINUTE = 60_000L;

  private TopologyTestDriver driver;
  private SchemaRegistry registry;
  private AnomalyConfig config;
  private TestInputTopic<String, SensorReading> readings;
  private TestInputTopic<String, AttributedConsumption> consumption;
  private TestInputTopic<String, ProductionEvent> production;
  private TestInputTopic<String, byte[]> rawReadings;
  private TestOutputTopic<String, AnomalyEpisode> anomalies;
  private TestOutputTopic<byte[], DeadLetter> deadLetters;

  @BeforeEach
  void start() {
    String url = "mock://anomaly-app-" + UUID.randomUUID();
    registry = SchemaRegistries.connect(RegistryConfig.of(url));
    config = AnomalyConfig.defaults(url);
    Properties base = new Properties();
    base.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    base.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/anomaly-app-test-" + UUID.randomUUID());
    driver = new TopologyTestDriver(AnomalyApp.buildTopology(config), AnomalyApp.streamsProperties(config, base));
    readings = driver.createInputTopic(config.readingsTopic(), Serdes.String().serializer(),
        AvroSerde.specific(SensorReading.class, registry).serializer());
    rawReadings = driver.createInputTopic(config.readingsTopic(), Serdes.String().serializer(), Serdes.ByteArray().serializer());
    consumption = driver.createInputTopic(config.consumptionTopic(), Serdes.String().serializer(),
        AvroSerde.specific(AttributedConsumption.class, registry).serializer());
    production = driver.createInputTopic(config.productionTopic(), Serdes.String().serializer(),
        AvroSerde.specific(ProductionEvent.class, registry).serializer());
    anomalies = driver.createOutputTopic(config.anomaliesTopic(), Serdes.String().deserializer(),
        AvroSerde.specific(AnomalyEpisode.class, registry).deserializer());
    deadLetters = driver.createOutputTopic(config.deadLetterTopic(), Serdes.ByteArray().deserializer(),
        AvroSerde.specific(DeadLetter.class, registry).deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void reading(String meter, long t, double kw) {
    SensorReading reading = SensorReading.newBuilder().setSensorId(meter).setTimestamp(Instant.ofEpochMilli(t)).setValue(kw)
        .setUnit("kW").setQuality(Quality.GOOD).setSource("test").setReceivedAt(Instant.ofEpochMilli(t)).build();
    readings.pipeInput(meter, reading, t);
  }

  @Test
  void anHourLongFaultOnAMeterIsOneEpisodeOpenedUpdatedAndClosed() {
    Random random = new Random(1);
    long t = START;
    for (int i = 0; i < 600; i++) {
      reading("em-1", t += 10_000, 20 + random.nextGaussian());
    }
    for (int i = 0; i < 360; i++) { // one hour at +15 kW
      reading("em-1", t += 10_000, 35 + random.nextGaussian());
    }
    for (int i = 0; i < 300; i++) {
      reading("em-1", t += 10_000, 20 + random.nextGaussian());
    }
    List<AnomalyEpisode> shifts = anomalies.readValuesToList().stream()
        .filter(e -> e.getKind() == AnomalyKind.LEVEL_SHIFT).toList();

    assertThat(shifts).isNotEmpty();
    assertThat(shifts.get(0).getStatus()).isEqualTo(EpisodeStatus.OPENED);
    assertThat(shifts.stream().filter(e -> e.getStatus() == EpisodeStatus.OPENED).count()).isEqualTo(1);
    AnomalyEpisode closed = shifts.get(shifts.size() - 1);
    assertThat(closed.getStatus()).isEqualTo(EpisodeStatus.CLOSED);
    assertThat(closed.getEpisodeId()).isEqualTo(shifts.get(0).getEpisodeId());
    assertThat(closed.getScopeId()).isEqualTo("em-1");
    assertThat(closed.getEnd().toEpochMilli() - closed.getStart().toEpochMilli()).isGreaterThan(50 * MINUTE);
    assertThat(closed.getExplanation()).contains("em-1").contains("kW").contains("level shift");
    assertThat(shifts.size()).as("records for an hour of fault").isLessThan(20);
  }

  @Test
  void aMachineDrawingPowerWhileIdleIsIdleWaste() {
    long t = START;
    for (int i = 0; i < 12; i++) { // an hour IDLE at 12 kW, threshold 1 kW
      AttributedConsumption slice = AttributedConsumption.newBuilder().setMachineId("press-4").setSiteId("site")
          .setMeterId("em-1").setMedium(Medium.ELECTRICITY).setState(OperatingState.IDLE)
          .setStart(Instant.ofEpochMilli(t)).setEnd(Instant.ofEpochMilli(t + 5 * MINUTE))
          .setQuantity(new BigDecimal("1.000000")).setUnit("kWh").build();
      consumption.pipeInput("press-4", slice, t + 5 * MINUTE);
      t += 5 * MINUTE;
    }
    List<AnomalyEpisode> idle = anomalies.readValuesToList();

    assertThat(idle).isNotEmpty().allSatisfy(e -> assertThat(e.getKind()).isEqualTo(AnomalyKind.IDLE_WASTE));
    assertThat(idle.get(0).getStatus()).isEqualTo(EpisodeStatus.OPENED);
    assertThat(idle.get(0).getExplanation()).isEqualTo("press-4 drew 12.0 kW while IDLE for 20 min (threshold 1.0 kW)");
  }

  @Test
  void anOrderFarAboveItsProductsUsualEnergyPerUnitIsAnOrderEpisode() {
    long t = START;
    for (int order = 0; order < 6; order++) {
      double kwh = order == 5 ? 30 : 10 + order % 2;
      String id = "order-" + order;
      production.pipeInput("press-4", event(id, ProductionEventType.ORDER_STARTED, t, 0), t);
      AttributedConsumption slice = AttributedConsumption.newBuilder().setMachineId("press-4").setSiteId("site")
          .setMeterId("em-1").setMedium(Medium.ELECTRICITY).setState(OperatingState.RUNNING).setOrderId(id).setProductId("bracket")
          .setStart(Instant.ofEpochMilli(t)).setEnd(Instant.ofEpochMilli(t + 60 * MINUTE))
          .setQuantity(new BigDecimal(kwh).setScale(6)).setUnit("kWh").build();
      consumption.pipeInput("press-4", slice, t + 60 * MINUTE);
      production.pipeInput("press-4", event(id, ProductionEventType.UNITS_PRODUCED, t + 60 * MINUTE, 100), t + 60 * MINUTE);
      production.pipeInput("press-4", event(id, ProductionEventType.ORDER_ENDED, t + 60 * MINUTE, 0), t + 60 * MINUTE);
      t += 120 * MINUTE;
    }
    production.pipeInput("press-4", event("order-6", ProductionEventType.ORDER_STARTED, t, 0), t);
    List<AnomalyEpisode> episodes = anomalies.readValuesToList();

    assertThat(episodes).extracting(AnomalyEpisode::getStatus).containsExactly(EpisodeStatus.OPENED, EpisodeStatus.CLOSED);
    assertThat(episodes.get(0).getKind()).isEqualTo(AnomalyKind.ENERGY_PER_UNIT);
    assertThat(episodes.get(0).getScopeId()).isEqualTo("order-5");
    assertThat(episodes.get(0).getObserved()).isEqualTo(0.3);
    assertThat(episodes.get(0).getExplanation()).contains("0.300 kWh per good unit of bracket");
  }

  @Test
  void aRunningOrderFarAboveItsProductsUsualIsReportedOnceWhileItRuns() {
    long t = START;
    for (int order = 0; order < 6; order++) {
      String id = "order-" + order;
      production.pipeInput("press-4", event(id, ProductionEventType.ORDER_STARTED, t, 0), t);
      for (int part = 0; part < 2; part++) { // order-5 runs at five times the usual energy per unit
        long end = t + (part + 1) * 40 * MINUTE;
        runningSlice(id, end - 40 * MINUTE, end, order == 5 ? 20 : 4 + order % 2 * 0.2);
        production.pipeInput("press-4", event(id, ProductionEventType.UNITS_PRODUCED, end, 40), end);
      }
      production.pipeInput("press-4", event(id, ProductionEventType.ORDER_ENDED, t + 80 * MINUTE, 0), t + 80 * MINUTE);
      t += 120 * MINUTE;
    }
    long orderFiveStart = t - 120 * MINUTE;
    production.pipeInput("press-4", event("order-6", ProductionEventType.ORDER_STARTED, t, 0), t);
    List<AnomalyEpisode> episodes = anomalies.readValuesToList();

    assertThat(episodes).extracting(AnomalyEpisode::getStatus).containsExactly(EpisodeStatus.OPENED, EpisodeStatus.CLOSED);
    assertThat(episodes.get(0).getScopeId()).isEqualTo("order-5");
    assertThat(episodes.get(0).getStart().toEpochMilli()).as("at its first count after half an hour").isEqualTo(orderFiveStart + 40 * MINUTE);
    assertThat(episodes.get(0).getObserved()).isEqualTo(0.5);
  }

  private void runningSlice(String order, long start, long end, double kwh) {
    consumption.pipeInput("press-4", AttributedConsumption.newBuilder().setMachineId("press-4").setSiteId("site")
        .setMeterId("em-1").setMedium(Medium.ELECTRICITY).setState(OperatingState.RUNNING).setOrderId(order).setProductId("bracket")
        .setStart(Instant.ofEpochMilli(start)).setEnd(Instant.ofEpochMilli(end))
        .setQuantity(new BigDecimal(kwh).setScale(6, RoundingMode.HALF_EVEN)).setUnit("kWh").build(), end);
  }

  private static ProductionEvent event(String order, ProductionEventType type, long t, long good) {
    return ProductionEvent.newBuilder().setMachineId("press-4").setTimestamp(Instant.ofEpochMilli(t)).setType(type)
        .setOrderId(order).setProductId("bracket").setGoodUnits(good).setScrapUnits(0).setSource("test").build();
  }

  @Test
  void eachMachinesOrderStartsAndEndsReachTheMeterDetectorsThroughTheAppsOwnTopic() {
    TestOutputTopic<String, ProductionEvent> machineOrders = driver.createOutputTopic(config.machineOrdersTopic(),
        Serdes.String().deserializer(), AvroSerde.specific(ProductionEvent.class, registry).deserializer());
    long t = START;
    production.pipeInput("press-4", event("order-1", ProductionEventType.ORDER_STARTED, t, 0), t);
    production.pipeInput("press-4", event("order-1", ProductionEventType.UNITS_PRODUCED, t += MINUTE, 10), t);
    production.pipeInput("press-4", event("order-1", ProductionEventType.ORDER_ENDED, t += MINUTE, 0), t);
    production.pipeInput("press-4", event("order-2", ProductionEventType.ORDER_STARTED, t += MINUTE, 0), t);
    production.pipeInput("press-4", event("order-2", ProductionEventType.UNITS_PRODUCED, t += MINUTE, 10), t);
    // A late end of the last order does not end the one running.
    production.pipeInput("press-4", event("order-1", ProductionEventType.ORDER_ENDED, t += MINUTE, 0), t);

    assertThat(machineOrders.readKeyValuesToList()).extracting(kv -> kv.key, kv -> kv.value.getOrderId(), kv -> kv.value.getType())
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("press-4", "order-1", ProductionEventType.ORDER_STARTED),
            org.assertj.core.groups.Tuple.tuple("press-4", "order-1", ProductionEventType.ORDER_ENDED),
            org.assertj.core.groups.Tuple.tuple("press-4", "order-2", ProductionEventType.ORDER_STARTED),
            org.assertj.core.groups.Tuple.tuple("press-4", "order-1", ProductionEventType.ORDER_ENDED));
    ProductionEvent current = driver.<String, ProductionEvent>getKeyValueStore(AnomalyApp.MACHINE_ORDER_STORE).get("press-4");
    assertThat(current.getOrderId()).isEqualTo("order-2");
    assertThat(current.getType()).isEqualTo(ProductionEventType.ORDER_STARTED);
  }

  @Test
  void anUnreadableRecordDoesNotStopTheApp() {
    rawReadings.pipeInput("em-9", new byte[] {7, 1, 2, 3}, START);
    Random random = new Random(3);
    for (int i = 0; i < 200; i++) {
      reading("em-1", START + 10_000L * i, 20 + random.nextGaussian());
    }
    reading("em-1", START + 10_000L * 200, 400);

    assertThat(anomalies.readValuesToList()).extracting(AnomalyEpisode::getKind).contains(AnomalyKind.SPIKE);
  }
}
