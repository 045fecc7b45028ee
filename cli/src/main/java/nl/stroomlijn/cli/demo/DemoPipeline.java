package nl.stroomlijn.cli.demo;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import nl.stroomlijn.ingest.gateway.GatewayConfig;
import nl.stroomlijn.ingest.gateway.GatewayService;
import nl.stroomlijn.jobs.kpi.KpiJobDeployment;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.streams.AttributionApp;
import nl.stroomlijn.streams.AttributionConfig;
import nl.stroomlijn.streams.anomaly.AnomalyApp;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Every service of the pipeline in this process against one Kafka and registry, each configured
 * exactly as its own command would be (through {@link ServiceConfig}): the ingest gateway, the
 * attribution and anomaly apps (Kafka Streams) and the KPI job (Flink on a local MiniCluster).
 * Closing stops them in the reverse order of their start.
 */
public final class DemoPipeline implements AutoCloseable {

  /**
   * What the demo sets on top of each service's defaults.
   *
   * @param timeScale how many times faster than the wall clock the plant's event time runs
   */
  public record Settings(String bootstrapServers, String schemaRegistryUrl, int ingestPort, String ingestToken,
                         Path workDir, double timeScale) {

    /** A wall-clock wait meant as so much plant time, at the demo's pace (at least half a second). */
    Duration wallClock(Duration plantTime) {
      return Duration.ofMillis(Math.max(500, (long) (plantTime.toMillis() / timeScale)));
    }

    /** So much wall-clock time in plant time, at the demo's pace (at least as much as the wall clock). */
    Duration plantTime(Duration wallClock) {
      return Duration.ofMillis((long) (wallClock.toMillis() * Math.max(1, timeScale)));
    }
  }

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final Map<String, URI> endpoints = new LinkedHashMap<>();
  private URI ingestUri;
  private JobClient kpiJob;

  private DemoPipeline() {
  }

  /** Starts every service; when one cannot start, stops those already started and rethrows. */
  public static DemoPipeline start(Settings settings) throws Exception {
    DemoPipeline pipeline = new DemoPipeline();
    try {
      pipeline.startServices(settings);
    } catch (Exception | Error e) {
      pipeline.close();
      throw e;
    }
    return pipeline;
  }

  private void startServices(Settings settings) throws Exception {
    GatewayService gateway = GatewayService.start(GatewayConfig.from(config(settings, Map.of(
        "STROOMLIJN_INGEST_HTTP_PORT", settings.ingestPort(),
        "STROOMLIJN_INGEST_HTTP_TOKENS", settings.ingestToken()))));
    started.push(gateway);
    ingestUri = gateway.httpUri();
    endpoints.put("ingest gateway", gateway.endpoints().baseUri());

    // The attribution's wall-clock release waits for a silent machine stream as long as plant time would: at 60x,
    // its 2 minutes are 2 seconds, else slices would come hours of plant time after the KPI windows closed.
    AttributionApp attribution = AttributionApp.start(config(settings, Map.of(
        "STROOMLIJN_STATE_DIR", settings.workDir().resolve("attribution"),
        "STROOMLIJN_TIMELINE_MAX_WAIT", settings.wallClock(AttributionConfig.DEFAULT_TIMELINE_MAX_WAIT).toMillis() + "ms")));
    started.push(attribution);
    endpoints.put("attribution", attribution.endpoints().baseUri());

    AnomalyApp anomalies = AnomalyApp.start(config(settings, Map.of(
        "KAFKA_STATE_DIR", settings.workDir().resolve("anomalies"))));
    started.push(anomalies);
    endpoints.put("anomaly detection", anomalies.endpoints().baseUri());

    // Frequent checkpoints: the exactly-once sink publishes at each, and the live view reads committed records.
    // Heap state: Flink's RocksDB cannot share this JVM with Kafka Streams' (see cli/pom.xml).
    // Allowed lateness is plant time: a few wall seconds of processing delay are many minutes of it at demo pace, so
    // a window waits 30 s of wall clock for its slices (30 min of plant time at 60x) before it is final.
    KpiJobDeployment kpi = KpiJobDeployment.from(config(settings, Map.of(
        "STROOMLIJN_FLINK_PARALLELISM", 1,
        "STROOMLIJN_FLINK_STATE_BACKEND", "hashmap",
        "STROOMLIJN_FLINK_CHECKPOINT_INTERVAL", "5s",
        "STROOMLIJN_KPI_ALLOWED_LATENESS", settings.plantTime(Duration.ofSeconds(30)).toMillis() + "ms")));
    kpiJob = kpi.job().executeAsync(StreamExecutionEnvironment.createLocalEnvironment(kpi.localConfiguration()));
    started.push(() -> kpiJob.cancel().get(1, TimeUnit.MINUTES));
  }

  /** The service's configuration as its command would load it, isolated from this process's environment. */
  private static ServiceConfig config(Settings settings, Map<String, Object> own) {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", settings.bootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", settings.schemaRegistryUrl());
    env.put("STROOMLIJN_HTTP_HOST", "127.0.0.1");
    env.put("STROOMLIJN_HTTP_PORT", "0");
    own.forEach((name, value) -> env.put(name, value.toString()));
    return ServiceConfig.load(null, env);
  }

  /** The HTTP ingest endpoint's base URI. */
  public URI ingestUri() {
    return ingestUri;
  }

  /** The KPI job's state on the local Flink, e.g. RUNNING or RESTARTING. */
  public String kpiJobStatus() {
    try {
      return kpiJob.getJobStatus().get(5, TimeUnit.SECONDS).name();
    } catch (Exception e) {
      return "unknown (" + e.getClass().getSimpleName() + ")";
    }
  }

  /** Metrics and health base URI of each service, by name. */
  public Map<String, URI> endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    RuntimeException failure = null;
    while (!started.isEmpty()) {
      try {
        started.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("stopping the pipeline failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
