package nl.stroomlijn.streams;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.service.CheckResult;
import nl.stroomlijn.service.EndpointsConfig;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.service.Shutdown;
import nl.stroomlijn.service.ServiceEndpoints;
import nl.stroomlijn.streams.deadletters.DeadLetterHandlers;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The attribution app as a service: the topology of {@link AttributionTopology} on Kafka Streams
 * with exactly-once v2 and RocksDB state, configured from a file and the environment (see
 * {@code streams/README.md}), with metrics and health on {@link ServiceEndpoints}. SIGTERM closes
 * it cleanly: the current transaction commits and the state is checkpointed.
 */
public final class AttributionApp implements AutoCloseable {

  public static final String SERVICE = "stroomlijn-attribution";

  private static final Logger log = LoggerFactory.getLogger(AttributionApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final ServiceEndpoints endpoints;

  private AttributionApp(KafkaStreams streams, ServiceEndpoints endpoints) {
    this.streams = streams;
    this.endpoints = endpoints;
  }

  /** Runs until SIGTERM (or Ctrl-C); the first argument, if any, is the configuration file. */
  public static void main(String[] args) throws InterruptedException {
    Shutdown.awaitSignalThenClose(
        start(ServiceConfig.load(args.length > 0 ? Path.of(args[0]) : null, System.getenv())), SERVICE);
  }

  /**
   * Validates the configuration (every problem at once), then starts the endpoints and the app.
   *
   * @throws nl.stroomlijn.service.ConfigException listing every configuration problem
   */
  public static AttributionApp start(ServiceConfig settings) {
    String applicationId = settings.string("application.id").orElse(SERVICE);
    int standbyReplicas = settings.integer("standby.replicas", 0, 10).orElse(0);
    int threads = settings.integer("threads", 1, 64).orElse(1);
    Path stateDir = settings.path("state.dir").orElse(null);
    Duration reorderWindow = settings.duration("reorder.window").orElse(AttributionConfig.DEFAULT_REORDER_WINDOW);
    Duration gapThreshold = settings.duration("gap.threshold").orElse(AttributionConfig.DEFAULT_GAP_THRESHOLD);
    Duration grace = settings.duration("timeline.grace").orElse(AttributionConfig.DEFAULT_TIMELINE_GRACE);
    Duration maxLag = settings.duration("timeline.max.lag").orElse(AttributionConfig.DEFAULT_TIMELINE_MAX_LAG);
    Duration maxWait = settings.duration("timeline.max.wait").orElse(AttributionConfig.DEFAULT_TIMELINE_MAX_WAIT);
    Duration idleFlush = settings.duration("idle.flush").orElse(AttributionConfig.DEFAULT_IDLE_FLUSH);
    Duration retention = settings.duration("timeline.retention").orElse(AttributionConfig.DEFAULT_TIMELINE_RETENTION);
    settings.kafkaBootstrapServers().required();
    java.net.URI registryUrl = settings.schemaRegistryUrl().required();
    EndpointsConfig endpointsConfig = EndpointsConfig.from(settings);
    settings.requireValid();
    log.info("Starting {} with {}", SERVICE, settings.describe());

    ServiceEndpoints endpoints = ServiceEndpoints.start(SERVICE, endpointsConfig);
    AttributionMetrics metrics = new AttributionMetrics(endpoints.registry());
    Properties registryProperties = settings.schemaRegistryProperties();
    // The topology is built before the KafkaStreams whose metrics tell the lag.
    AtomicReference<BooleanSupplier> caughtUp = new AtomicReference<>(() -> false);
    AttributionConfig config = new AttributionConfig(
        SchemaRegistries.connect(RegistryConfig.fromProperties(toMap(registryProperties))), reorderWindow, gapThreshold,
        grace, maxLag, maxWait, idleFlush, retention, metrics, () -> caughtUp.get().getAsBoolean());
    Properties props = streamsProperties(settings.kafkaProperties(), applicationId, registryUrl.toString(), metrics,
        standbyReplicas);
    props.putAll(registryProperties);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    if (stateDir != null) {
      props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    }
    KafkaStreams streams = new KafkaStreams(AttributionTopology.buildTopology(config), props);
    caughtUp.set(InputLag.caughtUp(streams::metrics));
    streams.setUncaughtExceptionHandler(exception -> {
      log.error("Stream thread failed; replacing it", exception);
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    endpoints.registry().register(new KafkaStreamsMetricsCollector(streams::metrics));
    endpoints.addReadinessCheck("kafka-streams", () -> streams.state() == KafkaStreams.State.RUNNING
        ? CheckResult.up() : CheckResult.down("state " + streams.state()));
    streams.start();
    log.info("{} started: application.id {}, metrics and health at {}", SERVICE, applicationId, endpoints.baseUri());
    return new AttributionApp(streams, endpoints);
  }

  /**
   * The Streams properties of the app over the given Kafka client properties: exactly-once v2,
   * the dead-letter handlers (which read the registry settings and count in {@code metrics}).
   */
  public static Properties streamsProperties(Properties kafka, String applicationId, String registryUrl,
                                             AttributionMetrics metrics, int standbyReplicas) {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, standbyReplicas);
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Deserialization.class);
    props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandlers.Processing.class);
    props.put(RegistryConfig.URL, registryUrl);
    props.put(DeadLetterHandlers.METRICS, metrics);
    props.putIfAbsent(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    return props;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public ServiceEndpoints endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    log.info("Stopping {}", SERVICE);
    streams.close(CLOSE_TIMEOUT);
    endpoints.close();
  }

  private static Map<String, Object> toMap(Properties properties) {
    Map<String, Object> map = new java.util.HashMap<>();
    properties.forEach((key, value) -> map.put(key.toString(), value));
    return map;
  }
}
