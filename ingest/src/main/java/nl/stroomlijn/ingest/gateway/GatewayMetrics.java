package nl.stroomlijn.ingest.gateway;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The gateway's Prometheus metrics. */
public final class GatewayMetrics {

  /** The {@code reason} label of accepted records. */
  static final String NO_REASON = "";

  private final Counter records;
  private final Histogram produceLatency;
  private final Counter overloads;
  private final Gauge connected;
  private final Gauge refusedNodes;

  public GatewayMetrics(PrometheusRegistry registry, InFlight inFlight) {
    records = Counter.builder().name("stroomlijn_gateway_records_total")
        .help("Records received, by path, outcome (accepted, rejected, parked) and reason code")
        .labelNames("path", "outcome", "reason").register(registry);
    // Classic buckets: Prometheus 2.42 scrapes the text format.
    produceLatency = Histogram.builder().name("stroomlijn_gateway_produce_latency_seconds")
        .help("Time from handing a record to the producer to Kafka's acknowledgement (acks=all)")
        .labelNames("path")
        .classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
        .register(registry);
    overloads = Counter.builder().name("stroomlijn_gateway_overloaded_total")
        .help("Batches refused or held back because the in-flight bound was reached, by path")
        .labelNames("path").register(registry);
    connected = Gauge.builder().name("stroomlijn_gateway_connected")
        .help("1 while the path's connection (MQTT broker, OPC UA server) is up, else 0")
        .labelNames("path").register(registry);
    refusedNodes = Gauge.builder().name("stroomlijn_gateway_refused_nodes")
        .help("Configured nodes the server refused to monitor (unknown node id, no access), by path; 0 when all deliver")
        .labelNames("path").register(registry);
    GaugeWithCallback.builder().name("stroomlijn_gateway_inflight_bytes")
        .help("Payload bytes received and not yet acknowledged by Kafka")
        .callback(callback -> callback.call(inFlight.bytes())).register(registry);
    GaugeWithCallback.builder().name("stroomlijn_gateway_inflight_records")
        .help("Records received and not yet acknowledged by Kafka")
        .callback(callback -> callback.call(inFlight.records())).register(registry);
  }

  void record(String path, String outcome, String reason) {
    records.labelValues(path, outcome, reason).inc();
  }

  void produced(String path, long nanos) {
    produceLatency.labelValues(path).observe(nanos / 1e9);
  }

  void overloaded(String path) {
    overloads.labelValues(path).inc();
  }

  /** Sets how many of a path's configured nodes the server refused. */
  public void refusedNodes(String path, int count) {
    refusedNodes.labelValues(path).set(count);
  }

  /** Sets the connection state of a path. */
  public void connected(String path, boolean up) {
    connected.labelValues(path).set(up ? 1 : 0);
  }
}
