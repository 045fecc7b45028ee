package nl.stroomlijn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import nl.stroomlijn.service.ConfigException;
import nl.stroomlijn.service.Shutdown;
import nl.stroomlijn.streams.AttributionApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stroomlijn attribution}: the Kafka Streams app that attributes metered consumption, until Ctrl-C or SIGTERM. */
@Command(name = "attribution", mixinStandardHelpOptions = true,
    description = "Runs the attribution app: meter readings, machine states and production events in, attributed "
        + "consumption slices out (factory.consumption), exactly once. Settings come from --config, the environment "
        + "(KAFKA_*, SCHEMA_REGISTRY_*, STROOMLIJN_*; see streams/README.md) and these options, which win. "
        + "Ctrl-C or SIGTERM stops it cleanly.")
final class AttributionCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private ServiceOptions service;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Port of /metrics and /health/* on the configured host (0 = any free port).")
  private Integer metricsPort;

  @Option(names = "--state-dir", paramLabel = "DIR", description = "Folder of the app's RocksDB state.")
  private Path stateDir;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter err = spec.commandLine().getErr();
    Map<String, Object> settings = new HashMap<>();
    settings.put("STROOMLIJN_HTTP_PORT", metricsPort);
    settings.put("STROOMLIJN_STATE_DIR", stateDir);
    AttributionApp app;
    try {
      app = AttributionApp.start(service.load(settings));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Attribution running; metrics and health at " + app.endpoints().baseUri() + ". Ctrl-C stops it.");
    out.flush();
    Shutdown.awaitSignalThenClose(app, AttributionApp.SERVICE);
    return 0;
  }
}
