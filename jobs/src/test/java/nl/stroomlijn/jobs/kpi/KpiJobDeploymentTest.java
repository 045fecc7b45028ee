package nl.stroomlijn.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import nl.stroomlijn.service.ConfigException;
import nl.stroomlijn.service.ServiceConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;

class KpiJobDeploymentTest {

  @Test
  void readsEverySettingAndConfiguresFlinkForExactlyOnceOnRocksDb() {
    Map<String, String> env = required();
    env.put("STROOMLIJN_KPI_ALLOWED_LATENESS", "10m");
    env.put("STROOMLIJN_FLINK_CHECKPOINT_INTERVAL", "15s");
    env.put("STROOMLIJN_FLINK_PROMETHEUS_PORT", "9250");
    env.put("STROOMLIJN_KPI_BACKFILL_FROM", "2025-03-01T00:00:00Z");
    env.put("STROOMLIJN_KPI_BACKFILL_TO", "2025-03-08T00:00:00Z");
    KpiJobDeployment deployment = KpiJobDeployment.from(ServiceConfig.load(null, env));

    assertThat(deployment.settings().allowedLateness()).isEqualTo(Duration.ofMinutes(10));
    assertThat(deployment.settings().isBackfill()).isTrue();
    assertThat(deployment.settings().provisionalInterval()).as("a backfill emits finals only").isZero();
    Configuration flink = deployment.flinkConfiguration();
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(15));
    assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE)).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
    assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
    assertThat(flink.toMap()).containsEntry("metrics.reporter.prom.factory.class",
        KpiJobDeployment.PROMETHEUS_REPORTER_FACTORY).containsEntry("metrics.reporter.prom.port", "9250");
  }

  @Test
  void reportsEveryProblemAtOnce() {
    Map<String, String> env = new HashMap<>();
    env.put("STROOMLIJN_KPI_ALLOWED_LATENESS", "soon");
    env.put("STROOMLIJN_FLINK_STATE_BACKEND", "floppy");
    assertThatThrownBy(() -> KpiJobDeployment.from(ServiceConfig.load(null, env)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("kafka.bootstrap.servers")
        .hasMessageContaining("schema.registry.url")
        .hasMessageContaining("kpi.allowed-lateness")
        .hasMessageContaining("flink.state-backend");
  }

  @Test
  void aBackfillNeedsBothEnds() {
    Map<String, String> env = required();
    env.put("STROOMLIJN_KPI_BACKFILL_FROM", "2025-03-01T00:00:00Z");
    assertThatThrownBy(() -> KpiJobDeployment.from(ServiceConfig.load(null, env)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("kpi.backfill.to");
  }

  private static Map<String, String> required() {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    env.put("SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081");
    return env;
  }
}
