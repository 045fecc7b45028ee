package nl.stroomlijn.service;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Objects;

/**
 * Where {@link ServiceEndpoints} listens and what it reports.
 *
 * @param host     address to bind; loopback by default, {@code 0.0.0.0} in a pod
 * @param port     port to bind; 0 picks a free one
 * @param version  the {@code version} label of {@code stroomlijn_service_info}
 * @param registry the metrics served on {@code /metrics}
 */
public record EndpointsConfig(String host, int port, String version, PrometheusRegistry registry) {

  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_PORT = 8080;

  public EndpointsConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(registry, "registry");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
  }

  /** Loopback, port 8080, the build's version, a registry of its own. */
  public static EndpointsConfig defaults() {
    return new EndpointsConfig(DEFAULT_HOST, DEFAULT_PORT, buildVersion(), new PrometheusRegistry());
  }

  /** Defaults overridden by the settings {@code http.host} and {@code http.port}. */
  public static EndpointsConfig from(ServiceConfig config) {
    return defaults()
        .withHost(config.string("http.host").orElse(DEFAULT_HOST))
        .withPort(config.integer("http.port", 0, 65535).orElse(DEFAULT_PORT));
  }

  public EndpointsConfig withHost(String host) {
    return new EndpointsConfig(host, port, version, registry);
  }

  public EndpointsConfig withPort(int port) {
    return new EndpointsConfig(host, port, version, registry);
  }

  public EndpointsConfig withVersion(String version) {
    return new EndpointsConfig(host, port, version, registry);
  }

  public EndpointsConfig withRegistry(PrometheusRegistry registry) {
    return new EndpointsConfig(host, port, version, registry);
  }

  /** All modules share one version; the jar manifest carries it ("unknown" when run from classes). */
  private static String buildVersion() {
    String version = EndpointsConfig.class.getPackage().getImplementationVersion();
    return version != null ? version : "unknown";
  }
}
