package nl.stroomlijn.ingest.gateway;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.gateway.http.HttpIngestServer;
import nl.stroomlijn.ingest.gateway.mqtt.MqttIngest;
import nl.stroomlijn.ingest.gateway.opcua.OpcUaIngest;
import nl.stroomlijn.ingest.gateway.validation.RecordValidator;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.service.CheckResult;
import nl.stroomlijn.service.ServiceEndpoints;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running gateway: asset table, producer, metrics and health endpoints, and every configured
 * path. Ready once the asset table is loaded and every path is connected. {@link #close()} stops
 * the paths first, then waits for Kafka to acknowledge what is in flight.
 */
public final class GatewayService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(GatewayService.class);

  private final List<AutoCloseable> resources = new ArrayList<>();
  private final ServiceEndpoints endpoints;
  private final Gateway gateway;
  private HttpIngestServer http;

  private GatewayService(GatewayConfig config) {
    endpoints = ServiceEndpoints.start(Gateway.APPLICATION, config.endpoints());
    resources.add(endpoints);
    try {
      Map<String, Object> registryProperties = new HashMap<>();
      config.schemaRegistry().forEach((k, v) -> registryProperties.put((String) k, v));
      registryProperties.put(RegistryConfig.URL, config.schemaRegistryUrl());
      SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.fromProperties(registryProperties));
      KafkaAssetCatalog assets = new KafkaAssetCatalog(config.bootstrapServers(), registry, config.topics().assets(),
          config.kafka());
      resources.add(0, assets);
      endpoints.addReadinessCheck("assets", () -> assets.isLoaded()
          ? CheckResult.up(assets.size() + " assets") : CheckResult.down("loading the asset table"));
      Map<String, String> producerProperties = new HashMap<>();
      config.kafka().forEach((k, v) -> producerProperties.put((String) k, (String) v));
      producerProperties.remove("group.id");
      KafkaSink kafka = new KafkaSink(config.bootstrapServers(), registry, producerProperties);
      resources.add(0, kafka);
      InFlight inFlight = new InFlight(config.maxInFlightBytes(), config.maxInFlightRecords());
      gateway = new Gateway(new RecordValidator(assets, config.rules()), kafka, config.topics(), inFlight,
          new GatewayMetrics(endpoints.registry(), inFlight), System::currentTimeMillis);
      if (!assets.awaitLoaded(config.assetsLoadTimeout())) {
        throw new IllegalStateException("the asset table was not loaded from the asset topic within "
            + config.assetsLoadTimeout() + "; is Kafka at " + config.bootstrapServers() + " reachable?");
      }
      if (config.mqtt() != null) {
        MqttIngest mqtt = new MqttIngest(config.mqtt(), gateway);
        resources.add(0, mqtt);
        endpoints.addReadinessCheck("mqtt", () -> mqtt.isConnected()
            ? CheckResult.up() : CheckResult.down("not connected to " + config.mqtt().host() + ":" + config.mqtt().port()));
      }
      if (config.opcUa() != null) {
        OpcUaIngest opcUa = new OpcUaIngest(config.opcUa(), gateway);
        resources.add(0, opcUa);
        // A refused node is a configuration error to see, not a reason to take the other paths out of service.
        endpoints.addReadinessCheck("opcua", () -> !opcUa.isConnected()
            ? CheckResult.down("not subscribed on " + config.opcUa().endpoint())
            : opcUa.refusedNodes().isEmpty() ? CheckResult.up()
            : CheckResult.up("nodes refused by the server: " + String.join("; ", opcUa.refusedNodes())));
      }
      if (config.http() != null) {
        http = HttpIngestServer.start(config.http(), gateway);
        resources.add(0, http);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while starting", e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts everything the configuration names; fails, having stopped what it started, when a part cannot start. */
  public static GatewayService start(GatewayConfig config) {
    return new GatewayService(config);
  }

  /** The HTTP path's base URI, or null when it is switched off. */
  public URI httpUri() {
    return http == null ? null : http.baseUri();
  }

  public ServiceEndpoints endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (Exception e) {
        log.warn("stopping {} failed: {}", resource.getClass().getSimpleName(), e.toString());
      }
    }
    resources.clear();
  }
}
