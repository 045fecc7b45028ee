package nl.stroomlijn.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one HTTP server of a service process: Prometheus metrics on {@code /metrics},
 * liveness on {@code /health/live} and readiness on {@code /health/ready}.
 */
public final class ServiceEndpoints implements AutoCloseable {

  public static final String METRICS_PATH = "/metrics";
  public static final String LIVE_PATH = "/health/live";
  public static final String READY_PATH = "/health/ready";

  private static final Logger log = LoggerFactory.getLogger(ServiceEndpoints.class);
  private static final int THREADS = 2;

  private final HttpServer server;
  private final ExecutorService executor;
  private final PrometheusRegistry registry;
  private final Info info;
  private final ReadinessChecks readiness = new ReadinessChecks();

  private ServiceEndpoints(String serviceName, EndpointsConfig config) {
    this.registry = config.registry();
    JvmMetrics.builder().register(registry); // once per registry: the builder remembers
    this.info = Info.builder()
        .name("stroomlijn_service_info")
        .help("Which Stroomlijn service runs here, and its version")
        .labelNames("service", "version")
        .register(registry);
    info.setLabelValues(serviceName, config.version());

    Map<String, HttpHandler> routes = Map.of(
        METRICS_PATH, new MetricsHandler(registry),
        LIVE_PATH, exchange -> respondJson(exchange, 200, "{\"status\":\"UP\"}"),
        READY_PATH, this::ready);
    try {
      this.server = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 0);
    } catch (IOException e) {
      registry.unregister(info);
      throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port(), e);
    }
    this.executor = Executors.newFixedThreadPool(THREADS, runnable -> {
      Thread thread = new Thread(runnable, "service-endpoints");
      thread.setDaemon(true); // never keeps a stopping service alive
      return thread;
    });
    server.setExecutor(executor);
    // One context for all paths so that only exact paths match (contexts match by prefix).
    server.createContext("/", exchange -> route(routes, exchange));
    server.start();
    log.info("{} serves {}, {} and {} on {}", serviceName, METRICS_PATH, LIVE_PATH, READY_PATH, baseUri());
  }

  /** Starts the server; fails with {@link UncheckedIOException} when the address is taken. */
  public static ServiceEndpoints start(String serviceName, EndpointsConfig config) {
    return new ServiceEndpoints(serviceName, config);
  }

  /** The bound port: the free one chosen when the configured port was 0. */
  public int port() {
    return server.getAddress().getPort();
  }

  public URI baseUri() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
  }

  /** The registry served on {@code /metrics}; register the service's own metrics here. */
  public PrometheusRegistry registry() {
    return registry;
  }

  /** Adds a check that must be UP for {@code /health/ready} to answer 200; names are unique. */
  public void addReadinessCheck(String name, ReadinessCheck check) {
    readiness.add(name, check);
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
    registry.unregister(info); // a later start on the same registry may register it again
  }

  private void ready(HttpExchange exchange) throws IOException {
    ReadinessChecks.Report report = readiness.evaluate();
    respondJson(exchange, report.ready() ? 200 : 503, report.json());
  }

  private static void route(Map<String, HttpHandler> routes, HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpHandler handler = routes.get(exchange.getRequestURI().getPath());
      if (handler == null) {
        respondJson(exchange, 404, "{\"error\":\"not found\"}");
      } else if (!"GET".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET");
        respondJson(exchange, 405, "{\"error\":\"method not allowed\"}");
      } else {
        handler.handle(exchange);
      }
    }
  }

  private static void respondJson(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
