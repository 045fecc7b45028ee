package nl.stroomlijn.ingest.gateway.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import nl.stroomlijn.ingest.gateway.GatewayConfig;
import nl.stroomlijn.ingest.gateway.GatewayConfig.OpcUaNode;
import nl.stroomlijn.service.ConfigException;
import nl.stroomlijn.service.ServiceConfig;
import org.junit.jupiter.api.Test;

class OpcUaConfigTest {

  @Test
  void nodesMapSensorIdsToNodeIds() {
    GatewayConfig config = GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_OPCUA_ENDPOINT", "opc.tcp://plc-7:4840/plant",
        "STROOMLIJN_INGEST_OPCUA_NODES", "site/line/press/kw@ns=2;s=Press.Power, site/line/press/em@ns=3;i=1007"))));
    assertThat(config.opcUa().endpoint()).isEqualTo("opc.tcp://plc-7:4840/plant");
    assertThat(config.opcUa().nodes()).containsExactly(new OpcUaNode("site/line/press/kw", "ns=2;s=Press.Power"),
        new OpcUaNode("site/line/press/em", "ns=3;i=1007"));
    assertThat(config.opcUa().samplingInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void everyWrongSettingIsNamedAtOnce() {
    assertThatThrownBy(() -> GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_OPCUA_ENDPOINT", "http://plc-7:4840",
        "STROOMLIJN_INGEST_OPCUA_NODES", "site/line/press/kw@ns=2;x=what,no-node-id")))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("ingest.opcua.endpoint").hasMessageContaining("opc.tcp://host:port")
        .hasMessageContaining("ns=2;x=what").hasMessageContaining("no-node-id");
  }

  @Test
  void anEndpointWithoutNodesIsAProblem() {
    assertThatThrownBy(() -> GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_OPCUA_ENDPOINT", "opc.tcp://plc-7:4840")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("STROOMLIJN_INGEST_OPCUA_NODES");
  }

  @Test
  void aUsersPasswordComesFromAFileOrTheEnvironmentAndIsNeverPrinted(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("password"), "  pa55word\n");
    Map<String, String> nodes = Map.of("STROOMLIJN_INGEST_OPCUA_ENDPOINT", "opc.tcp://plc-7:4840",
        "STROOMLIJN_INGEST_OPCUA_NODES", "site/line/press/kw@ns=2;s=Press.Power");
    Map<String, String> fromFile = new HashMap<>(nodes);
    fromFile.putAll(Map.of("STROOMLIJN_INGEST_OPCUA_USERNAME", "gateway",
        "STROOMLIJN_INGEST_OPCUA_PASSWORD_FILE", file.toString()));
    GatewayConfig config = GatewayConfig.from(ServiceConfig.load(null, env(fromFile)));
    assertThat(config.opcUa().user()).isEqualTo(new GatewayConfig.OpcUaUser("gateway", "pa55word"));
    assertThat(config.toString()).doesNotContain("pa55word").contains("password=****");

    Map<String, String> fromEnv = new HashMap<>(nodes);
    fromEnv.putAll(Map.of("STROOMLIJN_INGEST_OPCUA_USERNAME", "gateway", "STROOMLIJN_INGEST_OPCUA_PASSWORD", "envpass"));
    assertThat(GatewayConfig.from(ServiceConfig.load(null, env(fromEnv))).opcUa().user().password()).isEqualTo("envpass");
    assertThat(GatewayConfig.from(ServiceConfig.load(null, env(nodes))).opcUa().user()).isNull();

    Map<String, String> wrong = new HashMap<>(nodes);
    wrong.putAll(Map.of("STROOMLIJN_INGEST_OPCUA_USERNAME", "gateway",
        "STROOMLIJN_INGEST_OPCUA_PASSWORD_FILE", dir.resolve("missing").toString()));
    assertThatThrownBy(() -> GatewayConfig.from(ServiceConfig.load(null, env(wrong))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("a readable file holding the secret");
    Map<String, String> noUser = new HashMap<>(nodes);
    noUser.put("STROOMLIJN_INGEST_OPCUA_PASSWORD", "envpass");
    assertThatThrownBy(() -> GatewayConfig.from(ServiceConfig.load(null, env(noUser))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.opcua.username")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("envpass"));
  }

  @Test
  void aSecurityPolicyNeedsAKeystoreAndAServerCertificate() {
    assertThatThrownBy(() -> GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_OPCUA_ENDPOINT", "opc.tcp://plc-7:4840",
        "STROOMLIJN_INGEST_OPCUA_NODES", "site/line/press/kw@ns=2;s=Press.Power",
        "STROOMLIJN_INGEST_OPCUA_SECURITY_POLICY", "Basic256Sha256",
        "STROOMLIJN_INGEST_OPCUA_SECURITY_MODE", "Scramble")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("ingest.opcua.keystore")
        .hasMessageContaining("ingest.opcua.server-certificate").hasMessageContaining("SignAndEncrypt or Sign");
    assertThatThrownBy(() -> GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_OPCUA_ENDPOINT", "opc.tcp://plc-7:4840",
        "STROOMLIJN_INGEST_OPCUA_NODES", "site/line/press/kw@ns=2;s=Press.Power",
        "STROOMLIJN_INGEST_OPCUA_SECURITY_POLICY", "Basic128Rsa15")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("None, Basic256Sha256");
    assertThat(GatewayConfig.from(ServiceConfig.load(null, env(Map.of(
        "STROOMLIJN_INGEST_OPCUA_ENDPOINT", "opc.tcp://plc-7:4840",
        "STROOMLIJN_INGEST_OPCUA_NODES", "site/line/press/kw@ns=2;s=Press.Power")))).opcUa().security()).isNull();
  }

  private static Map<String, String> env(Map<String, String> opcUa) {
    Map<String, String> env = new HashMap<>(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092",
        "SCHEMA_REGISTRY_URL", "http://127.0.0.1:8081",
        "STROOMLIJN_INGEST_HTTP_ENABLED", "false"));
    env.putAll(opcUa);
    return env;
  }
}
