package nl.stroomlijn.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceConfigTest {

  enum Guarantee { AT_LEAST_ONCE, EXACTLY_ONCE_V2 }

  @TempDir
  Path dir;

  @Test
  void variablesThatOnlyLookLikeClientSettingsAreNotPassedThrough() {
    ServiceConfig config = ServiceConfig.load(null, Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "broker:9092",
        "KAFKA_PORT", "tcp://10.0.0.7:9092",
        "KAFKA_PORT_9092_TCP_ADDR", "10.0.0.7",
        "KAFKA_SERVICE_HOST", "10.0.0.7",
        "KAFKA_HEAP_OPTS", "-Xmx1g",
        "SCHEMA_REGISTRY_PORT", "tcp://10.0.0.8:8081",
        "SCHEMA_REGISTRY_URL", "http://registry:8081"));

    assertThat(config.kafkaProperties()).containsOnlyKeys("bootstrap.servers");
    assertThat(config.schemaRegistryProperties()).containsOnlyKeys("schema.registry.url");
  }

  @Test
  void theEnvironmentOverridesTheFile() throws IOException {
    Path file = write("http.port=9400\ninput.topic=factory.readings.raw\n");

    ServiceConfig config = ServiceConfig.load(file, Map.of("STROOMLIJN_HTTP_PORT", "9500"));

    assertThat(config.integer("http.port", 0, 65535).required()).isEqualTo(9500);
    assertThat(config.string("input.topic").required()).isEqualTo("factory.readings.raw");
    config.requireValid();
  }

  @Test
  void stroomlijnConfigNamesTheFileWhenTheCallerNamesNone() throws IOException {
    Path file = write("input.topic=from-file\n");

    ServiceConfig config = ServiceConfig.load(null, Map.of("STROOMLIJN_CONFIG", file.toString()));

    assertThat(config.string("input.topic").required()).isEqualTo("from-file");
  }

  @Test
  void kafkaAndSchemaRegistrySettingsPassThroughFromEnvironmentAndFile() throws IOException {
    Path file = write("""
                kafka.bootstrap.servers=file-broker:9092
                kafka.security.protocol=SASL_SSL
                schema.registry.url=http://file-registry:8081
                """);
    Map<String, String> env = Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "env-broker:9092,[::1]:9093",
        "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.plain.PlainLoginModule required;",
        "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "alice:s3cret",
        "HOME", "/root");

    ServiceConfig config = ServiceConfig.load(file, env);

    assertThat(config.kafkaProperties()).containsOnly(
        Map.entry("bootstrap.servers", "env-broker:9092,[::1]:9093"),
        Map.entry("security.protocol", "SASL_SSL"),
        Map.entry("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;"));
    assertThat(config.schemaRegistryProperties()).containsOnly(
        Map.entry("schema.registry.url", "http://file-registry:8081"),
        Map.entry("schema.registry.basic.auth.user.info", "alice:s3cret"));
    assertThat(config.kafkaBootstrapServers().required()).containsExactly(new HostPort("env-broker", 9092), new HostPort("::1", 9093));
    assertThat(config.schemaRegistryUrl().required()).isEqualTo(URI.create("http://file-registry:8081"));
    config.requireValid();
  }

  @Test
  void everyWrongAndMissingSettingIsReportedInOneException() throws IOException {
    Path file = write("window.grace=5 minutes\n");
    ServiceConfig config = ServiceConfig.load(file, Map.of(
        "STROOMLIJN_HTTP_PORT", "80800",
        "STROOMLIJN_DELIVERY_GUARANTEE", "sometimes"));

    assertThat(config.integer("http.port", 0, 65535).orElse(8080)).isEqualTo(8080);
    config.duration("window.grace").orElse(Duration.ofMinutes(1));
    config.enumValue("delivery.guarantee", Guarantee.class).orElse(Guarantee.EXACTLY_ONCE_V2);
    config.kafkaBootstrapServers().required();

    assertThatThrownBy(config::requireValid)
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).hasSize(4))
        .hasMessage("""
                        4 configuration problems:
                          - http.port / STROOMLIJN_HTTP_PORT: got "80800" from env STROOMLIJN_HTTP_PORT; expected an integer from 0 to 65535
                          - window.grace / STROOMLIJN_WINDOW_GRACE: got "5 minutes" from file window.grace; expected a duration such as 500ms, 30s, 5m, 2h, 1d or PT5M
                          - delivery.guarantee / STROOMLIJN_DELIVERY_GUARANTEE: got "sometimes" from env STROOMLIJN_DELIVERY_GUARANTEE; expected one of at_least_once, exactly_once_v2
                          - kafka.bootstrap.servers / KAFKA_BOOTSTRAP_SERVERS: missing; expected host:port[,host:port...]""");
  }

  @Test
  void typedSettingsParseTheirUsualSpellings() {
    ServiceConfig config = ServiceConfig.load(null, Map.ofEntries(
        Map.entry("STROOMLIJN_A", "500ms"), Map.entry("STROOMLIJN_B", "30s"), Map.entry("STROOMLIJN_C", "5m"),
        Map.entry("STROOMLIJN_D", "PT1H30M"), Map.entry("STROOMLIJN_E", "1d"),
        Map.entry("STROOMLIJN_DLQ_ENABLED", "TRUE"),
        Map.entry("STROOMLIJN_DELIVERY_GUARANTEE", "at-least-once"),
        Map.entry("STROOMLIJN_MQTT_BROKER", "[::1]:1883"),
        Map.entry("STROOMLIJN_OPCUA_URL", "opc.tcp://plc-7:4840/line"),
        Map.entry("STROOMLIJN_STATE_DIR", "/var/lib/stroomlijn"),
        Map.entry("STROOMLIJN_THREADS", " 16 ")));

    assertThat(List.of("a", "b", "c", "d", "e")).map(key -> config.duration(key).required()).containsExactly(
        Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(90), Duration.ofDays(1));
    assertThat(config.bool("dlq.enabled").required()).isTrue();
    assertThat(config.bool("not.given").orElse(false)).isFalse();
    assertThat(config.enumValue("delivery.guarantee", Guarantee.class).required()).isEqualTo(Guarantee.AT_LEAST_ONCE);
    assertThat(config.hostPort("mqtt.broker").required()).isEqualTo(new HostPort("::1", 1883));
    assertThat(config.url("opcua.url").required()).isEqualTo(URI.create("opc.tcp://plc-7:4840/line"));
    assertThat(config.path("state.dir").required()).isEqualTo(Path.of("/var/lib/stroomlijn"));
    assertThat(config.integer("threads", 1, 16).required()).isEqualTo(16);
    assertThat(config.problems()).isEmpty();
  }

  @Test
  void wrongValuesOfEveryTypeAreProblems() {
    ServiceConfig config = ServiceConfig.load(null, Map.of(
        "STROOMLIJN_GRACE", "-PT1S", "STROOMLIJN_FLAG", "yes", "STROOMLIJN_BROKER", "broker",
        "STROOMLIJN_URL", "registry:8081", "STROOMLIJN_THREADS", "0"));

    config.duration("grace").optional();
    config.bool("flag").optional();
    config.hostPort("broker").optional();
    config.url("url").optional();
    config.integer("threads", 1, 16).optional();

    assertThat(config.problems()).extracting(ConfigProblem::fileKey).containsExactly("grace", "flag", "broker", "url", "threads");
  }

  @Test
  void aBlankValueCountsAsNotGiven() throws IOException {
    ServiceConfig config = ServiceConfig.load(write("input.topic=from-file\n"), Map.of(
        "STROOMLIJN_INPUT_TOPIC", "  ", "KAFKA_BOOTSTRAP_SERVERS", ""));

    assertThat(config.string("input.topic").required()).isEqualTo("from-file");
    assertThat(config.kafkaProperties()).isEmpty();
  }

  @Test
  void secretsAreNeverPrinted() throws IOException {
    Path file = write("""
                kafka.ssl.keystore.password=keystore-pw
                db.password=db-pw
                kafka.bootstrap.servers=broker:9092
                """);
    ServiceConfig config = ServiceConfig.load(file, Map.of(
        "KAFKA_SASL_JAAS_CONFIG", "PlainLoginModule required username=\"u\" password=\"jaas-pw\";",
        "SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "alice:registry-pw",
        "STROOMLIJN_API_TOKEN", "token-value",
        "STROOMLIJN_SIGNING_SECRET", "not-a-number"));
    config.integer("signing.secret", 0, 10).optional();

    String printed = config.describe() + config + config.problems();

    assertThat(printed).doesNotContain("keystore-pw", "db-pw", "jaas-pw", "registry-pw", "token-value", "not-a-number")
        .contains("broker:9092", "sasl.jaas.config = ******", "STROOMLIJN_API_TOKEN = ******");
    assertThat(config.kafkaProperties()).containsEntry("ssl.keystore.password", "keystore-pw");
  }

  @Test
  void describeSaysWhereEachValueCameFrom() throws IOException {
    Path file = write("input.topic=factory.readings.raw\nkafka.acks=all\n");

    String described = ServiceConfig.load(file, Map.of("KAFKA_ACKS", "1", "PATH", "/usr/bin")).describe();

    assertThat(described).isEqualTo("""
                configuration from %s and environment
                settings:
                  input.topic = "factory.readings.raw"  (file input.topic)
                kafka:
                  acks = "1"  (env KAFKA_ACKS)
                schema registry: none""".formatted(file));
  }

  @Test
  void anUnreadableFileFailsAtOnce() {
    Path missing = dir.resolve("missing.properties");

    assertThatThrownBy(() -> ServiceConfig.load(missing, Map.of()))
        .isInstanceOf(ConfigException.class).hasMessageContaining("missing.properties");
  }

  private Path write(String properties) throws IOException {
    return Files.writeString(dir.resolve("service.properties"), properties);
  }
}
