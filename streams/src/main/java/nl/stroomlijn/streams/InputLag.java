package nl.stroomlijn.streams;

import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether a Kafka Streams app has read all the input there is, from its main consumers' per-partition
 * {@code records-lag} metrics (input and repartition topics; the restore and global consumers are
 * left out). Unknown lag (no fetch yet, no partition) counts as behind.
 */
public final class InputLag {

  private InputLag() {
  }

  public static BooleanSupplier caughtUp(Supplier<Map<MetricName, ? extends Metric>> metrics) {
    return () -> {
      boolean anyPartition = false;
      for (Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
        MetricName name = entry.getKey();
        String client = name.tags().getOrDefault("client-id", "");
        if (!name.name().equals("records-lag") || !name.group().equals("consumer-fetch-manager-metrics")
            || !name.tags().containsKey("partition") || !client.endsWith("-consumer")
            || client.endsWith("-restore-consumer") || client.endsWith("-global-consumer")) {
          continue;
        }
        anyPartition = true;
        if (!(entry.getValue().metricValue() instanceof Number lag) || Double.isNaN(lag.doubleValue())
            || lag.doubleValue() > 0) {
          return false;
        }
      }
      return anyPartition;
    };
  }
}
