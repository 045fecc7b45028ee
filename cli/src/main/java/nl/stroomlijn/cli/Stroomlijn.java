package nl.stroomlijn.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code stroomlijn} command. Each tool is a subcommand; {@code stroomlijn help} lists them. */
@Command(name = "stroomlijn", mixinStandardHelpOptions = true, versionProvider = Stroomlijn.Version.class,
    description = "Energy and material per product, anomalies and KPIs, live from a factory's sensor streams.",
    subcommands = {DemoCommand.class, SimulateCommand.class, ReplayCommand.class, GatewayCommand.class,
        AttributionCommand.class, AnomaliesCommand.class, KpiJobCommand.class, ScoreCommand.class,
        EvaluateSkabCommand.class,
        CommandLine.HelpCommand.class})
public final class Stroomlijn {

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The command line with every subcommand; tests run commands through this too. */
  public static CommandLine commandLine() {
    return new CommandLine(new Stroomlijn());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = Stroomlijn.class.getPackage().getImplementationVersion();
      return new String[] {"stroomlijn " + (version == null ? "(development build)" : version)};
    }
  }
}
