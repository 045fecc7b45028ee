package nl.stroomlijn.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import nl.stroomlijn.streams.anomaly.series.SeriesScorer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores any numeric series with the stream application's per-meter detectors. */
@Command(name = "score", mixinStandardHelpOptions = true,
    description = {
        "Scores a CSV series timestamp,value (header line; timestamps like 2014-01-01 00:00:00, UTC,",
        "or ISO-8601) point by point with the anomaly application's per-meter detectors, and writes",
        "timestamp,value,anomaly_score: one row per input row, in order, scores in [0, 1]."})
final class ScoreCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--input", paramLabel = "FILE", description = "Input CSV; default standard input.")
  private Path input;

  @Option(names = "--output", paramLabel = "FILE", description = "Output CSV; default standard output.")
  private Path output;

  @Option(names = "--sensitivity", paramLabel = "FACTOR", defaultValue = "1.0",
      description = "How easily points score: 2 halves every deviation needed, 0.5 doubles it (default ${DEFAULT-VALUE}).")
  private double sensitivity;

  @Override
  public Integer call() throws IOException {
    try (Reader in = input == null ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
            : Files.newBufferedReader(input, StandardCharsets.UTF_8);
        Writer out = output == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16)
            : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
      new SeriesScorer(new Sensitivity(sensitivity)).score(in, out);
      return 0;
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("score: " + e.getMessage());
      return 2;
    }
  }
}
