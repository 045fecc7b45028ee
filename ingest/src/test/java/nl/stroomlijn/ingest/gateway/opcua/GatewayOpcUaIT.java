package nl.stroomlijn.ingest.gateway.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.gateway.GatewayFixture;
import nl.stroomlijn.ingest.gateway.TopicTail;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topics;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OPC UA path end to end: a Milo server started by the test, the real Kafka and registry. */
@WithStack
class GatewayOpcUaIT {

  private static final List<String> VARIABLES = List.of("counter", "power", "temperature");
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @Test
  void dataChangesBecomeReadingsWithTheirQualityAndTheGatewayResubscribesAfterARestart(Stack stack) throws Exception {
    int port = EmbeddedOpcUaServer.freePort();
    EmbeddedOpcUaServer server = new EmbeddedOpcUaServer(port, VARIABLES);
    String endpoint = server.endpointUrl();
    try (GatewayFixture gateway = new GatewayFixture(stack, assets -> Map.of(
        "STROOMLIJN_INGEST_HTTP_ENABLED", "false",
        "STROOMLIJN_INGEST_OPCUA_ENDPOINT", endpoint,
        "STROOMLIJN_INGEST_OPCUA_NODES", String.join(",",
            assets.counter + "@" + EmbeddedOpcUaServer.nodeId("counter"),
            assets.power + "@" + EmbeddedOpcUaServer.nodeId("power"),
            assets.temperature + "@" + EmbeddedOpcUaServer.nodeId("temperature")),
        "STROOMLIJN_INGEST_OPCUA_SAMPLING_INTERVAL", "PT0.05S"))) {
      TopicTail<SensorReading> readings = gateway.tail(Topics.READINGS);
      TopicTail<DeadLetter> deadLetters = gateway.tail(Topics.DEAD_LETTERS);
      awaitTrue(() -> gateway.metrics().contains("stroomlijn_gateway_connected{path=\"opcua\"} 1.0"));

      long now = System.currentTimeMillis();
      server.set("counter", 2500.0, StatusCode.GOOD, now);
      server.set("power", 12.5, StatusCode.UNCERTAIN, now);
      server.set("temperature", 80.0, StatusCode.BAD, now);
      awaitTrue(() -> written(readings, gateway.assets.site).size() == 3);
      assertThat(written(readings, gateway.assets.site))
          .extracting(SensorReading::getSensorId, SensorReading::getValue, SensorReading::getQuality,
              r -> r.getTimestamp().toEpochMilli(), SensorReading::getSource)
          .containsExactlyInAnyOrder(
              tuple(gateway.assets.counter, 2.5, Quality.GOOD, now, "opcua"),
              tuple(gateway.assets.power, 12.5, Quality.UNCERTAIN, now, "opcua"),
              tuple(gateway.assets.temperature, 80.0, Quality.BAD, now, "opcua"));

      server.set("counter", Double.NaN, StatusCode.GOOD, now + 1);
      awaitTrue(() -> !deadLetters.read().isEmpty());
      assertThat(deadLetters.read()).singleElement().satisfies(letter -> {
        assertThat(letter.getReasonCode()).isEqualTo("NOT_FINITE");
        assertThat(letter.getField()).isEqualTo("value");
        assertThat(letter.getSource()).isEqualTo("opcua");
        assertThat(StandardCharsets.UTF_8.decode(letter.getOriginalValue()).toString())
            .contains("\"nodeId\":\"ns=2;s=counter\"", "\"value\":\"NaN\"");
      });

      // The server goes away and comes back without our subscription: the gateway reconnects and subscribes again.
      server.close();
      awaitTrue(() -> gateway.metrics().contains("stroomlijn_gateway_connected{path=\"opcua\"} 0.0"));
      server = new EmbeddedOpcUaServer(port, VARIABLES);
      awaitTrue(() -> gateway.metrics().contains("stroomlijn_gateway_connected{path=\"opcua\"} 1.0"));
      server.set("counter", 3000.0, StatusCode.GOOD, now + 2);
      awaitTrue(() -> written(readings, gateway.assets.site).size() == 4);
      assertThat(written(readings, gateway.assets.site)).last()
          .extracting(SensorReading::getSensorId, SensorReading::getValue)
          .containsExactly(gateway.assets.counter, 3.0);
    } finally {
      server.close();
    }
  }

  @Test
  void aUserWithThePasswordFromAFileSubscribesAndARefusedNodeIsVisible(Stack stack, @TempDir Path dir)
      throws Exception {
    int port = EmbeddedOpcUaServer.freePort();
    Path passwordFile = Files.writeString(dir.resolve("opcua-password"), "s3cret-" + port + "\n");
    try (EmbeddedOpcUaServer server = new EmbeddedOpcUaServer(port, VARIABLES, "gateway", "s3cret-" + port);
         GatewayFixture gateway = new GatewayFixture(stack, assets -> Map.of(
             "STROOMLIJN_INGEST_HTTP_ENABLED", "false",
             "STROOMLIJN_INGEST_OPCUA_ENDPOINT", server.endpointUrl(),
             "STROOMLIJN_INGEST_OPCUA_USERNAME", "gateway",
             "STROOMLIJN_INGEST_OPCUA_PASSWORD_FILE", passwordFile.toString(),
             "STROOMLIJN_INGEST_OPCUA_NODES", String.join(",",
                 assets.power + "@" + EmbeddedOpcUaServer.nodeId("power"),
                 assets.counter + "@" + EmbeddedOpcUaServer.nodeId("no-such-variable")),
             "STROOMLIJN_INGEST_OPCUA_SAMPLING_INTERVAL", "PT0.05S"))) {
      TopicTail<SensorReading> readings = gateway.tail(Topics.READINGS);
      awaitTrue(() -> gateway.metrics().contains("stroomlijn_gateway_connected{path=\"opcua\"} 1.0"));

      assertThat(gateway.metrics()).contains("stroomlijn_gateway_refused_nodes{path=\"opcua\"} 1.0");
      assertThat(gateway.ready()).contains("nodes refused by the server", "ns=2;s=no-such-variable",
          gateway.assets.counter, "Bad_NodeIdUnknown");
      long now = System.currentTimeMillis();
      server.set("power", 7.5, StatusCode.GOOD, now);
      awaitTrue(() -> written(readings, gateway.assets.site).size() == 1);
      assertThat(written(readings, gateway.assets.site)).singleElement()
          .extracting(SensorReading::getSensorId, SensorReading::getValue).containsExactly(gateway.assets.power, 7.5);
    }
  }

  @Test
  void aWrongPasswordGetsNoSession(Stack stack) throws Exception {
    int port = EmbeddedOpcUaServer.freePort();
    try (EmbeddedOpcUaServer server = new EmbeddedOpcUaServer(port, VARIABLES, "gateway", "right");
         GatewayFixture gateway = new GatewayFixture(stack, assets -> Map.of(
             "STROOMLIJN_INGEST_HTTP_ENABLED", "false",
             "STROOMLIJN_INGEST_OPCUA_ENDPOINT", server.endpointUrl(),
             "STROOMLIJN_INGEST_OPCUA_USERNAME", "gateway",
             "STROOMLIJN_INGEST_OPCUA_PASSWORD", "wrong",
             "STROOMLIJN_INGEST_OPCUA_NODES", assets.power + "@" + EmbeddedOpcUaServer.nodeId("power")))) {
      // Long enough for several connect attempts (every 2 s).
      Thread.sleep(5_000);
      assertThat(gateway.metrics()).contains("stroomlijn_gateway_connected{path=\"opcua\"} 0.0");
      assertThat(gateway.ready()).contains("not subscribed");
    }
  }

  @Test
  void aSignedAndEncryptedChannelWithPinnedCertificates(Stack stack, @TempDir Path dir) throws Exception {
    KeyPair keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    X509Certificate gatewayCertificate = new SelfSignedCertificateBuilder(keyPair).setCommonName("stroomlijn gateway")
        .setApplicationUri("urn:stroomlijn:test:gateway").addIpAddress("127.0.0.1").build();
    Path keystore = dir.resolve("gateway.p12");
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("gateway", keyPair.getPrivate(), "ks-pass".toCharArray(), new X509Certificate[] {gatewayCertificate});
    try (var out = Files.newOutputStream(keystore)) {
      store.store(out, "ks-pass".toCharArray());
    }
    int port = EmbeddedOpcUaServer.freePort();
    try (EmbeddedOpcUaServer server = new EmbeddedOpcUaServer(port, VARIABLES, null, null, gatewayCertificate)) {
      Path serverCertificate = Files.write(dir.resolve("server.der"), server.certificate().getEncoded());
      Path wrongCertificate = Files.write(dir.resolve("wrong.der"), gatewayCertificate.getEncoded());
      Map<String, String> secure = new java.util.HashMap<>(Map.of(
          "STROOMLIJN_INGEST_HTTP_ENABLED", "false",
          "STROOMLIJN_INGEST_OPCUA_ENDPOINT", server.endpointUrl(),
          "STROOMLIJN_INGEST_OPCUA_SECURITY_POLICY", "Basic256Sha256",
          "STROOMLIJN_INGEST_OPCUA_KEYSTORE", keystore.toString(),
          "STROOMLIJN_INGEST_OPCUA_KEYSTORE_PASSWORD", "ks-pass",
          "STROOMLIJN_INGEST_OPCUA_SERVER_CERTIFICATE", serverCertificate.toString(),
          "STROOMLIJN_INGEST_OPCUA_SAMPLING_INTERVAL", "PT0.05S"));
      try (GatewayFixture gateway = new GatewayFixture(stack, assets -> {
        Map<String, String> env = new java.util.HashMap<>(secure);
        env.put("STROOMLIJN_INGEST_OPCUA_NODES", assets.power + "@" + EmbeddedOpcUaServer.nodeId("power"));
        return env;
      })) {
        TopicTail<SensorReading> readings = gateway.tail(Topics.READINGS);
        awaitTrue(() -> gateway.metrics().contains("stroomlijn_gateway_connected{path=\"opcua\"} 1.0"));
        assertThat(server.sessionSecurityPolicies()).containsExactly(SecurityPolicy.Basic256Sha256.getUri());
        server.set("power", 4.5, StatusCode.GOOD, System.currentTimeMillis());
        awaitTrue(() -> written(readings, gateway.assets.site).size() == 1);
        assertThat(written(readings, gateway.assets.site).get(0).getValue()).isEqualTo(4.5);
      }
      // A server certificate other than the pinned one is not trusted: no session.
      secure.put("STROOMLIJN_INGEST_OPCUA_SERVER_CERTIFICATE", wrongCertificate.toString());
      try (GatewayFixture gateway = new GatewayFixture(stack, assets -> {
        Map<String, String> env = new java.util.HashMap<>(secure);
        env.put("STROOMLIJN_INGEST_OPCUA_NODES", assets.power + "@" + EmbeddedOpcUaServer.nodeId("power"));
        return env;
      })) {
        Thread.sleep(5_000);
        assertThat(gateway.metrics()).contains("stroomlijn_gateway_connected{path=\"opcua\"} 0.0");
        assertThat(server.sessionSecurityPolicies()).isEmpty();
      }
    }
  }

  /** The readings of the test's site except the 0.0 every variable starts with (a new subscription first reports the current value). */
  private static List<SensorReading> written(TopicTail<SensorReading> readings, String site) {
    return readings.read().stream()
        .filter(r -> r.getSensorId().startsWith(site + "/") && r.getValue() != 0.0)
        .sorted(java.util.Comparator.comparing(SensorReading::getReceivedAt))
        .toList();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Condition condition) throws Exception {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + PATIENCE);
      }
      Thread.sleep(200);
    }
  }
}
