package nl.stroomlijn.cli;

import io.prometheus.metrics.core.metrics.Gauge;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import nl.stroomlijn.cli.demo.DemoPipeline;
import nl.stroomlijn.cli.demo.DemoSource;
import nl.stroomlijn.cli.demo.LiveView;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantException;
import nl.stroomlijn.ingest.replay.MappingException;
import nl.stroomlijn.ingest.replay.Replay;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.ingest.sink.RecordSink;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.TopicSchemas;
import nl.stroomlijn.service.CheckResult;
import nl.stroomlijn.service.ConfigException;
import nl.stroomlijn.service.EndpointsConfig;
import nl.stroomlijn.service.ServiceEndpoints;
import nl.stroomlijn.stack.EmbeddedStack;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The whole pipeline on an embedded default: a real Kafka broker and schema registry on loopback,
 * every topic and contract, the simulator (or a replay), the ingest gateway, the attribution and
 * anomaly apps, the KPI job on a local Flink, and a live view of the results. Runs until Ctrl-C
 * or for {@code --duration}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Runs the whole Stroomlijn pipeline on an embedded default, nothing to install: a real Kafka broker",
        "(KRaft) and schema registry (Apicurio, on a Java 21+ found on this machine; otherwise an in-memory one)",
        "on 127.0.0.1; the factory simulator at demo pace (or a replay), the HTTP ingest gateway, the",
        "attribution and anomaly apps (Kafka Streams) and the KPI job (Flink); and a live view of energy,",
        "material and CO2e per product and the open anomaly episodes. Ctrl-C stops everything."})
final class DemoCommand implements Callable<Integer> {

  static final String SERVICE = "stroomlijn-demo";
  static final double SIMULATION_SPEED = 60;
  static final double REPLAY_SPEED = 3600;

  @Spec
  private CommandSpec spec;

  @Mixin
  private PlantOptions plantOptions;

  @Option(names = "--history", paramLabel = "DURATION", defaultValue = "PT8H",
      description = "The simulation starts this long before now and catches up at --speed, then runs in real time "
          + "(ISO-8601; default ${DEFAULT-VALUE}).")
  private Duration history;

  @Option(names = "--speed", paramLabel = "FACTOR",
      description = "Event time runs FACTOR times as fast as the wall clock (default 60 for the simulator: an hour a "
          + "minute; 3600 for a replay).")
  private Double speed;

  @Option(names = "--replay", paramLabel = "CSV", description = "Replay this recorded file instead of simulating.")
  private Path replayFile;

  @Option(names = {"-m", "--mapping"}, paramLabel = "NAME|FILE",
      description = "Mapping of the --replay file (YAML), or a shipped one: steel-industry-uci.")
  private String mapping;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Stop after this long (ISO-8601, e.g. PT10M); default: run until Ctrl-C.")
  private Duration duration;

  @Option(names = "--no-ui", description = "Plain log lines instead of the live screen.")
  private boolean noUi;

  @Option(names = "--truth", paramLabel = "DIR",
      description = "On stop, write the simulator's exact ground truth of what it delivered into DIR.")
  private Path truthDir;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9464",
      description = "Port of the demo's metrics and health endpoints on 127.0.0.1 (0 = any free port; default ${DEFAULT-VALUE}).")
  private int metricsPort;

  @Option(names = "--ingest-port", paramLabel = "PORT", defaultValue = "8090",
      description = "Port of the HTTP ingest endpoint on 127.0.0.1 (0 = any free port; default ${DEFAULT-VALUE}).")
  private int ingestPort;

  @Option(names = "--ingest-token", paramLabel = "TOKEN", defaultValue = "demo-token",
      description = "Bearer token the HTTP ingest endpoint accepts (default ${DEFAULT-VALUE}).")
  private String ingestToken;

  private final CountDownLatch stopRequested = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Function<RecordSink, DemoSource> source;
    try {
      source = source();
    } catch (IllegalArgumentException | UncheckedIOException | PlantException | MappingException e) {
      err.println(e.getMessage());
      return 2;
    }
    if (ingestPort != 0 && !free(ingestPort)) {
      err.println("Cannot serve HTTP ingest on 127.0.0.1:" + ingestPort + ": the port is in use. Choose another with "
          + "--ingest-port (0 = any free port).");
      return 2;
    }
    ServiceEndpoints endpoints;
    try {
      // Endpoints first: a port in use fails at once, before anything else starts.
      endpoints = ServiceEndpoints.start(SERVICE, EndpointsConfig.defaults().withHost("127.0.0.1").withPort(metricsPort));
    } catch (UncheckedIOException e) {
      err.println("Cannot serve metrics on 127.0.0.1:" + metricsPort + " (" + e.getCause().getMessage()
          + "): the port is in use. Choose another with --metrics-port.");
      return 2;
    }
    out.println("Starting Stroomlijn on an embedded default: broker, registry, gateway, stream apps, KPI job...");
    out.flush();

    Path work = Files.createTempDirectory("stroomlijn-demo-");
    Path logFile = work.getParent().resolve(work.getFileName() + ".log");
    PrintStream stderr = System.err;
    if (!noUi) {
      // The screen is redrawn in place: the services' logs go to a file instead.
      System.setErr(new PrintStream(Files.newOutputStream(logFile), true, StandardCharsets.UTF_8));
      out.println("Logs go to " + logFile);
      out.flush();
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Thread onCtrlC = new Thread(() -> {
      stopRequested.countDown();
      awaitQuietly(stopped);
    }, "demo-shutdown");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try (endpoints;
         Stack stack = EmbeddedStack.start(EmbeddedStack.WithoutRegistryJava.USE_MOCK_REGISTRY);
         SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
         Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrapServers()))) {
      TopicSchemas.publish(registry, Topics.all());
      endpoints.addReadinessCheck("kafka", () -> CheckResult.up(
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() + " broker(s)"));
      endpoints.addReadinessCheck("schema-registry", () -> CheckResult.up(registry.subjects().size() + " subject(s)"));
      Gauge.builder().name("stroomlijn_demo_topics").help("Topics of the contract catalog created by the demo")
          .register(endpoints.registry()).set(Topics.all().size());

      DemoPipeline.Settings settings = new DemoPipeline.Settings(stack.bootstrapServers(), stack.schemaRegistryUrl(),
          ingestPort, ingestToken, work, timeScale());
      try (DemoSource running = source.apply(new KafkaSink(stack.bootstrapServers(), registry, Map.of()));
           DemoPipeline pipeline = startPipeline(running, settings);
           LiveView view = new LiveView(stack.bootstrapServers(), registry, out, !noUi,
               () -> banner(stack, endpoints, pipeline, running, logFile))) {
        endpoints.addReadinessCheck("source", () -> running.failed()
            ? CheckResult.down(running.summary()) : CheckResult.up(running.summary()));
        endpoints.addReadinessCheck("kpi-job", () -> {
          String status = pipeline.kpiJobStatus();
          return status.equals("RUNNING") ? CheckResult.up("Flink job RUNNING") : CheckResult.down("Flink job " + status);
        });
        if (noUi) {
          banner(stack, endpoints, pipeline, running, logFile).forEach(out::println);
          out.println("Press Ctrl-C to stop.");
          out.flush();
        }
        running.startThread();
        view.start();
        if (duration == null) {
          stopRequested.await();
        } else {
          stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        }
        out.println();
        out.println("Stopping...");
        out.flush();
        running.stop();
        view.close();
        view.lastBoard().forEach(out::println);
        out.println(running.summary());
        out.flush();
      } catch (UncheckedIOException | ConfigException e) {
        err.println("Cannot start the pipeline: " + e.getMessage());
        return 2;
      }
    } finally {
      System.setErr(stderr);
      deleteTree(work);
      // Everything is closed here. Say so before releasing the Ctrl-C hook: the JVM exits right after.
      out.println("Stopped; nothing left running." + (noUi ? "" : " Logs: " + logFile));
      out.flush();
      stopped.countDown();
      removeHook(onCtrlC);
    }
    return 0;
  }

  /** The source the options choose, checked before anything starts; it gets its Kafka sink once the stack is up. */
  private Function<RecordSink, DemoSource> source() {
    if (speed != null && !(speed > 0)) {
      throw new IllegalArgumentException("--speed must be positive, got " + speed);
    }
    if (replayFile != null) {
      if (mapping == null) {
        throw new IllegalArgumentException("--replay needs --mapping (the shipped one: steel-industry-uci)");
      }
      if (!Files.isReadable(replayFile)) {
        throw new IllegalArgumentException("Cannot read the --replay file " + replayFile);
      }
      Replay replay = Replay.loadNamed(mapping);
      return kafka -> DemoSource.replay(replay, replayFile, timeScale(), kafka);
    }
    if (mapping != null) {
      throw new IllegalArgumentException("--mapping goes with --replay");
    }
    if (history.isNegative()) {
      throw new IllegalArgumentException("--history must not be negative, got " + history);
    }
    Plant plant = plantOptions.load();
    Instant start = Instant.now().minus(history).truncatedTo(ChronoUnit.MINUTES);
    return kafka -> DemoSource.simulator(plant, plantOptions.seed, start, timeScale(), truthDir, kafka);
  }

  /** The source's reference data first, so that the apps find it when they start. */
  private static DemoPipeline startPipeline(DemoSource source, DemoPipeline.Settings settings) throws Exception {
    source.publishReferenceData();
    return DemoPipeline.start(settings);
  }

  /** How many times faster than the wall clock the plant's event time runs. */
  private double timeScale() {
    return speed != null ? speed : replayFile != null ? REPLAY_SPEED : SIMULATION_SPEED;
  }

  /** Where everything is: printed once with --no-ui, and on top of the live screen. */
  private List<String> banner(Stack stack, ServiceEndpoints endpoints, DemoPipeline pipeline, DemoSource source,
      Path logFile) {
    List<String> lines = new ArrayList<>();
    lines.add("Stroomlijn demo: " + source.describe());
    lines.add("  source            " + source.summary());
    lines.add("  Kafka broker      " + stack.bootstrapServers() + " (KRaft, single node)");
    lines.add("  Schema registry   " + stack.schemaRegistryUrl());
    lines.add("                    " + stack.description());
    lines.add("  HTTP ingest       " + pipeline.ingestUri() + "/v1/readings  (Authorization: Bearer " + ingestToken + ")");
    lines.add("  Metrics           " + endpoints.baseUri() + "/metrics  (health: /health/live, /health/ready)");
    pipeline.endpoints().forEach((name, uri) -> lines.add(String.format("  %-17s %s/metrics", name, uri)));
    lines.add("  KPI job           Flink, local cluster: " + pipeline.kpiJobStatus());
    if (!noUi) {
      lines.add("  Logs              " + logFile);
      lines.add("Ctrl-C stops everything.");
    }
    return lines;
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temporary folder.
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // Ctrl-C: the hook is running and waits for us.
    }
  }
}
