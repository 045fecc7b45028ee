package nl.stroomlijn.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.ingest.sink.TeeSink;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's default plant, faults on, produced to a real broker and registry; the app
 * attributes it, and what {@code factory.consumption} holds ({@code read_committed}) equals the
 * simulator's ground truth in every cell: per meter, machine, line, site, order, product and
 * unassigned, per state and window. Then again with the app as a child process killed with
 * SIGKILL several times mid-run and restarted on the same state folder: still exactly the truth.
 */
@WithStack
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttributionIT {

  private static final long SEED = 20261125;
  private static final Duration SIMULATED = Duration.ofHours(6);
  private static final Duration DEADLINE = Duration.ofMinutes(6);

  private static GroundTruth truth;
  private static long lateReadings;

  @BeforeAll
  static void simulateIntoKafka(Stack stack) {
    Plant plant = PlantLoader.loadNamed("default");
    // Event times end about now: records carry them as timestamps, and older ones would fall to the topics' retention.
    Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(SIMULATED);
    SimulationOptions options = SimulationOptions.of(SEED, start, SIMULATED);
    truth = new GroundTruth(plant, options.reorderWindow().toMillis(), options.gapThreshold().toMillis());
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
    try (KafkaSink kafka = new KafkaSink(stack.bootstrapServers(), registry, Map.of())) {
      new Simulator(plant, options).run(new TeeSink(kafka, truth));
    }
    truth.compute();
    lateReadings = truth.meters().values().stream().mapToLong(GroundTruth.MeterTruth::late).sum();
    assertThat(lateReadings).as("the run has late readings").isPositive();
  }

  private static Map<String, String> environment(Stack stack, String applicationId, Path stateDir) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl());
    env.put("STROOMLIJN_APPLICATION_ID", applicationId);
    env.put("STROOMLIJN_STATE_DIR", stateDir.toString());
    env.put("STROOMLIJN_IDLE_FLUSH", "10s");
    env.put("STROOMLIJN_HTTP_PORT", "0");
    // A killed member must leave the group quickly for its restart to get the partitions back.
    env.put("KAFKA_SESSION_TIMEOUT_MS", "6000");
    env.put("KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    return env;
  }

  @Test
  @Order(1)
  void attributedConsumptionEqualsTheGroundTruth(Stack stack, @TempDir Path stateDir) {
    Map<Integer, Long> consumptionFrom = ConsumptionReader.endOffsets(stack.bootstrapServers(), Topics.CONSUMPTION.name());
    Map<Integer, Long> lettersFrom = ConsumptionReader.endOffsets(stack.bootstrapServers(), Topics.DEAD_LETTERS.name());
    try (AttributionApp app = AttributionApp.start(ServiceConfig.load(null,
        environment(stack, "attribution-it", stateDir)))) {
      awaitTruth(stack, consumptionFrom);
      assertThat(app.endpoints().registry().scrape().stream()
          .anyMatch(m -> m.getMetadata().getPrometheusName().startsWith("kafka_streams_"))).isTrue();
    }
    assertLateReadingsInTheDeadLetterTopic(stack, lettersFrom);
  }

  @Test
  @Order(2)
  void killedSeveralTimesAndRestartedStillEqualsTheGroundTruth(Stack stack, @TempDir Path work) throws Exception {
    Path logs = Files.createDirectories(Path.of("target", "attribution-it"));
    Map<Integer, Long> consumptionFrom = ConsumptionReader.endOffsets(stack.bootstrapServers(), Topics.CONSUMPTION.name());
    Map<String, String> env = environment(stack, "attribution-it-kill", work.resolve("state"));
    Random random = new Random(SEED);
    List<Process> started = new ArrayList<>();
    try {
      for (int kill = 0; kill < 3; kill++) {
        Process app = startChild(env, logs.resolve("app-" + kill + ".log"));
        started.add(app);
        Thread.sleep(8_000 + random.nextInt(6_000));
        app.destroyForcibly().waitFor();
      }
      started.add(startChild(env, logs.resolve("app-final.log")));
      awaitTruth(stack, consumptionFrom);
    } finally {
      for (Process process : started) {
        process.destroyForcibly().waitFor();
      }
    }
  }

  /** The app as a child JVM on the test classpath; {@code destroyForcibly} is SIGKILL. */
  private static Process startChild(Map<String, String> env, Path log) throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", "-cp", classpath, AttributionApp.class.getName());
    builder.environment().putAll(env);
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    return builder.start();
  }

  /** Reads the slices as they come until every meter's total is the truth's, then compares every cell. */
  private static void awaitTruth(Stack stack, Map<Integer, Long> from) {
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
    Map<String, Long> expectedPerMeter = new HashMap<>();
    truth.meters().forEach((id, meter) -> expectedPerMeter.put(id, meter.meteredMicro));
    Map<String, Long> perMeter = new HashMap<>();
    expectedPerMeter.keySet().forEach(id -> perMeter.put(id, 0L));
    TruthComparison comparison = new TruthComparison();
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    try (ConsumptionReader<AttributedConsumption> reader = new ConsumptionReader<>(stack.bootstrapServers(),
        Topics.CONSUMPTION.name(), AvroSerde.specific(AttributedConsumption.class, registry).deserializer(), from)) {
      while (!perMeter.equals(expectedPerMeter) && System.nanoTime() < deadline) {
        for (AttributedConsumption slice : reader.poll(Duration.ofSeconds(1))) {
          comparison.add(slice);
          perMeter.merge(slice.getMeterId(), AttributionDriver.micro(slice.getQuantity()), Long::sum);
        }
      }
      // Anything more (a slice written twice) would show now.
      for (AttributedConsumption slice : reader.poll(Duration.ofSeconds(5))) {
        comparison.add(slice);
        perMeter.merge(slice.getMeterId(), AttributionDriver.micro(slice.getQuantity()), Long::sum);
      }
    }
    assertThat(perMeter).as("metered per meter").isEqualTo(expectedPerMeter);
    comparison.assertEquals(truth);
  }

  private static void assertLateReadingsInTheDeadLetterTopic(Stack stack, Map<Integer, Long> from) {
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
    List<DeadLetter> late = new ArrayList<>();
    try (ConsumptionReader<DeadLetter> reader = new ConsumptionReader<>(stack.bootstrapServers(),
        Topics.DEAD_LETTERS.name(), AvroSerde.specific(DeadLetter.class, registry).deserializer(), from)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (late.size() < lateReadings && System.nanoTime() < deadline) {
        reader.poll(Duration.ofSeconds(1)).stream()
            .filter(letter -> letter.getApplication().equals("stroomlijn-attribution")).forEach(late::add);
      }
    }
    assertThat(late).hasSize((int) lateReadings)
        .allSatisfy(letter -> assertThat(letter.getReasonCode()).isEqualTo("LATE"));
  }
}
