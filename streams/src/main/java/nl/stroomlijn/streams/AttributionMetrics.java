package nl.stroomlijn.streams;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import nl.stroomlijn.schemas.AttributedConsumption;

/** The attribution app's own Prometheus metrics; Kafka Streams' metrics are bridged beside them. */
public final class AttributionMetrics {

  private final Counter recordsIn;
  private final Counter slicesOut;
  private final Counter readings;
  private final Counter machineEvents;
  private final Counter deadLetters;
  private final Counter unassigned;
  private final Counter attributed;

  public AttributionMetrics(PrometheusRegistry registry) {
    recordsIn = Counter.builder().name("stroomlijn_attribution_records_in_total")
        .help("Records read from the input topics, by topic.").labelNames("topic").register(registry);
    slicesOut = Counter.builder().name("stroomlijn_attribution_slices_out_total")
        .help("Attributed consumption slices written.").register(registry);
    readings = Counter.builder().name("stroomlijn_attribution_readings_total")
        .help("Meter readings by what became of them: accepted, bad (kept out of totals), duplicate (dropped), late (to the DLQ), not_consumption (process values).")
        .labelNames("outcome").register(registry);
    machineEvents = Counter.builder().name("stroomlijn_attribution_machine_events_total")
        .help("Machine state and production events by outcome: applied, late (applied after intervals up to it may have been sliced).")
        .labelNames("outcome").register(registry);
    deadLetters = Counter.builder().name("stroomlijn_attribution_dead_letters_total")
        .help("Records written to the dead-letter topic, by reason code.").labelNames("reason").register(registry);
    unassigned = Counter.builder().name("stroomlijn_attribution_unassigned_quantity_total")
        .help("Consumption attributed to a machine with no order running (a waste signal), in the unit.")
        .labelNames("medium", "unit").register(registry);
    attributed = Counter.builder().name("stroomlijn_attribution_quantity_total")
        .help("All consumption attributed, in the unit.").labelNames("medium", "unit").register(registry);
  }

  public void recordIn(String topic) {
    recordsIn.labelValues(topic).inc();
  }

  public void reading(String outcome) {
    readings.labelValues(outcome).inc();
  }

  public void machineEvent(String outcome) {
    machineEvents.labelValues(outcome).inc();
  }

  public void deadLetter(String reasonCode) {
    deadLetters.labelValues(reasonCode).inc();
  }

  public void sliceOut(AttributedConsumption slice) {
    slicesOut.inc();
    double quantity = slice.getQuantity().doubleValue();
    attributed.labelValues(slice.getMedium().name(), slice.getUnit()).inc(quantity);
    if (slice.getOrderId() == null) {
      unassigned.labelValues(slice.getMedium().name(), slice.getUnit()).inc(quantity);
    }
  }
}
