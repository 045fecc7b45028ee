package nl.stroomlijn.streams.anomaly;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import nl.stroomlijn.ingest.plant.FaultKind;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.SimulationReport;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.RecordSink;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.Stores;

/**
 * Runs the default plant through the simulator in memory and its records through the anomaly
 * application (TopologyTestDriver): assets, readings, machine states and production events as delivered, and
 * consumption slices derived from the readings. The attribution application is not part of this
 * test: in the driver its RocksDB stores flush on every record, and these runs took 54 minutes
 * through it instead of 4, with the same anomalies found (cli's DemoIT runs both apps on a broker).
 *
 * <p>How the slices are derived (simpler than the attribution app: no exact micro-unit split, no
 * gaps, late readings or shared meters): each GOOD reading of a machine's own electricity meter
 * closes the span from the meter's previous reading (interval meters: its interval) with the
 * energy in between (counter: the register's rise, a drop is skipped; instantaneous power: the
 * previous reading held; interval total: the reading; interval average: the reading times the
 * interval), split at the machine's changes of state and order within it in proportion to time,
 * as the attribution app splits a reading that spans them.
 */
final class SimulatedPlant {

  static final Instant START = Instant.parse("2026-01-05T00:00:00Z");
  private static final double HOUR = 3_600_000.0;

  /** What the application made of a simulation. */
  record Outcome(Plant plant, SimulationReport report, List<AnomalyEpisode> episodes) {
  }

  private SimulatedPlant() {
  }

  /** The default plant with only these fault rates. */
  static Plant defaultPlant(Map<FaultKind, Double> faults) {
    return PlantLoader.loadNamed("default").withFaults(faults);
  }

  static Outcome run(Plant plant, long seed, Duration duration) {
    String url = "mock://simulated-plant-" + UUID.randomUUID();
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(url));
    AnomalyConfig config = AnomalyConfig.defaults(url);
    Properties base = new Properties();
    base.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    base.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/simulated-plant-" + UUID.randomUUID());
    try (TopologyTestDriver driver = new TopologyTestDriver(
        AnomalyApp.buildTopology(config, AnomalyMetrics.unregistered(), Stores::inMemoryKeyValueStore), AnomalyApp.streamsProperties(config, base))) {
      DriverSink sink = new DriverSink(plant, driver, config, registry);
      SimulationReport report = new Simulator(plant, SimulationOptions.of(seed, START, duration)).run(sink);
      return new Outcome(plant, report, sink.episodes);
    }
  }

  /**
   * Pipes what the simulator delivers straight into the application, in delivery order (a
   * million records of two simulated days need not sit in memory first), and collects the episodes.
   */
  private static final class DriverSink implements RecordSink {

    private final Slicer slicer;
    private final TestInputTopic<String, AssetDefinition> assets;
    private final TestInputTopic<String, SensorReading> readings;
    private final TestInputTopic<String, MachineState> machineStates;
    private final TestInputTopic<String, AttributedConsumption> consumption;
    private final TestInputTopic<String, ProductionEvent> production;
    private final TestOutputTopic<String, AnomalyEpisode> anomalies;
    /** The stores' changelogs, which the driver keeps in memory: drained as they fill. */
    private final List<TestOutputTopic<byte[], byte[]>> changelogs = new ArrayList<>();
    private final List<AnomalyEpisode> episodes = new ArrayList<>();
    private long sent;

    DriverSink(Plant plant, TopologyTestDriver driver, AnomalyConfig config, SchemaRegistry registry) {
      slicer = new Slicer(plant);
      assets = driver.createInputTopic(config.assetsTopic(),
          Serdes.String().serializer(), AvroSerde.specific(AssetDefinition.class, registry).serializer());
      readings = driver.createInputTopic(config.readingsTopic(),
          Serdes.String().serializer(), AvroSerde.specific(SensorReading.class, registry).serializer());
      machineStates = driver.createInputTopic(config.machineStatesTopic(),
          Serdes.String().serializer(), AvroSerde.specific(MachineState.class, registry).serializer());
      consumption = driver.createInputTopic(config.consumptionTopic(),
          Serdes.String().serializer(), AvroSerde.specific(AttributedConsumption.class, registry).serializer());
      production = driver.createInputTopic(config.productionTopic(),
          Serdes.String().serializer(), AvroSerde.specific(ProductionEvent.class, registry).serializer());
      anomalies = driver.createOutputTopic(config.anomaliesTopic(),
          Serdes.String().deserializer(), AvroSerde.specific(AnomalyEpisode.class, registry).deserializer());
      for (String store : List.of(MeterAnomalyProcessor.STORE, ProcessAnomalyProcessor.STORE)) {
        changelogs.add(driver.createOutputTopic(AnomalyConfig.APPLICATION + "-" + store + "-changelog",
            Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer()));
      }
    }

    @Override
    public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value, long timestamp) {
      if (value instanceof AssetDefinition asset) {
        assets.pipeInput(key, asset, timestamp);
      } else if (value instanceof MachineState state) {
        slicer.state(state);
        machineStates.pipeInput(key, state, timestamp);
      } else if (value instanceof ProductionEvent event) {
        slicer.production(event);
        production.pipeInput(key, event, timestamp);
      } else if (value instanceof SensorReading reading) {
        readings.pipeInput(key, reading, timestamp);
        for (AttributedConsumption slice : slicer.slices(reading)) {
          consumption.pipeInput(slice.getMachineId(), slice, slice.getEnd().toEpochMilli());
        }
      }
      episodes.addAll(anomalies.readValuesToList());
      if (++sent % 10_000 == 0) {
        changelogs.forEach(TestOutputTopic::readRecordsToList);
      }
    }
  }

  /** Consumption slices of machines' own electricity meters, from their readings. */
  private static final class Slicer {

    /** From {@code from} on, the machine was in {@code state} running {@code orderId} (null: none). */
    private record Segment(long from, OperatingState state, String orderId, String productId) {
    }

    private record Previous(long timestamp, double value) {
    }

    /** Enough of a machine's latest changes to cover its slowest meter's interval. */
    private static final int SEGMENTS_KEPT = 256;

    private final Map<String, Plant.Meter> electricityMeters = new HashMap<>();
    private final Map<String, ArrayDeque<Segment>> timelineByMachine = new HashMap<>();
    private final Map<String, Previous> previousByMeter = new HashMap<>();

    Slicer(Plant plant) {
      for (Plant.Meter meter : plant.meters()) {
        if (!meter.isShared() && meter.medium() == Medium.ELECTRICITY) {
          electricityMeters.put(meter.id(), meter);
        }
      }
    }

    void state(MachineState state) {
      Segment now = current(state.getMachineId());
      append(state.getMachineId(), new Segment(state.getTimestamp().toEpochMilli(), state.getState(), now.orderId(), now.productId()));
    }

    void production(ProductionEvent event) {
      Segment now = current(event.getMachineId());
      long t = event.getTimestamp().toEpochMilli();
      if (event.getType() == ProductionEventType.ORDER_STARTED) {
        append(event.getMachineId(), new Segment(t, now.state(), event.getOrderId(), event.getProductId()));
      } else if (event.getType() == ProductionEventType.ORDER_ENDED) {
        append(event.getMachineId(), new Segment(t, now.state(), null, null));
      }
    }

    private Segment current(String machineId) {
      ArrayDeque<Segment> timeline = timelineByMachine.get(machineId);
      return timeline == null || timeline.isEmpty() ? new Segment(Long.MIN_VALUE, OperatingState.IDLE, null, null) : timeline.peekLast();
    }

    private void append(String machineId, Segment segment) {
      ArrayDeque<Segment> timeline = timelineByMachine.computeIfAbsent(machineId, m -> new ArrayDeque<>());
      timeline.addLast(segment);
      if (timeline.size() > SEGMENTS_KEPT) {
        timeline.removeFirst();
      }
    }

    List<AttributedConsumption> slices(SensorReading reading) {
      Plant.Meter meter = electricityMeters.get(reading.getSensorId());
      if (meter == null || reading.getQuality() != Quality.GOOD) {
        return List.of();
      }
      long t = reading.getTimestamp().toEpochMilli();
      Previous previous = previousByMeter.put(meter.id(), new Previous(t, reading.getValue()));
      MeasurementKind measurement = meter.measurement();
      boolean interval = measurement == MeasurementKind.INTERVAL_TOTAL || measurement == MeasurementKind.INTERVAL_AVERAGE_RATE;
      if (previous == null || t <= previous.timestamp()) {
        return List.of();
      }
      long start = interval ? t - meter.intervalMillis() : previous.timestamp();
      double kwh = switch (measurement) {
        case CUMULATIVE_COUNTER -> reading.getValue() - previous.value();
        case INSTANTANEOUS_RATE -> previous.value() * (t - start) / HOUR;
        case INTERVAL_TOTAL -> reading.getValue();
        case INTERVAL_AVERAGE_RATE -> reading.getValue() * meter.intervalMillis() / HOUR;
      };
      if (kwh < 0) {
        return List.of(); // a rollover or reset: not this test's business
      }
      return split(meter, start, t, kwh);
    }

    /** The energy of [start, end] split at the machine's changes of state and order, in proportion to time. */
    private List<AttributedConsumption> split(Plant.Meter meter, long start, long end, double kwh) {
      String machineId = meter.machine().id();
      List<AttributedConsumption> slices = new ArrayList<>();
      Segment inEffect = new Segment(Long.MIN_VALUE, OperatingState.IDLE, null, null);
      long from = start;
      for (Segment change : timelineByMachine.getOrDefault(machineId, new ArrayDeque<>())) {
        if (change.from() >= end) {
          break;
        }
        if (change.from() > from) {
          slices.add(slice(meter, inEffect, from, change.from(), kwh * (change.from() - from) / (end - start)));
          from = change.from();
        }
        inEffect = change;
      }
      slices.add(slice(meter, inEffect, from, end, kwh * (end - from) / (end - start)));
      return slices;
    }

    private static AttributedConsumption slice(Plant.Meter meter, Segment segment, long start, long end, double kwh) {
      return AttributedConsumption.newBuilder().setMachineId(meter.machine().id()).setSiteId(meter.siteId()).setMeterId(meter.id())
          .setMedium(Medium.ELECTRICITY).setState(segment.state()).setOrderId(segment.orderId())
          .setProductId(segment.productId()).setStart(Instant.ofEpochMilli(start)).setEnd(Instant.ofEpochMilli(end))
          .setQuantity(BigDecimal.valueOf(kwh).setScale(6, RoundingMode.HALF_EVEN)).setUnit("kWh").build();
    }
  }
}
