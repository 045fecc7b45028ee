package nl.stroomlijn.cli;

import io.prometheus.metrics.core.metrics.Gauge;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.TopicSchemas;
import nl.stroomlijn.service.CheckResult;
import nl.stroomlijn.service.EndpointsConfig;
import nl.stroomlijn.service.ServiceEndpoints;
import nl.stroomlijn.stack.EmbeddedStack;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The pipeline on an embedded default: a real Kafka broker and schema registry on loopback, every
 * topic and contract, metrics and health. Runs until Ctrl-C or for {@code --duration}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "Runs Stroomlijn on an embedded default, nothing to install: a real Kafka broker (KRaft) and",
        "schema registry (Apicurio, on a Java 21+ found on this machine; otherwise an in-memory one)",
        "on 127.0.0.1, every topic created and every contract registered, with metrics and health.",
        "Ctrl-C stops everything."})
final class DemoCommand implements Callable<Integer> {

  static final String SERVICE = "stroomlijn-demo";

  @Spec
  private CommandSpec spec;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Stop after this long (ISO-8601, e.g. PT10M); default: run until Ctrl-C.")
  private Duration duration;

  @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "9464",
      description = "Port of the metrics and health endpoints on 127.0.0.1 (0 = any free port; default ${DEFAULT-VALUE}).")
  private int metricsPort;

  private final CountDownLatch stopRequested = new CountDownLatch(1);

  /** Asks a running demo to stop, as Ctrl-C does. */
  void requestStop() {
    stopRequested.countDown();
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.println("Starting Stroomlijn on an embedded default...");
    out.flush();

    ServiceEndpoints endpoints;
    try {
      // Endpoints first: a port in use fails at once, before anything else starts.
      endpoints = ServiceEndpoints.start(SERVICE, EndpointsConfig.defaults().withHost("127.0.0.1").withPort(metricsPort));
    } catch (UncheckedIOException e) {
      err.println("Cannot serve metrics on 127.0.0.1:" + metricsPort + " (" + e.getCause().getMessage()
          + "): the port is in use. Choose another with --metrics-port.");
      return 2;
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
         Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      Map<String, Integer> schemaIds = TopicSchemas.publish(registry, Topics.all());
      endpoints.addReadinessCheck("kafka", () -> CheckResult.up(
          admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() + " broker(s)"));
      endpoints.addReadinessCheck("schema-registry", () -> CheckResult.up(registry.subjects().size() + " subject(s)"));
      Gauge.builder().name("stroomlijn_demo_topics").help("Topics of the contract catalog created by the demo")
          .register(endpoints.registry()).set(Topics.all().size());

      printBanner(out, stack, schemaIds, endpoints);
      if (duration == null) {
        stopRequested.await();
      } else {
        stopRequested.await(duration.toMillis(), TimeUnit.MILLISECONDS);
      }
      out.println("Stopping...");
      out.flush();
    } finally {
      // Everything is closed here. Say so before releasing the Ctrl-C hook: the JVM exits right after.
      out.println("Stopped; nothing left running.");
      out.flush();
      stopped.countDown();
      removeHook(onCtrlC);
    }
    return 0;
  }

  private static void printBanner(PrintWriter out, Stack stack, Map<String, Integer> schemaIds,
      ServiceEndpoints endpoints) {
    out.println();
    out.println("Stroomlijn is running.");
    out.printf("  Kafka broker     %s (KRaft, single node)%n", stack.bootstrapServers());
    out.printf("  Schema registry  %s%n", stack.schemaRegistryUrl());
    out.printf("                   %s%n", stack.description());
    out.printf("  Topics           %d, each with its contract registered (BACKWARD):%n", Topics.all().size());
    for (Topic<?> topic : Topics.all()) {
      out.printf("                   %-26s %-8s %d partition(s), key %s, value %s (schema id %d)%n",
          topic.name(), topic.cleanupPolicy().configValue(), topic.partitions(), topic.keyDescription(),
          topic.valueType().getSimpleName(), schemaIds.get(topic.name()));
    }
    out.printf("  Metrics          %s/metrics%n", endpoints.baseUri());
    out.printf("  Health           %s/health/live  %s/health/ready%n", endpoints.baseUri(), endpoints.baseUri());
    out.println();
    out.println("Press Ctrl-C to stop.");
    out.flush();
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
