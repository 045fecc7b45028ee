package nl.stroomlijn.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.MemorySink;
import nl.stroomlijn.ingest.sink.TeeSink;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.MeasurementKind;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/**
 * The simulator's default plant, faults on, delivered in its order into the topology: every cell
 * of its ground truth (written independently from the same spec page) is matched exactly. The
 * same check on a real broker and registry is {@code AttributionIT}.
 *
 * <p>The whole run is there before the app reads it, a backlog: no wall-clock rule applies until
 * the end, so what is released on the way is released by event time alone, and must come out
 * close to event-time order for a windowed consumer (the KPI job) not to find it late.
 */
class SimulatedPlantTest {

  @Test
  void defaultPlantWithFaultsMatchesTheGroundTruthExactly() {
    var plant = PlantLoader.loadNamed("default");
    SimulationOptions options = SimulationOptions.of(7, java.time.Instant.parse("2026-01-05T06:00:00Z"),
        Duration.ofHours(3));
    GroundTruth truth = new GroundTruth(plant, options.reorderWindow().toMillis(), options.gapThreshold().toMillis());
    MemorySink delivered = new MemorySink();
    new Simulator(plant, options).run(new TeeSink(delivered, truth));
    truth.compute();

    TruthComparison comparison = new TruthComparison();
    try (AttributionDriver app = new AttributionDriver()) {
      for (MemorySink.Sent sent : delivered.records()) {
        app.pipe(sent.topic().name(), sent.key(), sent.value(), sent.timestamp());
      }
      int onTheWay = assertReleasedInEventTimeOrder(plant, options, app.config, app.sliceRecords());
      app.flush();
      int atTheEnd = app.sliceRecords().size();
      // Only the run's last minutes (a reading interval and the reorder window, the grace and the max lag) wait for its end.
      assertThat(atTheEnd).as("slices released only at the end of the run, of %,d", onTheWay + atTheEnd)
          .isLessThan((onTheWay + atTheEnd) / 20);
      for (AttributedConsumption slice : app.slices()) {
        comparison.add(slice);
      }
      long late = truth.meters().values().stream().mapToLong(GroundTruth.MeterTruth::late).sum();
      assertThat(late).as("the run has late readings").isPositive();
      assertThat(app.deadLetters()).hasSize((int) late);
    }
    comparison.assertEquals(truth);
  }

  /**
   * Each measured slice of the backlog starts at most its meter's bound behind the latest start
   * written before it: its interval {@code [a, b)} spans at most the meter's reading interval
   * (interval meters) or the gap threshold (pairs; longer ones are estimated); it is metered once
   * the meter's stream time passes {@code b} plus the reorder window, by a reading at most one
   * reading interval later; and sliced once the input has passed {@code b} by the grace plus the
   * max lag (plus the 10 s between scans). So {@code bound = span + max(reorderWindow + interval,
   * grace + maxLag + 10 s)}: 32 min for the 15-minute smart meter, 8 min 10 s for one read every 10 s.
   * Estimated slices come after a meter's silence, and lie behind by the gap: only counted.
   *
   * @return the number of slices
   */
  private static int assertReleasedInEventTimeOrder(Plant plant, SimulationOptions options, AttributionConfig config,
                                                     List<TestRecord<String, AttributedConsumption>> slices) {
    Map<String, Long> bounds = new HashMap<>();
    long released = config.timelineGrace().plus(config.timelineMaxLag()).toMillis() + 10_000;
    for (Plant.Meter meter : plant.meters()) {
      boolean intervalMeter = meter.measurement() == MeasurementKind.INTERVAL_TOTAL
          || meter.measurement() == MeasurementKind.INTERVAL_AVERAGE_RATE;
      long span = intervalMeter ? meter.intervalMillis() : options.gapThreshold().toMillis();
      bounds.put(meter.id(), span + Math.max(options.reorderWindow().toMillis() + meter.intervalMillis(), released));
    }
    long latest = Long.MIN_VALUE;
    long mostBehind = 0;
    int estimated = 0;
    for (TestRecord<String, AttributedConsumption> record : slices) {
      AttributedConsumption slice = record.value();
      long start = slice.getStart().toEpochMilli();
      latest = Math.max(latest, start);
      if (slice.getEstimated()) {
        estimated++;
        continue;
      }
      mostBehind = Math.max(mostBehind, latest - start);
      assertThat(latest - start).as("how far %s lies behind the latest slice before it", slice)
          .isLessThanOrEqualTo(bounds.get(slice.getMeterId()));
    }
    System.out.printf("released on the backlog: %,d slices, measured ones at most %s behind the latest before them; "
        + "%,d estimated%n", slices.size(), Duration.ofMillis(mostBehind), estimated);
    return slices.size();
  }
}
