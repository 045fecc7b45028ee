package nl.stroomlijn.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import nl.stroomlijn.jobs.kpi.KpiJobDeployment;
import nl.stroomlijn.service.ConfigException;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs the KPI Flink job on a local MiniCluster (every server on 127.0.0.1) against a given Kafka
 * and schema registry: streaming until Ctrl-C or {@code --duration}, or a bounded backfill.
 */
@Command(name = "kpi-job", mixinStandardHelpOptions = true,
    description = {
        "Runs the KPI Flink job (KPI roll-ups, CO2e, energy baselines) locally.",
        "A Flink MiniCluster on 127.0.0.1 works against the given Kafka and registry:",
        "it reads factory.consumption, factory.production, factory.assets and",
        "factory.emission-factors; writes factory.kpi, factory.kpi.latest,",
        "factory.anomalies and late records to factory.readings.dlq, exactly once.",
        "State is kept on the heap here; for RocksDB state, submit the job jar",
        "(jobs/target/stroomlijn-jobs-*-kpi-job.jar) to a Flink cluster.",
        "Every setting (docs/kpis.md) can also come from --config or the environment."})
final class KpiJobCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private ServiceOptions service;

  @Option(names = "--backfill-from", paramLabel = "INSTANT",
      description = "Run bounded over history from this event time (ISO-8601, e.g. 2025-01-01T00:00:00Z); needs --backfill-to.")
  private String backfillFrom;

  @Option(names = "--backfill-to", paramLabel = "INSTANT", description = "End (exclusive) of the backfill range.")
  private String backfillTo;

  @Option(names = "--parallelism", paramLabel = "N", description = "Parallelism of the job (default: the cores).")
  private Integer parallelism;

  @Option(names = "--prometheus-port", paramLabel = "PORT",
      description = "Start Flink's Prometheus reporter on this port. Flink's reporter listens on all interfaces.")
  private Integer prometheusPort;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Streaming: stop after this long (ISO-8601, e.g. PT10M); default: run until Ctrl-C.")
  private Duration duration;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    KpiJobDeployment deployment;
    try {
      deployment = KpiJobDeployment.from(service.load(settings()));
    } catch (ConfigException | IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }

    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(deployment.localConfiguration());
    if (deployment.settings().isBackfill()) {
      out.printf("Backfilling KPIs over %s ...%n", deployment.settings().backfill().get());
      out.flush();
      deployment.job().execute(env);
      out.println("Backfill done.");
      return 0;
    }
    JobClient job = deployment.job().executeAsync(env);
    out.printf("KPI job %s running on a local MiniCluster; Ctrl-C stops it.%n", job.getJobID());
    out.flush();
    Thread onCtrlC = new Thread(() -> job.cancel().join(), "kpi-job-shutdown");
    Runtime.getRuntime().addShutdownHook(onCtrlC);
    try {
      if (duration == null) {
        job.getJobExecutionResult().get();
      } else {
        Thread.sleep(duration.toMillis());
        job.cancel().get();
      }
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onCtrlC);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook cancels the job.
      }
    }
    out.println("Stopped.");
    return 0;
  }

  /** This command's options in the configuration's environment spelling. */
  private Map<String, Object> settings() {
    Map<String, Object> settings = new HashMap<>();
    settings.put("STROOMLIJN_KPI_BACKFILL_FROM", backfillFrom);
    settings.put("STROOMLIJN_KPI_BACKFILL_TO", backfillTo);
    settings.put("STROOMLIJN_FLINK_PARALLELISM", parallelism);
    settings.put("STROOMLIJN_FLINK_PROMETHEUS_PORT", prometheusPort);
    // Heap state: this JVM also holds Kafka Streams' RocksDB library, which Flink's cannot share (cli/pom.xml).
    settings.put("STROOMLIJN_FLINK_STATE_BACKEND", "hashmap");
    return settings;
  }
}
