package nl.stroomlijn.ingest.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import nl.stroomlijn.service.ConfigException;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.Test;

class GatewayTopicsConfigTest {

  @Test
  void withoutSettingsTheTopicsAreTheProducts() {
    GatewayTopics topics = GatewayConfig.from(ServiceConfig.load(null, env(Map.of()))).topics();
    assertThat(topics).isEqualTo(GatewayTopics.defaults());
    assertThat(topics.raw(RecordKind.READING)).isEqualTo(Topics.READINGS);
    assertThat(topics.deadLetters()).isEqualTo(Topics.DEAD_LETTERS);
  }

  @Test
  void eachTopicCanBeRenamedAndKeepsItsRecordType() {
    GatewayTopics topics = GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_TOPIC_READINGS", "a.readings",
        "STROOMLIJN_INGEST_TOPIC_PRODUCTION", "a.production",
        "STROOMLIJN_INGEST_TOPIC_DEAD_LETTERS", "a.dlq")))).topics();
    assertThat(topics.raw(RecordKind.READING).name()).isEqualTo("a.readings");
    assertThat(topics.raw(RecordKind.READING).valueType()).isEqualTo(Topics.READINGS.valueType());
    assertThat(topics.raw(RecordKind.PRODUCTION_EVENT).name()).isEqualTo("a.production");
    assertThat(topics.raw(RecordKind.MACHINE_STATE)).isEqualTo(Topics.MACHINE_STATES);
    assertThat(topics.deadLetters().name()).isEqualTo("a.dlq");
    assertThat(topics.assets()).isEqualTo(Topics.ASSETS);
  }

  @Test
  void anIllegalNameAndTwoKindsOnOneTopicAreNamedAtOnce() {
    assertThatThrownBy(() -> GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_TOPIC_READINGS", "bad topic/name",
        "STROOMLIJN_INGEST_TOPIC_DEAD_LETTERS", Topics.PRODUCTION.name())))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.topic.readings").hasMessageContaining("bad topic/name")
        .hasMessageContaining("a Kafka topic name")
        .hasMessageContaining(Topics.PRODUCTION.name()).hasMessageContaining("a different topic for each");
  }

  private static Map<String, String> env(Map<String, String> topics) {
    Map<String, String> env = new HashMap<>(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
        "SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081",
        "STROOMLIJN_INGEST_HTTP_ENABLED", "false"));
    env.putAll(topics);
    return env;
  }
}
