package nl.stroomlijn.ingest.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.gateway.GatewayConfig;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import nl.stroomlijn.service.ConfigException;
import nl.stroomlijn.service.ServiceConfig;
import org.junit.jupiter.api.Test;

class MqttConfigTest {

  @Test
  void eachRecordKindHasItsOwnTemplates() {
    GatewayConfig.MqttConfig mqtt = GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_MQTT_TOPICS", "readings/{site}/{line}/{machine}/{meter}",
        "STROOMLIJN_INGEST_MQTT_MACHINE_STATE_TOPICS", "states/{site}/{line}/{machine}, plc/{machineId}/state",
        "STROOMLIJN_INGEST_MQTT_PRODUCTION_TOPICS", "production/{site}/{line}/{machine}")))).mqtt();
    assertThat(mqtt.templates()).containsOnlyKeys(RecordKind.values());
    assertThat(mqtt.templates().get(RecordKind.MACHINE_STATE))
        .isEqualTo(List.of("states/{site}/{line}/{machine}", "plc/{machineId}/state"));
  }

  @Test
  void onlyEventTemplatesAreEnough() {
    GatewayConfig.MqttConfig mqtt = GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_MQTT_PRODUCTION_TOPICS", "production/{machineId}")))).mqtt();
    assertThat(mqtt.templates()).containsOnlyKeys(RecordKind.PRODUCTION_EVENT);
  }

  @Test
  void templatesOneTopicMatchesTwiceAndMissingTemplatesAreNamed() {
    assertThatThrownBy(() -> GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_MQTT_TOPICS", "factory/{site}/{line}/{machine}/{meter}",
        "STROOMLIJN_INGEST_MQTT_MACHINE_STATE_TOPICS", "factory/{site}/{line}/{machine}/state")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.mqtt.machine-state-topics")
        .hasMessageContaining("factory/{site}/{line}/{machine}/{meter}");
    assertThatThrownBy(() -> GatewayConfig.from(ServiceConfig.load(null, env(Map.of()))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.mqtt.topics")
        .hasMessageContaining("ingest.mqtt.production-topics");
  }

  private static Map<String, String> env(Map<String, String> mqtt) {
    Map<String, String> env = new HashMap<>(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
        "SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081",
        "STROOMLIJN_INGEST_HTTP_ENABLED", "false",
        "STROOMLIJN_INGEST_MQTT_URL", "tcp://127.0.0.1:1883"));
    env.putAll(mqtt);
    return env;
  }
}
