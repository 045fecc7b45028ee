package nl.stroomlijn.streams.anomaly;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.EpisodeStatus;

/**
 * Prometheus metrics of the anomaly application: episodes open by kind and points scored (its rate
 * is points per second). The open count is this process's view: it restarts at zero with the process.
 */
public final class AnomalyMetrics {

  private final Gauge episodesOpen;
  private final Counter pointsScored;

  public AnomalyMetrics(PrometheusRegistry registry) {
    episodesOpen = Gauge.builder().name("stroomlijn_anomaly_episodes_open")
        .help("Anomaly episodes open now, by kind").labelNames("kind").register(registry);
    pointsScored = Counter.builder().name("stroomlijn_anomaly_points_scored_total")
        .help("Points scored by the anomaly detectors (readings, consumption slices, production counts)").register(registry);
  }

  /** Metrics registered nowhere, for tests and tools. */
  public static AnomalyMetrics unregistered() {
    return new AnomalyMetrics(new PrometheusRegistry());
  }

  void scored() {
    pointsScored.inc();
  }

  void episode(AnomalyKind kind, EpisodeStatus status) {
    if (status == EpisodeStatus.OPENED) {
      episodesOpen.labelValues(kind.name()).inc();
    } else if (status == EpisodeStatus.CLOSED) {
      episodesOpen.labelValues(kind.name()).dec();
    }
  }

  double open(AnomalyKind kind) {
    return episodesOpen.labelValues(kind.name()).get();
  }
}
