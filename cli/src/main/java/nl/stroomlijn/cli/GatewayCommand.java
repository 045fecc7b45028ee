package nl.stroomlijn.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import nl.stroomlijn.ingest.gateway.GatewayConfig;
import nl.stroomlijn.ingest.gateway.GatewayService;
import nl.stroomlijn.service.ConfigException;
import nl.stroomlijn.service.ServiceConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stroomlijn gateway}: the ingest gateway (HTTP, MQTT, OPC UA) until Ctrl-C. */
@Command(name = "gateway", mixinStandardHelpOptions = true,
    description = {
        "Runs the ingest gateway: HTTP batches, MQTT topics and OPC UA nodes in, validated Avro out to the raw",
        "topics, rejected records to factory.readings.dlq with their reason. Configuration from --config and the",
        "environment: KAFKA_BOOTSTRAP_SERVERS, SCHEMA_REGISTRY_URL, STROOMLIJN_INGEST_HTTP_TOKENS,",
        "STROOMLIJN_INGEST_MQTT_URL, STROOMLIJN_INGEST_OPCUA_ENDPOINT, STROOMLIJN_INGEST_OPCUA_NODES ...",
        "(see ingest/README.md). Ctrl-C stops it."})
final class GatewayCommand implements Callable<Integer> {

  @Spec
  private CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file; default $STROOMLIJN_CONFIG.")
  private Path config;

  @Override
  public Integer call() throws InterruptedException {
    GatewayConfig gatewayConfig;
    try {
      gatewayConfig = GatewayConfig.from(ServiceConfig.load(config, System.getenv()));
    } catch (ConfigException e) {
      spec.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // The hook waits for the gateway to close, so that what is in flight reaches Kafka before the JVM exits.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    try (GatewayService gateway = GatewayService.start(gatewayConfig)) {
      spec.commandLine().getOut().println("gateway running: HTTP " + gateway.httpUri() + ", metrics and health "
          + gateway.endpoints().baseUri() + "; Ctrl-C stops it");
      stop.await();
    } finally {
      stopped.countDown();
    }
    return 0;
  }
}
