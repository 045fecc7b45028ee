package nl.stroomlijn.cli;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import nl.stroomlijn.service.ConfigException;
import nl.stroomlijn.service.Shutdown;
import nl.stroomlijn.streams.anomaly.AnomalyApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stroomlijn anomalies}: the anomaly detection app, until Ctrl-C or SIGTERM. */
@Command(name = "anomalies", mixinStandardHelpOptions = true,
    description = {
        "Runs anomaly detection: readings, consumption and production in, episodes out to factory.anomalies.",
        "Creates its own compacted topic of each machine's order (topic.machine-orders) if missing.",
        "Settings come from --config, the environment (KAFKA_*, SCHEMA_REGISTRY_*,",
        "STROOMLIJN_ANOMALY_SENSITIVITY_PERCENT, ...) and these options, which win. Ctrl-C stops it."})
final class AnomaliesCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Mixin
  private ServiceOptions service;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Port of /metrics and /health/* on the configured host (0 = any free port).")
  private Integer metricsPort;

  @Override
  public Integer call() throws InterruptedException {
    Map<String, Object> settings = new HashMap<>();
    settings.put("STROOMLIJN_HTTP_PORT", metricsPort);
    AnomalyApp app;
    try {
      app = AnomalyApp.start(service.load(settings));
    } catch (ConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println("Anomaly detection running; metrics and health at " + app.endpoints().baseUri() + ". Ctrl-C stops it.");
    out.flush();
    Shutdown.awaitSignalThenClose(app, "anomalies");
    return 0;
  }
}
