package nl.stroomlijn.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.MemorySink;
import nl.stroomlijn.ingest.sink.TeeSink;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.schemas.AttributedConsumption;
import org.junit.jupiter.api.Test;

/**
 * The simulator's default plant, faults on, delivered in its order into the topology: every cell
 * of its ground truth (written independently from the same spec page) is matched exactly. The
 * same check on a real broker and registry is {@code AttributionIT}.
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
      app.flush();
      for (AttributedConsumption slice : app.slices()) {
        comparison.add(slice);
      }
      long late = truth.meters().values().stream().mapToLong(GroundTruth.MeterTruth::late).sum();
      assertThat(late).as("the run has late readings").isPositive();
      assertThat(app.deadLetters()).hasSize((int) late);
    }
    comparison.assertEquals(truth);
  }
}
