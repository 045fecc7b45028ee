package nl.stroomlijn.streams;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.PrometheusNaming;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Kafka Streams' own metrics (and its clients') as Prometheus gauges, read at each scrape:
 * {@code kafka_streams_<group>_<name>} with the metric's tags as labels, numeric values only.
 */
public final class KafkaStreamsMetricsCollector implements MultiCollector {

  private final Supplier<Map<MetricName, ? extends Metric>> metrics;

  public KafkaStreamsMetricsCollector(Supplier<Map<MetricName, ? extends Metric>> metrics) {
    this.metrics = metrics;
  }

  @Override
  public MetricSnapshots collect() {
    Map<String, GaugeSnapshot.Builder> families = new TreeMap<>();
    Map<String, List<String>> labelNames = new TreeMap<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
      if (!(entry.getValue().metricValue() instanceof Number number) || Double.isNaN(number.doubleValue())) {
        continue;
      }
      MetricName name = entry.getKey();
      String family = PrometheusNaming.sanitizeMetricName("kafka_streams_" + name.group().replace("-metrics", "")
          + "_" + name.name());
      List<String> keys = new ArrayList<>(new TreeMap<>(name.tags()).keySet());
      // One family, one label set, unique labels: a metric that would break either is left out.
      if (!labelNames.computeIfAbsent(family, f -> keys).equals(keys) || !seen.add(family + new TreeMap<>(name.tags()))) {
        continue;
      }
      Labels.Builder labels = Labels.builder();
      new TreeMap<>(name.tags()).forEach((key, value) -> labels.label(PrometheusNaming.sanitizeLabelName(key), value));
      families.computeIfAbsent(family, f -> GaugeSnapshot.builder().name(f).help(name.description()))
          .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(number.doubleValue()).labels(labels.build())
              .build());
    }
    MetricSnapshots.Builder snapshots = MetricSnapshots.builder();
    families.values().forEach(builder -> snapshots.metricSnapshot(builder.build()));
    return snapshots.build();
  }
}
