package nl.stroomlijn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nl.stroomlijn.service.EndpointsConfig;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.streams.anomaly.AnomalyApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the anomaly detection application against a Kafka cluster and schema registry. */
@Command(name = "anomalies", mixinStandardHelpOptions = true,
    description = {
        "Runs anomaly detection: readings, consumption and production in, episodes out to factory.anomalies.",
        "Configuration from --config and the environment (KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL,",
        "STROOMLIJN_ANOMALY_SENSITIVITY_PERCENT, ...). Ctrl-C stops it."})
final class AnomaliesCommand implements Callable<Integer> {

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file; default $STROOMLIJN_CONFIG.")
  private Path config;

  @Override
  public Integer call() throws InterruptedException {
    ServiceConfig serviceConfig = ServiceConfig.load(config, System.getenv());
    EndpointsConfig endpoints = EndpointsConfig.from(serviceConfig);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    AnomalyApp.run(serviceConfig, endpoints, stop);
    return 0;
  }
}
