package nl.stroomlijn.ingest.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.stack.Stack;

/**
 * A gateway on the test stack, configured as an operator would (environment variables), with a
 * plant of its own on the asset topic, and an HTTP client for its HTTP path.
 */
public final class GatewayFixture implements AutoCloseable {

  public static final String TOKEN = "test-token-" + UUID.randomUUID();

  public final Stack stack;
  public final TestAssets assets;
  public final SchemaRegistry registry;
  public final GatewayService service;
  private final HttpClient client = HttpClient.newHttpClient();

  /** @param settings extra environment, e.g. {@code STROOMLIJN_INGEST_MQTT_URL} */
  public GatewayFixture(Stack stack, Map<String, String> settings) {
    this(stack, assets -> settings);
  }

  /** @param settings extra environment that names the fixture's assets, e.g. {@code STROOMLIJN_INGEST_OPCUA_NODES} */
  public GatewayFixture(Stack stack, Function<TestAssets, Map<String, String>> settings) {
    this.stack = stack;
    this.assets = new TestAssets("site-" + UUID.randomUUID().toString().substring(0, 8));
    this.registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
    try (KafkaSink sink = new KafkaSink(stack.bootstrapServers(), registry, Map.of())) {
      assets.publish(sink);
    }
    Map<String, String> env = new HashMap<>(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers(),
        "SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl(),
        "STROOMLIJN_HTTP_PORT", "0",
        "STROOMLIJN_INGEST_HTTP_PORT", "0",
        "STROOMLIJN_INGEST_HTTP_TOKENS", "other-token," + TOKEN));
    env.putAll(settings.apply(assets));
    service = GatewayService.start(GatewayConfig.from(ServiceConfig.load(null, env)));
  }

  public <V extends org.apache.avro.specific.SpecificRecord> TopicTail<V> tail(nl.stroomlijn.topics.Topic<V> topic) {
    return new TopicTail<>(stack.bootstrapServers(), topic, registry);
  }

  public HttpResponse<String> post(String path, String contentType, byte[] body) throws IOException, InterruptedException {
    return post(path, contentType, body, TOKEN);
  }

  public HttpResponse<String> post(String path, String contentType, byte[] body, String token)
      throws IOException, InterruptedException {
    return post(path, contentType, body, token, Map.of());
  }

  public HttpResponse<String> post(String path, String contentType, byte[] body, String token,
      Map<String, String> headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(service.httpUri().resolve(path))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public String metrics() throws IOException, InterruptedException {
    URI uri = service.endpoints().baseUri().resolve("/metrics");
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The readiness answer, with the detail of every check. */
  public String ready() throws IOException, InterruptedException {
    URI uri = service.endpoints().baseUri().resolve(nl.stroomlijn.service.ServiceEndpoints.READY_PATH);
    return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Override
  public void close() {
    service.close();
  }
}
