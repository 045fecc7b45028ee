package nl.stroomlijn.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.logging.log4j.layout.template.json.util.JsonReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ServiceEndpointsTest {

  /** A sample line of the Prometheus text format: name, optional labels, value. */
  private static final Pattern SAMPLE_LINE =
      Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\{([a-zA-Z_][a-zA-Z0-9_]*=\"([^\"\\\\]|\\\\.)*\",?)*})? \\S+( -?\\d+)?");
  private static final Pattern COMMENT_LINE = Pattern.compile("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .*");

  private final HttpClient http = HttpClient.newHttpClient();
  private PrometheusRegistry registry;
  private ServiceEndpoints endpoints;

  @BeforeEach
  void start() {
    registry = new PrometheusRegistry();
    endpoints = ServiceEndpoints.start("test-service", EndpointsConfig.defaults().withPort(0).withVersion("1.2.3").withRegistry(registry));
  }

  @AfterEach
  void stop() {
    endpoints.close();
  }

  @Test
  void metricsServeTheServicesCounterJvmMetricsAndInfoInParseableTextFormat() throws Exception {
    Counter records = Counter.builder().name("stroomlijn_test_records_total").help("records seen").labelNames("topic").register(registry);
    records.labelValues("factory.readings.raw").inc(3);

    HttpResponse<String> response = get("/metrics");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/plain; version=0.0.4"));
    assertThat(response.body())
        .contains("stroomlijn_test_records_total{topic=\"factory.readings.raw\"} 3.0")
        .contains("stroomlijn_service_info{service=\"test-service\",version=\"1.2.3\"} 1")
        .contains("jvm_memory_used_bytes{area=\"heap\"}")
        .contains("jvm_threads_current");
    List<String> lines = response.body().lines().toList();
    assertThat(lines).isNotEmpty().allSatisfy(line -> assertThat(
        SAMPLE_LINE.matcher(line).matches() || COMMENT_LINE.matcher(line).matches()).as(line).isTrue());
  }

  @Test
  void histogramsCarryClassicBucketsForATextFormatScraper() throws Exception {
    Histogram latency = Histogram.builder().name("stroomlijn_test_latency_seconds").help("latency").register(registry);
    latency.observe(0.2);

    assertThat(get("/metrics").body()).contains("stroomlijn_test_latency_seconds_bucket{le=\"0.25\"} 1");
  }

  @Test
  void metricsServeOpenMetricsWhenAskedFor() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(endpoints.baseUri().resolve("/metrics"))
        .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8").build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/openmetrics-text"));
    assertThat(response.body()).contains("# TYPE stroomlijn_service info").endsWith("# EOF\n");
  }

  @Test
  void liveAnswers200() throws Exception {
    HttpResponse<String> response = get("/health/live");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(json(response)).containsEntry("status", "UP");
  }

  @Test
  void readyWithoutChecksAnswers200() throws Exception {
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void readyFollowsItsChecksAndNamesTheFailingOne() throws Exception {
    AtomicReference<CheckResult> kafka = new AtomicReference<>(CheckResult.up("connected"));
    endpoints.addReadinessCheck("kafka", kafka::get);
    endpoints.addReadinessCheck("state-store", CheckResult::up);

    HttpResponse<String> up = get("/health/ready");
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(json(up)).containsEntry("status", "UP");

    kafka.set(CheckResult.down("no broker at 127.0.0.1:9092"));
    HttpResponse<String> down = get("/health/ready");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(json(down)).isEqualTo(Map.of("status", "DOWN", "checks", List.of(
        Map.of("name", "kafka", "status", "DOWN", "detail", "no broker at 127.0.0.1:9092"),
        Map.of("name", "state-store", "status", "UP", "detail", ""))));

    kafka.set(CheckResult.up());
    assertThat(get("/health/ready").statusCode()).isEqualTo(200);
  }

  @Test
  void aThrowingCheckIsDownWithItsMessage() throws Exception {
    endpoints.addReadinessCheck("registry", () -> {
      throw new IllegalStateException("registry said \"503\"\nretrying");
    });

    HttpResponse<String> response = get("/health/ready");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).get("checks")).isEqualTo(List.of(
        Map.of("name", "registry", "status", "DOWN", "detail", "registry said \"503\"\nretrying")));
  }

  @Test
  void aCheckNameIsRegisteredOnce() {
    endpoints.addReadinessCheck("kafka", CheckResult::up);

    assertThatThrownBy(() -> endpoints.addReadinessCheck("kafka", CheckResult::up)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyTheExactPathsAnswerAndOnlyToGet() throws Exception {
    assertThat(get("/metricsx").statusCode()).isEqualTo(404);
    assertThat(get("/health").statusCode()).isEqualTo(404);
    HttpResponse<String> post = http.send(HttpRequest.newBuilder(endpoints.baseUri().resolve("/health/live"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
  }

  @Test
  void portZeroPicksAFreePortSoTwoInstancesCoexistOnLoopback() throws Exception {
    try (ServiceEndpoints other = ServiceEndpoints.start("other-service", EndpointsConfig.defaults().withPort(0))) {
      assertThat(endpoints.port()).isPositive().isNotEqualTo(other.port());
      assertThat(other.baseUri().getHost()).isEqualTo("127.0.0.1");
      assertThat(get("/health/live").statusCode()).isEqualTo(200);
      assertThat(http.send(HttpRequest.newBuilder(other.baseUri().resolve("/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body())
          .contains("service=\"other-service\"").doesNotContain("service=\"test-service\"");
    }
  }

  @Test
  void aTakenPortFailsWithTheAddress() {
    EndpointsConfig taken = EndpointsConfig.defaults().withPort(endpoints.port());

    assertThatThrownBy(() -> ServiceEndpoints.start("clash", taken))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("127.0.0.1:" + endpoints.port());
  }

  @Test
  void aRestartOnTheSameRegistryRegistersItsMetricsAgain() throws Exception {
    endpoints.close();
    endpoints = ServiceEndpoints.start("test-service", EndpointsConfig.defaults().withPort(0).withVersion("1.2.4").withRegistry(registry));

    String metrics = get("/metrics").body();
    assertThat(metrics).contains("version=\"1.2.4\"").doesNotContain("version=\"1.2.3\"");
    assertThat(metrics.lines().filter(line -> line.startsWith("# TYPE jvm_threads_current "))).hasSize(1);
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    URI uri = endpoints.baseUri().resolve(path);
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    return (Map<String, Object>) JsonReader.read(response.body());
  }
}
