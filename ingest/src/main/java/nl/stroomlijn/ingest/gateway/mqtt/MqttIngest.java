package nl.stroomlijn.ingest.gateway.mqtt;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import nl.stroomlijn.ingest.gateway.Gateway;
import nl.stroomlijn.ingest.gateway.GatewayConfig.MqttConfig;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.payload.JsonPayloads;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT path: subscribes to the configured topic filters at QoS 1, one list of templates per
 * record kind, and turns each message (a JSON record, or an array of them) into records of the kind
 * of the first template that matches its topic (readings, then machine states, then production
 * events), whose sensor or machine id comes from the topic's placeholders unless the payload names one. A message is acknowledged to the broker only after Kafka
 * acknowledged its records, so a crash before that makes the broker deliver it again (at least once).
 * Reconnects by itself, and subscribes again on every connect (a new broker has no session for us).
 */
public final class MqttIngest implements AutoCloseable {

  public static final String SOURCE = "mqtt";

  private static final Logger log = LoggerFactory.getLogger(MqttIngest.class);

  private final Mqtt3AsyncClient client;
  private final List<Template> templates;
  private final Gateway gateway;
  /** Messages are handled off the client's network threads, one at a time, in arrival order. */
  private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
    Thread thread = new Thread(runnable, "gateway-mqtt");
    thread.setDaemon(true);
    return thread;
  });

  /** A topic template and the kind of record its messages hold. */
  private record Template(RecordKind kind, TopicTemplate topic) {
  }

  public MqttIngest(MqttConfig config, Gateway gateway) {
    this.gateway = gateway;
    this.templates = config.templates().entrySet().stream()
        .flatMap(e -> e.getValue().stream().map(t -> new Template(e.getKey(), new TopicTemplate(t)))).toList();
    gateway.connected(SOURCE, false);
    Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3()
        .identifier(config.clientId())
        .serverHost(config.host())
        .serverPort(config.port())
        .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS)
        .applyAutomaticReconnect()
        .addConnectedListener(context -> {
          log.info("MQTT connected to {}:{}", config.host(), config.port());
          subscribe();
        })
        .addDisconnectedListener(context -> {
          gateway.connected(SOURCE, false);
          log.warn("MQTT disconnected from {}:{}: {}", config.host(), config.port(), context.getCause().toString());
        });
    if (config.tls()) {
      builder = builder.sslWithDefaultConfig();
    }
    client = builder.buildAsync();
    client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::received, true);
    var connect = client.connectWith().cleanSession(false).keepAlive(30);
    if (config.username() != null) {
      connect = connect.simpleAuth().username(config.username())
          .password(config.password() == null ? new byte[0] : config.password().getBytes(StandardCharsets.UTF_8))
          .applySimpleAuth();
    }
    connect.send().whenComplete((ack, error) -> {
      if (error != null) {
        log.warn("MQTT connect to {}:{} failed, retrying: {}", config.host(), config.port(), error.toString());
      }
    });
  }

  public boolean isConnected() {
    return client.getState().isConnected();
  }

  @Override
  public void close() {
    client.disconnect().orTimeout(5, TimeUnit.SECONDS).exceptionally(error -> null).join();
    worker.shutdown();
    try {
      worker.awaitTermination(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void subscribe() {
    for (TopicTemplate template : templates.stream().map(Template::topic).toList()) {
      client.subscribeWith().topicFilter(template.filter()).qos(MqttQos.AT_LEAST_ONCE).send()
          .whenComplete((ack, error) -> {
            if (error != null) {
              log.warn("MQTT subscription to {} failed: {}", template.filter(), error.toString());
            } else {
              gateway.connected(SOURCE, true);
              log.info("MQTT subscribed to {}", template.filter());
            }
          });
    }
  }

  private void received(Mqtt3Publish publish) {
    worker.execute(() -> {
      String topic = publish.getTopic().toString();
      byte[] payload = publish.getPayloadAsBytes();
      Template template = templates.stream().filter(t -> t.topic().match(topic).isPresent()).findFirst().orElse(null);
      if (template == null) {
        // A broker may deliver a retained or overlapping subscription's message we have no template for.
        log.warn("message on {} matches no configured template, dropped and acknowledged", topic);
        publish.acknowledge();
        return;
      }
      RecordKind kind = template.kind();
      Optional<String> assetId = template.topic().assetId(topic, kind.idField());
      List<Incoming> records = JsonPayloads.readDocument(payload);
      records.forEach(incoming -> {
        if (incoming.record() != null && !incoming.record().has(kind.idField())) {
          assetId.ifPresent(id -> incoming.record().put(kind.idField(), id));
        }
      });
      try {
        gateway.submitWaiting(SOURCE, kind, records).whenComplete((outcomes, error) -> {
          if (error == null) {
            publish.acknowledge();
          } else {
            // Not acknowledged: the broker delivers it again after the next reconnect.
            log.warn("message on {} not stored in Kafka, left unacknowledged: {}", topic, error.toString());
          }
        });
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }
}
