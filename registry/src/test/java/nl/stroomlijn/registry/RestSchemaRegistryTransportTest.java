package nl.stroomlijn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the REST client travels: TLS with a private trust store, HTTP basic auth, Confluent error
 * bodies, failover between URLs. A real HTTPS server on loopback stands in for the network path
 * (the registry's own behaviour is tested against a real registry in {@code RestSchemaRegistryIT}).
 */
class RestSchemaRegistryTransportTest {

  private static final String PASSWORD = "changeit";
  private static final String USER_INFO = "svc:s3cret";

  @TempDir
  static Path dir;
  static Path keyStore;
  static HttpsServer server;
  static String url;

  @BeforeAll
  static void startHttpsServer() throws Exception {
    keyStore = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "registry", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
        .redirectErrorStream(true).start();
    String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(output).isZero();

    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, PASSWORD.toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD.toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);

    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    server.createContext("/api/", RestSchemaRegistryTransportTest::answer);
    server.start();
    url = "https://127.0.0.1:" + server.getAddress().getPort() + "/api";
  }

  @AfterAll
  static void stop() {
    server.stop(0);
  }

  private static void answer(HttpExchange exchange) throws IOException {
    String expected = "Basic " + Base64.getEncoder().encodeToString(USER_INFO.getBytes(StandardCharsets.UTF_8));
    String path = exchange.getRequestURI().getPath();
    if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
      respond(exchange, 401, "{\"error_code\":40101,\"message\":\"Unauthorized\"}");
    } else if (path.equals("/api/subjects")) {
      respond(exchange, 200, "[\"factory.readings.raw-value\"]");
    } else {
      respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema 5 not found\"}");
    }
  }

  private static void respond(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static RegistryConfig config(List<String> urls, String userInfo, boolean trust) {
    RegistryConfig.Tls tls = trust
        ? new RegistryConfig.Tls(keyStore.toString(), PASSWORD, "PKCS12", null, null, null, null) : null;
    return new RegistryConfig(urls, userInfo, tls, null);
  }

  @Test
  void authenticatedOverTlsWithAPrivateTrustStore() {
    var registry = new RestSchemaRegistry(config(List.of(url), USER_INFO, true));
    assertThat(registry.subjects()).containsExactly("factory.readings.raw-value");
  }

  @Test
  void wrongCredentialsAreAClearError() {
    var registry = new RestSchemaRegistry(config(List.of(url), "svc:wrong", true));
    assertThatThrownBy(registry::subjects)
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401))
        .hasMessageContaining("HTTP 401").hasMessageContaining("list subjects").hasMessageContaining("Unauthorized");
  }

  @Test
  void registryErrorCodesAreKept() {
    var registry = new RestSchemaRegistry(config(List.of(url), USER_INFO, true));
    assertThatThrownBy(() -> registry.schemaById(5))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.isNotFound()).isTrue();
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
          assertThat(e.schemaId()).isEqualTo(5);
        })
        .hasMessageContaining("schema id 5");
  }

  @Test
  void anUntrustedCertificateIsRefused() {
    var registry = new RestSchemaRegistry(config(List.of(url), USER_INFO, false));
    assertThatThrownBy(registry::subjects)
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isZero())
        .hasMessageContaining("TLS handshake").hasMessageContaining("trust store");
  }

  @Test
  void theNextUrlIsTriedWhenOneCannotBeReached() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    var registry = new RestSchemaRegistry(config(List.of("https://127.0.0.1:" + closedPort + "/api", url), USER_INFO, true));
    assertThat(registry.subjects()).containsExactly("factory.readings.raw-value");
  }
}
