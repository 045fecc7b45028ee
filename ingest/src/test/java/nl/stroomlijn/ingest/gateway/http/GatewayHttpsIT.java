package nl.stroomlijn.ingest.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import nl.stroomlijn.ingest.gateway.GatewayFixture;
import nl.stroomlijn.ingest.gateway.TopicTail;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP path with TLS: a keystore made by the test, a client that trusts it, clients that do not speak TLS or trust it. */
@WithStack
class GatewayHttpsIT {

  private static final String PASSWORD = "changeit-" + System.nanoTime();

  @TempDir
  Path dir;

  @Test
  void aTrustingClientPostsOverTlsAndPlainHttpIsRefused(Stack stack) throws Exception {
    Path keystore = keystore(dir.resolve("gateway.p12"));
    try (GatewayFixture gateway = new GatewayFixture(stack, Map.of(
        "STROOMLIJN_INGEST_HTTP_TLS_KEYSTORE", keystore.toString(),
        "STROOMLIJN_INGEST_HTTP_TLS_KEYSTORE_PASSWORD", PASSWORD))) {
      URI https = gateway.service.httpUri().resolve("/v1/readings");
      assertThat(https.getScheme()).isEqualTo("https");
      TopicTail<SensorReading> readings = gateway.tail(Topics.READINGS);
      String body = "{\"sensorId\":\"" + gateway.assets.counter + "\",\"timestamp\":" + System.currentTimeMillis()
          + ",\"value\":1500,\"unit\":\"Wh\"}";

      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
      HttpResponse<String> answer = trusting.send(post(https, body), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.body()).contains("\"accepted\":1");
      assertThat(readings.read()).singleElement().extracting(SensorReading::getValue).isEqualTo(1.5);

      URI plain = URI.create("http://" + https.getAuthority() + "/v1/readings");
      HttpClient plainClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      assertThatThrownBy(() -> plainClient.send(post(plain, body), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(IOException.class);
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(post(https, body), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);
      assertThat(readings.read()).hasSize(1);
    }
  }

  private static HttpRequest post(URI uri, String body) {
    return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + GatewayFixture.TOKEN).header("Content-Type", "application/x-ndjson")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  /** A self-signed key pair for 127.0.0.1, made by the JDK's keytool as an operator would. */
  private static Path keystore(Path file) throws Exception {
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "gateway", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();
    return file;
  }

  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, trust.getTrustManagers(), null);
    return tls;
  }
}
