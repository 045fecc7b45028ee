package nl.stroomlijn.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.SimulationReport;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.ingest.sink.TeeSink;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.ingest.truth.TruthFiles;
import nl.stroomlijn.jobs.testing.LocalCluster;
import nl.stroomlijn.jobs.truth.TruthKpis;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.TopicProvisioner;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.streams.AttributionApp;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real broker and registry: the simulator's default plant, faults on, goes through
 * the attribution app (Kafka Streams) and the streaming KPI job (Flink MiniCluster, parallelism 2,
 * Kafka connectors, exactly-once); the FINAL values on {@code factory.kpi} ({@code read_committed})
 * equal those {@link TruthKpis} derives from the simulator's ground truth files: sums exactly, ratios
 * from the exact sums.
 *
 * <p>The run crosses midnight UTC, so day windows close as well. The end of the data: a streaming
 * job closes a window only when event time passes its end plus the allowed lateness, and nothing
 * comes after the last records. The watermark the data guarantees is the earliest of the input
 * partitions' latest event times, less the out-of-orderness; every window truth has that is final
 * by it must be FINAL on the topic. Windows the idle partitions' watermarks close beyond it are
 * compared too.
 *
 * <p>The order of the job's input. The attribution app finishes before the job starts. Run on a
 * backlog, attribution writes {@code factory.consumption} far out of event-time order: one task per
 * site, each at its own pace, and within a site a machine's slices wait until the input partition
 * its events come from has passed them (streams/README.md, release rule and output order), and the
 * input partitions are upstream tasks that Kafka Streams does not keep in step on a backlog. Most
 * slices lie hours behind an earlier slice of their partition (printed). A job that kept up with the
 * topic would find them late. This one reads the finished topic while its watermark is still held at
 * the run's start by the plant definition's {@code updatedAt}, until the reference topics turn idle
 * ({@link #REFERENCE_HOLD}): every slice waits in the join and is then taken in event-time order.
 * Should reading take longer, the job writes the late slices to the DLQ and this test fails (it
 * asserts none).
 */
@WithStack
class SimulatedPlantKpiIT {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = LocalCluster.extension();

  private static final long SEED = 20260104;
  private static final Instant START = Instant.parse("2026-01-04T20:00:00Z");
  private static final Duration SIMULATED = Duration.ofHours(6);
  private static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofMinutes(1);
  /** Live, attribution's output lags by up to a metering interval (15 min) and the timeline rules: within this. */
  private static final Duration ALLOWED_LATENESS = Duration.ofMinutes(30);
  /**
   * The idle timeout: how long the plant definition (updated at the start of the run) holds the job's
   * watermark at the start, while the job reads attribution's whole output into its join (see above).
   */
  private static final Duration REFERENCE_HOLD = Duration.ofSeconds(60);
  private static final Duration DEADLINE = Duration.ofMinutes(6);
  /** No new KPI record for this long after the last awaited FINAL: what follows would show by then. */
  private static final Duration QUIET = Duration.ofSeconds(45);

  @Test
  void finalKpisOfTheSimulatedPlantEqualItsGroundTruth(Stack stack, @TempDir Path work) throws Exception {
    TopicProvisioner.keepHistory(stack.bootstrapServers(), Topics.all());
    long t0 = System.nanoTime();

    // 1. The simulation into the broker, with its ground truth as files.
    Plant plant = PlantLoader.loadNamed("default");
    SimulationOptions options = SimulationOptions.of(SEED, START, SIMULATED);
    GroundTruth truth = new GroundTruth(plant, options.reorderWindow().toMillis(), options.gapThreshold().toMillis());
    SimulationReport report;
    try (KafkaSink kafka = new KafkaSink(stack.bootstrapServers(),
        SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl())), Map.of())) {
      report = new Simulator(plant, options).run(new TeeSink(kafka, truth));
    }
    Path truthDir = work.resolve("truth");
    TruthFiles.write(truthDir, truth, report, SEED);
    TruthKpis expected = TruthKpis.load(truthDir);
    long t1 = System.nanoTime();

    // 2. Attribution until every slice truth counts is on factory.consumption.
    long slices = truth.meters().values().stream().mapToLong(m -> m.slices).sum();
    PartitionScan consumption;
    try (AttributionApp app = AttributionApp.start(ServiceConfig.load(null, attributionEnvironment(stack, work)))) {
      consumption = PartitionScan.await(stack, Topics.CONSUMPTION, slices, c -> c.getStart().toEpochMilli(),
          c -> c.getSiteId());
    }
    PartitionScan production = PartitionScan.await(stack, Topics.PRODUCTION,
        truth.recordsPerTopic().get(Topics.PRODUCTION.name()), p -> p.getTimestamp().toEpochMilli(), p -> "");
    long t2 = System.nanoTime();

    // 3. The streaming KPI job, until every window final by the guaranteed watermark is FINAL on factory.kpi.
    Instant watermark = Instant.ofEpochMilli(
        Math.min(consumption.earliestLatest(), production.earliestLatest()) - MAX_OUT_OF_ORDERNESS.toMillis() - 1);
    Set<TruthKpis.Key> awaited = expected.keysFinalBy(watermark, ALLOWED_LATENESS);
    KpiJobDeployment deployment = KpiJobDeployment.from(ServiceConfig.load(null, kpiEnvironment(stack)));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(deployment.flinkConfiguration());
    env.setParallelism(LocalCluster.PARALLELISM);
    JobClient job = deployment.job().executeAsync(env);
    List<KpiValue> kpis;
    try {
      kpis = readUntilFinal(stack, awaited);
    } finally {
      job.cancel().get();
    }
    long t3 = System.nanoTime();

    // 4. Compare with the truth.
    TruthKpis.Comparison comparison = expected.check(kpis);
    System.out.printf("simulated %s of the default plant (seed %d, %,d records) in %d s; attribution, %,d slices, "
            + "in %d s (%,d slices more than %s behind an earlier one of their partition, up to %s; "
            + "up to %s behind an earlier one of their partition and site); "
            + "KPI job in %d s, %,d records on factory.kpi%nguaranteed watermark %s: %,d FINAL values awaited%n%s",
        SIMULATED, SEED, report.records(), seconds(t1 - t0), slices, seconds(t2 - t1),
        consumption.behindMoreThanLateness(), ALLOWED_LATENESS, Duration.ofMillis(consumption.mostBehindMillis()),
        Duration.ofMillis(consumption.mostBehindOfWriterMillis()),
        seconds(t3 - t2), kpis.size(), watermark, awaited.size(), comparison);
    assertThat(comparison.keys()).as("every window final by the guaranteed watermark is FINAL").containsAll(awaited);
    for (String kpi : TruthKpis.DERIVED) {
      for (ScopeType scope : List.of(ScopeType.MACHINE, ScopeType.LINE, ScopeType.SITE, ScopeType.ORDER,
          ScopeType.PRODUCT)) {
        assertThat(comparison.count(kpi, scope)).as(kpi + " of " + scope).isGreaterThanOrEqualTo(40);
      }
    }
    Map<KpiWindow, Long> awaitedWindows = awaited.stream().filter(k -> k.kpi().equals("energy_kwh"))
        .collect(Collectors.groupingBy(TruthKpis.Key::window, () -> new EnumMap<>(KpiWindow.class), Collectors.counting()));
    System.out.println("awaited windows (of each KPI): " + awaitedWindows);
    // Quarter hours and hours of all five scope types, the first day, the orders that ended in time.
    assertThat(awaitedWindows).hasSize(KpiWindow.values().length).allSatisfy((window, count) ->
        assertThat(count).as(window.toString()).isGreaterThanOrEqualTo(switch (window) {
          case MINUTES_15 -> 1000L;
          case HOUR_1 -> 200L;
          case DAY_1 -> 40L;
          case ORDER -> 20L;
        }));
    assertThat(lateRecordsOfTheJob(stack)).as("records the KPI job found late").isZero();
  }

  private static Map<String, String> attributionEnvironment(Stack stack, Path work) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl());
    env.put("STROOMLIJN_APPLICATION_ID", "kpi-e2e-attribution");
    env.put("STROOMLIJN_STATE_DIR", work.resolve("attribution-state").toString());
    env.put("STROOMLIJN_IDLE_FLUSH", "10s");
    env.put("STROOMLIJN_HTTP_PORT", "0");
    return env;
  }

  private static Map<String, String> kpiEnvironment(Stack stack) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl());
    env.put("STROOMLIJN_KPI_GROUP_ID", "kpi-e2e-" + UUID.randomUUID());
    env.put("STROOMLIJN_KPI_TRANSACTIONAL_ID_PREFIX", "kpi-e2e-" + UUID.randomUUID());
    env.put("STROOMLIJN_KPI_MAX_OUT_OF_ORDERNESS", MAX_OUT_OF_ORDERNESS.toSeconds() + "s");
    env.put("STROOMLIJN_KPI_ALLOWED_LATENESS", ALLOWED_LATENESS.toMinutes() + "m");
    env.put("STROOMLIJN_KPI_IDLE_TIMEOUT", REFERENCE_HOLD.toSeconds() + "s");
    env.put("STROOMLIJN_FLINK_CHECKPOINT_INTERVAL", "2s");
    return env;
  }

  /** Every record on factory.kpi (read_committed) until each awaited key has a FINAL and nothing came for {@link #QUIET}. */
  private static List<KpiValue> readUntilFinal(Stack stack, Set<TruthKpis.Key> awaited) {
    Set<TruthKpis.Key> missing = new HashSet<>(awaited);
    List<KpiValue> values = new ArrayList<>();
    try (Reader<KpiValue> reader = new Reader<>(stack, Topics.KPI)) {
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      long quietSince = System.nanoTime();
      while (System.nanoTime() < deadline) {
        List<ConsumerRecord<byte[], KpiValue>> batch = reader.poll();
        for (ConsumerRecord<byte[], KpiValue> record : batch) {
          values.add(record.value());
          if (record.value().getStatus() == KpiStatus.FINAL) {
            missing.remove(TruthKpis.Key.of(record.value()));
          }
        }
        if (!batch.isEmpty()) {
          quietSince = System.nanoTime();
        } else if (missing.isEmpty() && System.nanoTime() - quietSince > QUIET.toNanos()) {
          return values;
        }
      }
    }
    throw new AssertionError(missing.size() + " of " + awaited.size() + " awaited FINAL values not on "
        + Topics.KPI.name() + " within " + DEADLINE + ", e.g. " + missing.stream().limit(5).toList());
  }

  /** Dead letters the KPI job wrote: records it found late. */
  private static long lateRecordsOfTheJob(Stack stack) {
    long late = 0;
    try (Reader<DeadLetter> reader = new Reader<>(stack, Topics.DEAD_LETTERS)) {
      for (ConsumerRecord<byte[], DeadLetter> record : reader.readToEnd()) {
        if (record.value().getApplication().equals(LateRecords.APPLICATION)) {
          late++;
        }
      }
    }
    return late;
  }

  private static long seconds(long nanos) {
    return Duration.ofNanos(nanos).toSeconds();
  }

  /**
   * An input topic of the job, read to its expected record count, partition by partition in offset
   * order: each partition's latest event time, and how far a record's lay behind the latest before it.
   *
   * @param earliestLatest   the earliest of the partitions' latest event times (partitions with records)
   * @param mostBehindMillis the most a record's event time lay behind an earlier record's in its partition
   * @param behindMoreThanLateness records more than the allowed lateness behind an earlier record in their partition
   * @param mostBehindOfWriterMillis the same, behind an earlier record of their partition and writer (for slices:
   *                                 the site, one attribution task each)
   */
  private record PartitionScan(long earliestLatest, long mostBehindMillis, long behindMoreThanLateness,
                               long mostBehindOfWriterMillis) {

    static <T extends SpecificRecord> PartitionScan await(Stack stack, Topic<T> topic, long expected,
        ToLongFunction<T> eventTime, java.util.function.Function<T, String> writer) {
      Map<Integer, Long> latest = new HashMap<>();
      Map<String, Long> latestOfWriter = new HashMap<>();
      long mostBehind = 0;
      long mostBehindOfWriter = 0;
      long behindMoreThanLateness = 0;
      long count = 0;
      try (Reader<T> reader = new Reader<>(stack, topic)) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (count < expected && System.nanoTime() < deadline) {
          for (ConsumerRecord<byte[], T> record : reader.poll()) {
            long t = eventTime.applyAsLong(record.value());
            long behind = latest.merge(record.partition(), t, Math::max) - t;
            mostBehind = Math.max(mostBehind, behind);
            behindMoreThanLateness += behind > ALLOWED_LATENESS.toMillis() ? 1 : 0;
            mostBehindOfWriter = Math.max(mostBehindOfWriter,
                latestOfWriter.merge(record.partition() + "/" + writer.apply(record.value()), t, Math::max) - t);
            count++;
          }
        }
      }
      assertThat(count).as("records on " + topic.name()).isEqualTo(expected);
      return new PartitionScan(latest.values().stream().mapToLong(Long::longValue).min().orElseThrow(), mostBehind,
          behindMoreThanLateness, mostBehindOfWriter);
    }
  }

  /** A read_committed reader of a whole topic from its start, values decoded. */
  private static final class Reader<T extends SpecificRecord> implements AutoCloseable {
    private final KafkaConsumer<byte[], T> consumer;
    private final List<TopicPartition> partitions;

    Reader(Stack stack, Topic<T> topic) {
      Properties props = new Properties();
      props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
      props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
      Deserializer<T> values = AvroSerde.specific(topic.valueType(),
          SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()))).deserializer();
      consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), values);
      partitions = consumer.partitionsFor(topic.name()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    List<ConsumerRecord<byte[], T>> poll() {
      List<ConsumerRecord<byte[], T>> records = new ArrayList<>();
      consumer.poll(Duration.ofMillis(500)).forEach(records::add);
      return records;
    }

    /** Everything up to the end offsets as of now. */
    List<ConsumerRecord<byte[], T>> readToEnd() {
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<byte[], T>> records = new ArrayList<>();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        records.addAll(poll());
      }
      return records;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
