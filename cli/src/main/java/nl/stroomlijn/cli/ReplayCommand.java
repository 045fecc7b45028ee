package nl.stroomlijn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.stroomlijn.ingest.replay.Replay;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.ingest.sink.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stroomlijn replay}: a recorded CSV file into the raw topics. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = "Replays a recorded CSV file into the raw topics by a mapping (time column, meters and their "
        + "units, context columns). Rows that cannot be read go to the dead-letter topic with their line number "
        + "and reason. With --checkpoint, a rerun resumes after the last acknowledged line.")
final class ReplayCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private KafkaOutputOptions output;

  @Option(names = {"-m", "--mapping"}, required = true, paramLabel = "NAME|FILE",
      description = "Mapping file (YAML), or a shipped one: steel-industry-uci.")
  private String mapping;

  @Parameters(paramLabel = "CSV", description = "The recorded file.")
  private Path csv;

  @Option(names = "--checkpoint", paramLabel = "FILE",
      description = "Checkpoint file: resume after the line it names, and keep it up to date.")
  private Path checkpoint;

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (output.bootstrapServers == null) {
      err.println("replay needs --bootstrap-servers");
      return 2;
    }
    Replay replay = Replay.loadNamed(mapping);
    Replay.Summary summary;
    try (KafkaSink sink = output.sink()) {
      summary = replay.run(csv, sink,
          new Replay.Options(output.pace(), new Progress("replay", System.err), checkpoint, 0));
    }
    spec.commandLine().getOut().println("replayed " + csv + ": " + summary);
    return 0;
  }
}
