package nl.stroomlijn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import nl.stroomlijn.ingest.plant.FaultKind;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.SimulationReport;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.Progress;
import nl.stroomlijn.ingest.sink.RecordSink;
import nl.stroomlijn.ingest.sink.TeeSink;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.ingest.truth.TruthFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stroomlijn simulate}: the factory simulator into Kafka, with its ground truth. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
    description = "Simulates a plant in event time and produces its machine states, production events and "
        + "meter readings (with the plant's faults) to Kafka, deterministically for a seed. With --truth, writes "
        + "the exact ground truth of what it delivered. Load mode unless --rate or --time-scale is given.")
final class SimulateCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private KafkaOutputOptions output;

  @Mixin
  private PlantOptions plantOptions;

  @Option(names = "--start", paramLabel = "INSTANT",
      description = "Event time of the first records, ISO-8601 (default: now, to the minute).")
  private Instant start;

  @Option(names = "--duration", paramLabel = "DURATION",
      description = "Simulated time to run, ISO-8601 (e.g. PT24H).")
  private Duration duration;

  @Option(names = "--records", paramLabel = "N", description = "Stop after N records.")
  private long records;

  @Option(names = "--fault", paramLabel = "KIND=RATE",
      description = "Set a fault's rate (0 = off), repeatable; kinds: ${COMPLETION-CANDIDATES}.")
  private Map<FaultKind, Double> faults = new LinkedHashMap<>();

  @Option(names = "--no-faults", description = "Switch off the plant's own faults (then --fault adds some).")
  private boolean noFaults;

  @Option(names = "--reorder-window", paramLabel = "DURATION", defaultValue = "PT2M",
      description = "Consumers' reorder window: out-of-order faults stay within it (default ${DEFAULT-VALUE}).")
  private Duration reorderWindow;

  @Option(names = "--gap-threshold", paramLabel = "DURATION", defaultValue = "PT5M",
      description = "Consumers' gap threshold (default ${DEFAULT-VALUE}).")
  private Duration gapThreshold;

  @Option(names = "--truth", paramLabel = "DIR", description = "Write the ground truth into this directory.")
  private Path truthDir;

  @Option(names = "--dry-run", description = "Produce nothing (no Kafka): only simulate, and write the truth.")
  private boolean dryRun;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (!dryRun && output.bootstrapServers == null) {
      err.println("simulate needs --bootstrap-servers (or --dry-run)");
      return 2;
    }
    Plant plant = plantOptions.load();
    Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    if (!noFaults) {
      rates.putAll(plant.faults());
    }
    rates.putAll(faults);
    plant = plant.withFaults(rates);
    SimulationOptions options = new SimulationOptions(plantOptions.seed,
        start != null ? start : Instant.now().truncatedTo(ChronoUnit.MINUTES), duration, records, reorderWindow,
        gapThreshold, true, output.pace(), new Progress("simulate", System.err));
    GroundTruth truth = truthDir == null ? null
        : new GroundTruth(plant, reorderWindow.toMillis(), gapThreshold.toMillis());
    RecordSink kafka = dryRun ? RecordSink.discard() : output.sink();
    SimulationReport report;
    try (RecordSink sink = truth == null ? kafka : new TeeSink(kafka, truth)) {
      report = new Simulator(plant, options).run(sink);
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("simulated %s from %s to %s: %,d records %s, %,d faults injected%n", plant.name(),
        Instant.ofEpochMilli(report.start()), Instant.ofEpochMilli(report.end()), report.records(),
        report.recordsPerTopic(), report.faults().size());
    if (truth != null) {
      TruthFiles.write(truthDir, truth, report, plantOptions.seed);
      out.println("ground truth written to " + truthDir.toAbsolutePath());
    }
    return 0;
  }
}
