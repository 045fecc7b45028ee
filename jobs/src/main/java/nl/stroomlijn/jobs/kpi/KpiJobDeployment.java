package nl.stroomlijn.jobs.kpi;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.HashMap;
import java.util.Map;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.service.ServiceConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.CheckpointingMode;

/**
 * Everything the KPI job needs to run against real Kafka: its settings, where Kafka and the
 * registry are, its transactional id prefix, and Flink's own runtime settings (checkpoints, state
 * backend, metrics reporter). Read from the service configuration and validated at start-up.
 *
 * @param prometheusPort port of Flink's Prometheus reporter, or empty for none. Flink's reporter
 *                       listens on all interfaces; it has no bind-address setting.
 */
public record KpiJobDeployment(
    KpiJobSettings settings,
    KafkaKpiIo.Endpoints endpoints,
    String transactionalIdPrefix,
    Duration checkpointInterval,
    StateBackend stateBackend,
    Optional<String> checkpointDirectory,
    Optional<Integer> prometheusPort,
    Optional<Integer> parallelism) {

  /** Where keyed state lives: RocksDB on local disk (production), or the heap (small tests). */
  public enum StateBackend { ROCKSDB, HASHMAP }

  private static final String LOOPBACK = "127.0.0.1";
  public static final String PROMETHEUS_REPORTER_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

  /**
   * Reads and validates every setting: {@code kafka.bootstrap.servers} and {@code schema.registry.url}
   * (required), {@code kpi.*} (see {@link KpiJobSettings#from}), {@code kpi.group-id},
   * {@code kpi.transactional-id-prefix}, {@code flink.checkpoint-interval}, {@code flink.state-backend},
   * {@code flink.checkpoint-dir}, {@code flink.prometheus-port}, {@code flink.parallelism}.
   *
   * @throws nl.stroomlijn.service.ConfigException listing every problem
   * @throws IllegalArgumentException for a combination of values that does not fit
   */
  public static KpiJobDeployment from(ServiceConfig config) {
    config.kafkaBootstrapServers().required();
    config.schemaRegistryUrl().required();
    String groupId = config.string("kpi.group-id").orElse("stroomlijn-kpi");
    String prefix = config.string("kpi.transactional-id-prefix").orElse("stroomlijn-kpi");
    Duration checkpoints = config.duration("flink.checkpoint-interval").orElse(Duration.ofSeconds(30));
    StateBackend backend = config.enumValue("flink.state-backend", StateBackend.class).orElse(StateBackend.ROCKSDB);
    Optional<String> checkpointDir = config.string("flink.checkpoint-dir").optional();
    Optional<Integer> prometheusPort = config.integer("flink.prometheus-port", 1, 65535).optional();
    Optional<Integer> parallelism = config.integer("flink.parallelism", 1, 1024).optional();
    KpiJobSettings settings = KpiJobSettings.from(config);   // validates every setting read so far
    Map<String, Object> schemaRegistry = new HashMap<>();
    config.schemaRegistryProperties().forEach((key, value) -> schemaRegistry.put(key.toString(), value));
    var endpoints = new KafkaKpiIo.Endpoints(config.kafkaProperties(), RegistryConfig.fromProperties(schemaRegistry),
        groupId);
    if (checkpoints.toMillis() < 10) {
      throw new IllegalArgumentException("flink.checkpoint-interval must be at least 10ms, got " + checkpoints);
    }
    return new KpiJobDeployment(settings, endpoints, prefix, checkpoints, backend, checkpointDir, prometheusPort,
        parallelism);
  }

  public KpiJob job() {
    return new KpiJob(KafkaKpiIo.sources(endpoints, settings.isBackfill()),
        KafkaKpiIo.sinks(endpoints, settings.isBackfill() ? transactionalIdPrefix + "-backfill" : transactionalIdPrefix),
        settings);
  }

  /** Flink's configuration for this job: exactly-once checkpoints, the state backend, the reporter. */
  public Configuration flinkConfiguration() {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, checkpointInterval);
    conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    conf.set(StateBackendOptions.STATE_BACKEND, stateBackend.name().toLowerCase(Locale.ROOT));
    checkpointDirectory.ifPresent(dir -> conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir));
    parallelism.ifPresent(p -> conf.set(CoreOptions.DEFAULT_PARALLELISM, p));
    prometheusPort.ifPresent(port -> {
      conf.set(ConfigOptions.key("metrics.reporter.prom.factory.class").stringType().noDefaultValue(),
          PROMETHEUS_REPORTER_FACTORY);
      conf.set(ConfigOptions.key("metrics.reporter.prom.port").stringType().noDefaultValue(), String.valueOf(port));
    });
    return conf;
  }

  /** {@link #flinkConfiguration()} for a MiniCluster in this process: every server on 127.0.0.1, little managed memory. */
  public Configuration localConfiguration() {
    return onLoopback(flinkConfiguration());
  }

  /**
   * Binds every server of a local Flink to 127.0.0.1 on free ports and keeps its managed memory
   * small (a shared machine).
   */
  public static Configuration onLoopback(Configuration conf) {
    conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
    conf.set(RestOptions.ADDRESS, LOOPBACK);
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
    conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
    conf.set(TaskManagerOptions.HOST, LOOPBACK);
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(64));
    return conf;
  }
}
