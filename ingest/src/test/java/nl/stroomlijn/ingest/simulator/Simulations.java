package nl.stroomlijn.ingest.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import nl.stroomlijn.ingest.plant.FaultKind;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.sink.MemorySink;
import nl.stroomlijn.ingest.sink.TeeSink;
import nl.stroomlijn.ingest.truth.GroundTruth;

/** Runs simulations of the shipped plants in memory, for tests. */
public final class Simulations {

  public static final Instant START = Instant.parse("2026-01-05T06:00:00Z");

  /** A finished simulation: what was delivered, the report and the computed ground truth. */
  public record Run(MemorySink records, SimulationReport report, GroundTruth truth) {
  }

  private Simulations() {
  }

  public static Plant defaultPlant(Map<FaultKind, Double> faults) {
    return PlantLoader.loadNamed("default").withFaults(faults);
  }

  public static Run run(Plant plant, long seed, Duration duration) {
    SimulationOptions options = SimulationOptions.of(seed, START, duration);
    MemorySink records = new MemorySink();
    GroundTruth truth = new GroundTruth(plant, options.reorderWindow().toMillis(), options.gapThreshold().toMillis());
    SimulationReport report = new Simulator(plant, options).run(new TeeSink(records, truth));
    return new Run(records, report, truth.compute());
  }
}
