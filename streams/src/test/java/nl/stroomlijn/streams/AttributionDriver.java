package nl.stroomlijn.streams;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.Allocation;
import nl.stroomlijn.schemas.AllocationRule;
import nl.stroomlijn.schemas.AllocationTarget;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.MachineSpec;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.MeterSpec;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topics;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The attribution topology in a TopologyTestDriver, with builders for a small plant and its events. */
final class AttributionDriver implements AutoCloseable {

  /** 2026-01-01T00:00Z, a multiple of 15 minutes. */
  static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
  static final long MINUTE = 60_000;
  static final String SITE = "site-1";
  static final String LINE = "line-1";

  final AttributionConfig config;
  final PrometheusRegistry prometheus = new PrometheusRegistry();
  final TopologyTestDriver driver;
  private final Path stateDir;
  private final TestInputTopic<String, AssetDefinition> assets;
  private final TestInputTopic<String, SensorReading> readings;
  private final TestInputTopic<String, MachineState> states;
  private final TestInputTopic<String, ProductionEvent> production;
  private final TestInputTopic<String, byte[]> rawReadings;
  private final TestOutputTopic<String, AttributedConsumption> consumption;
  private final TestOutputTopic<byte[], DeadLetter> deadLetters;
  private final TestOutputTopic<String, AnomalyEpisode> anomalies;
  private final List<AttributedConsumption> slices = new ArrayList<>();

  AttributionDriver() {
    this(config -> config);
  }

  AttributionDriver(java.util.function.UnaryOperator<AttributionConfig> adjust) {
    String registryUrl = "mock://attribution-" + UUID.randomUUID();
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(registryUrl));
    AttributionMetrics metrics = new AttributionMetrics(prometheus);
    config = adjust.apply(AttributionConfig.defaults(registry).withMetrics(metrics));
    Properties props = AttributionApp.streamsProperties(new Properties(), "attribution-test", registryUrl, metrics, 0);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    // The driver commits and checkpoints (fsync) after every record: keep that off the disk where possible.
    Path shm = Path.of("/dev/shm");
    stateDir = (Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")))
        .resolve("stroomlijn-attribution-test-" + UUID.randomUUID());
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(AttributionTopology.buildTopology(config), props, Instant.ofEpochMilli(T0));
    assets = driver.createInputTopic(Topics.ASSETS.name(), new StringSerializer(),
        AvroSerde.specific(AssetDefinition.class, registry).serializer());
    readings = driver.createInputTopic(Topics.READINGS.name(), new StringSerializer(),
        AvroSerde.specific(SensorReading.class, registry).serializer());
    states = driver.createInputTopic(Topics.MACHINE_STATES.name(), new StringSerializer(),
        AvroSerde.specific(MachineState.class, registry).serializer());
    production = driver.createInputTopic(Topics.PRODUCTION.name(), new StringSerializer(),
        AvroSerde.specific(ProductionEvent.class, registry).serializer());
    rawReadings = driver.createInputTopic(Topics.READINGS.name(), new StringSerializer(), new ByteArraySerializer());
    consumption = driver.createOutputTopic(Topics.CONSUMPTION.name(), new StringDeserializer(),
        AvroSerde.specific(AttributedConsumption.class, registry).deserializer());
    deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.ByteArray().deserializer(),
        AvroSerde.specific(DeadLetter.class, registry).deserializer());
    anomalies = driver.createOutputTopic(Topics.ANOMALIES.name(), new StringDeserializer(),
        AvroSerde.specific(AnomalyEpisode.class, registry).deserializer());
  }

  // ---------------------------------------------------------------- plant

  AttributionDriver machine(String machineId) {
    assets.pipeInput(machineId, AssetDefinition.newBuilder().setAssetId(machineId).setKind(AssetKind.MACHINE)
        .setName(machineId).setParentId(LINE).setSiteId(SITE).setMachine(new MachineSpec(null, null))
        .setUpdatedAt(Instant.ofEpochMilli(T0)).build(), T0);
    return this;
  }

  AttributionDriver meter(String meterId, String machineId, MeasurementKind kind) {
    return meter(meterId, machineId, kind, "kWh", null, null);
  }

  AttributionDriver meter(String meterId, String machineId, MeasurementKind kind, String unit, Double rollover,
                          Long intervalMillis) {
    return define(meterId, machineId, MeterSpec.newBuilder().setMedium(Medium.ELECTRICITY).setMeasurement(kind)
        .setUnit(unit).setRolloverValue(rollover).setIntervalMillis(intervalMillis).build());
  }

  /** A shared meter on the line; for FIXED_SHARES, {@code shares} in target order. */
  AttributionDriver sharedMeter(String meterId, AllocationRule rule, List<String> machineIds, double... shares) {
    List<AllocationTarget> targets = new ArrayList<>();
    for (int i = 0; i < machineIds.size(); i++) {
      targets.add(new AllocationTarget(machineIds.get(i), shares.length == 0 ? null : shares[i]));
    }
    return define(meterId, LINE, MeterSpec.newBuilder().setMedium(Medium.ELECTRICITY)
        .setMeasurement(MeasurementKind.CUMULATIVE_COUNTER).setUnit("kWh")
        .setAllocation(new Allocation(rule, targets)).build());
  }

  AttributionDriver define(String meterId, String ownerId, MeterSpec spec) {
    assets.pipeInput(meterId, AssetDefinition.newBuilder().setAssetId(meterId).setKind(AssetKind.METER)
        .setName(meterId).setParentId(ownerId).setSiteId(SITE).setMeter(spec)
        .setUpdatedAt(Instant.ofEpochMilli(T0)).build(), T0);
    return this;
  }

  // ---------------------------------------------------------------- events

  AttributionDriver reading(String meterId, long time, double value) {
    return reading(meterId, time, value, Quality.GOOD);
  }

  AttributionDriver reading(String meterId, long time, double value, Quality quality) {
    readings.pipeInput(meterId, SensorReading.newBuilder().setSensorId(meterId).setTimestamp(Instant.ofEpochMilli(time))
        .setValue(value).setUnit("kWh").setQuality(quality).setSource("test")
        .setReceivedAt(Instant.ofEpochMilli(time)).build(), time);
    return this;
  }

  AttributionDriver rawReading(String key, byte[] value) {
    rawReadings.pipeInput(key, value, T0);
    return this;
  }

  AttributionDriver state(String machineId, long time, OperatingState state) {
    states.pipeInput(machineId, MachineState.newBuilder().setMachineId(machineId).setTimestamp(Instant.ofEpochMilli(time))
        .setState(state).setSource("test").build(), time);
    return this;
  }

  AttributionDriver orderStarted(String machineId, long time, String orderId, String productId) {
    return production(machineId, time, ProductionEventType.ORDER_STARTED, orderId, productId, 0, 0);
  }

  AttributionDriver orderEnded(String machineId, long time, String orderId, String productId) {
    return production(machineId, time, ProductionEventType.ORDER_ENDED, orderId, productId, 0, 0);
  }

  AttributionDriver units(String machineId, long time, String orderId, String productId, long good, long scrap) {
    return production(machineId, time, ProductionEventType.UNITS_PRODUCED, orderId, productId, good, scrap);
  }

  AttributionDriver production(String machineId, long time, ProductionEventType type, String orderId, String productId,
                               long good, long scrap) {
    production.pipeInput(machineId, ProductionEvent.newBuilder().setMachineId(machineId)
        .setTimestamp(Instant.ofEpochMilli(time)).setType(type).setOrderId(orderId).setProductId(productId)
        .setGoodUnits(good).setScrapUnits(scrap).setSource("test").build(), time);
    return this;
  }

  /** Pipes a record of any input topic (the emission factors, which the app does not read, are skipped). */
  AttributionDriver pipe(String topic, String key, org.apache.avro.specific.SpecificRecord value, long timestamp) {
    if (value instanceof AssetDefinition asset) {
      assets.pipeInput(key, asset, timestamp);
    } else if (value instanceof SensorReading reading) {
      readings.pipeInput(key, reading, timestamp);
    } else if (value instanceof MachineState state) {
      states.pipeInput(key, state, timestamp);
    } else if (value instanceof ProductionEvent event) {
      production.pipeInput(key, event, timestamp);
    }
    return this;
  }

  /** Lets the wall clock pass the idle flush: every buffered reading final, every pending interval sliced. */
  AttributionDriver flush() {
    driver.advanceWallClockTime(config.idleFlush().plusSeconds(1));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    return this;
  }

  // ---------------------------------------------------------------- results

  /** Every slice written so far. */
  List<AttributedConsumption> slices() {
    slices.addAll(consumption.readValuesToList());
    return slices;
  }

  /** The slices written since the last read, as records: key, value and Kafka timestamp. */
  List<org.apache.kafka.streams.test.TestRecord<String, AttributedConsumption>> sliceRecords() {
    var records = consumption.readRecordsToList();
    records.forEach(record -> slices.add(record.value()));
    return records;
  }

  List<DeadLetter> deadLetters() {
    return deadLetters.readValuesToList();
  }

  List<AnomalyEpisode> anomalies() {
    return anomalies.readValuesToList();
  }

  /** Sum of the slices' quantities, in micro-units. */
  long totalMicro() {
    return slices().stream().mapToLong(slice -> micro(slice.getQuantity())).sum();
  }

  static long micro(BigDecimal quantity) {
    return quantity.movePointRight(6).longValueExact();
  }

  /** The slices' quantities in micro-units, in output order. */
  long[] quantities() {
    return slices().stream().mapToLong(slice -> micro(slice.getQuantity())).toArray();
  }

  double metric(String name, String... labelValues) {
    String family = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
    return prometheus.scrape().stream().filter(m -> m.getMetadata().getPrometheusName().equals(family))
        .flatMap(m -> m.getDataPoints().stream())
        .filter(point -> Arrays.asList(labelValues).stream().allMatch(v -> point.getLabels().toString().contains(v)))
        .mapToDouble(point -> point instanceof io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot c
            ? c.getValue() : 0).sum();
  }

  @Override
  public void close() {
    driver.close();
    try (var paths = Files.walk(stateDir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
