package nl.stroomlijn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import nl.stroomlijn.streams.anomaly.episode.EpisodeSettings;
import nl.stroomlijn.streams.anomaly.series.SkabEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Precision, recall and F1 of the per-meter detectors on the SKAB pump-rig data (docs/anomaly-evaluation.md). */
@Command(name = "evaluate-skab", mixinStandardHelpOptions = true,
    description = "Runs the per-meter anomaly detectors over SKAB and prints precision, recall and F1 per fault group.")
final class EvaluateSkabCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--data", paramLabel = "DIR", description = "SKAB's data folder; default ../shared/data/skab.")
  private Path data;

  @Override
  public Integer call() {
    Path skab = data != null ? data : SkabEvaluation.locateData();
    PrintWriter out = spec.commandLine().getOut();
    out.println("SKAB at " + skab.toAbsolutePath());
    SkabEvaluation.print(new SkabEvaluation(Sensitivity.DEFAULT, EpisodeSettings.DEFAULT).evaluate(skab), out);
    return 0;
  }
}
