package nl.stroomlijn.streams.anomaly;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.service.CheckResult;
import nl.stroomlijn.service.EndpointsConfig;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.service.ServiceEndpoints;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The anomaly application: per-meter detectors over {@code factory.readings.raw}, per-process
 * detectors over {@code factory.consumption} and {@code factory.production}, meter specs and
 * thresholds from {@code factory.assets}; episodes to {@code factory.anomalies} keyed by scope id.
 * A meter is judged by its machine's state ({@code factory.machine-states}, a global store) and by
 * the product it makes: the application copies each machine's order starts and ends to a
 * compacted topic of its own ({@link AnomalyConfig#machineOrdersTopic()}), which every instance
 * reads back as a global store (a topic feeds only one source of a topology, and the production
 * events are already the process detectors' stream). Exactly-once (v2); unreadable records go to
 * the dead-letter topic.
 */
public final class AnomalyApp implements AutoCloseable {

  static final String ASSET_STORE = "anomaly-assets";
  /** The latest state of every machine, so each meter of a machine is judged against the state it is in. */
  static final String MACHINE_STATE_STORE = "anomaly-machine-states";
  /** The latest order event of every machine, so each meter of a machine is judged at the level of the product it makes. */
  static final String MACHINE_ORDER_STORE = "anomaly-machine-orders";
  private static final Logger log = LoggerFactory.getLogger(AnomalyApp.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaStreams streams;
  private final ServiceEndpoints endpoints;

  private AnomalyApp(KafkaStreams streams, ServiceEndpoints endpoints) {
    this.streams = streams;
    this.endpoints = endpoints;
  }

  public static Topology buildTopology(AnomalyConfig config) {
    return buildTopology(config, AnomalyMetrics.unregistered());
  }

  public static Topology buildTopology(AnomalyConfig config, AnomalyMetrics metrics) {
    return buildTopology(config, metrics, Stores::persistentKeyValueStore);
  }

  /** With state stores from {@code stores}: in memory for long simulated runs in tests, where RocksDB flushes on every record. */
  static Topology buildTopology(AnomalyConfig config, AnomalyMetrics metrics, Function<String, KeyValueBytesStoreSupplier> stores) {
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(config.schemaRegistryUrl()));
    Deserializer<String> keys = Serdes.String().deserializer();
    AvroSerde<AnomalyEpisode> episodes = AvroSerde.specific(AnomalyEpisode.class, registry);

    Topology topology = new Topology();
    StoreBuilder<KeyValueStore<String, AssetDefinition>> assetStore = Stores.keyValueStoreBuilder(
        stores.apply(ASSET_STORE), Serdes.String(), AvroSerde.specific(AssetDefinition.class, registry))
        .withLoggingDisabled(); // a global store restores from its (compacted) source topic
    topology.addGlobalStore(assetStore, "assets-source", keys,
        AvroSerde.specific(AssetDefinition.class, registry).deserializer(), config.assetsTopic(), "assets-update",
        () -> new LatestByKey<>(ASSET_STORE));
    StoreBuilder<KeyValueStore<String, MachineState>> machineStateStore = Stores.keyValueStoreBuilder(
        stores.apply(MACHINE_STATE_STORE), Serdes.String(), AvroSerde.specific(MachineState.class, registry))
        .withLoggingDisabled();
    topology.addGlobalStore(machineStateStore, "machine-states-source", keys,
        AvroSerde.specific(MachineState.class, registry).deserializer(), config.machineStatesTopic(),
        "machine-states-update", () -> new LatestByKey<>(MACHINE_STATE_STORE));

    topology.addSource("readings", keys, AvroSerde.specific(SensorReading.class, registry).deserializer(), config.readingsTopic());
    topology.addProcessor("meter-detectors", () -> new MeterAnomalyProcessor(config, metrics), "readings");
    topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(MeterAnomalyProcessor.STORE),
        Serdes.String(), Serdes.ByteArray()), "meter-detectors");

    AvroSerde<ProductionEvent> productionEvents = AvroSerde.specific(ProductionEvent.class, registry);
    StoreBuilder<KeyValueStore<String, ProductionEvent>> machineOrderStore = Stores.keyValueStoreBuilder(
        stores.apply(MACHINE_ORDER_STORE), Serdes.String(), productionEvents).withLoggingDisabled();
    topology.addGlobalStore(machineOrderStore, "machine-orders-source", keys, productionEvents.deserializer(),
        config.machineOrdersTopic(), "machine-orders-update", CurrentOrders::new);

    Deserializer<? extends SpecificRecord> slices = AvroSerde.specific(AttributedConsumption.class, registry).deserializer();
    Deserializer<? extends SpecificRecord> production = AvroSerde.specific(ProductionEvent.class, registry).deserializer();
    topology.addSource("consumption", keys, slices, config.consumptionTopic());
    topology.addSource("production", keys, production, config.productionTopic());
    topology.addProcessor("order-changes", OrderChanges::new, "production");
    topology.addSink("machine-orders", config.machineOrdersTopic(), Serdes.String().serializer(),
        productionEvents.serializer(), "order-changes");
    topology.addProcessor("process-detectors", () -> new ProcessAnomalyProcessor(config, metrics), "consumption", "production");
    topology.addStateStore(Stores.keyValueStoreBuilder(stores.apply(ProcessAnomalyProcessor.STORE),
        Serdes.String(), Serdes.ByteArray()), "process-detectors");

    topology.addSink("anomalies", config.anomaliesTopic(), Serdes.String().serializer(), episodes.serializer(),
        "meter-detectors", "process-detectors");
    return topology;
  }

  /** Passes on the production events that start or end an order, keyed by machine: unit counts do not change the product. */
  private static final class OrderChanges implements Processor<String, SpecificRecord, String, ProductionEvent> {
    private org.apache.kafka.streams.processor.api.ProcessorContext<String, ProductionEvent> context;

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<String, ProductionEvent> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
      if (record.value() instanceof ProductionEvent event && event.getType() != ProductionEventType.UNITS_PRODUCED) {
        context.forward(record.withKey(event.getMachineId()).withValue(event));
      }
    }
  }

  /**
   * Keeps each machine's latest order event: not one older than the one kept, nor the end of
   * another order than the one running (a late ORDER_ENDED of the last order must not clear the
   * product of the next). Where Kafka Streams restores the store by copying the topic, the last
   * event per machine is kept as it is.
   */
  private static final class CurrentOrders implements Processor<String, ProductionEvent, Void, Void> {
    private KeyValueStore<String, ProductionEvent> store;

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
      store = context.getStateStore(MACHINE_ORDER_STORE);
    }

    @Override
    public void process(Record<String, ProductionEvent> record) {
      ProductionEvent event = record.value();
      if (event == null) {
        store.delete(record.key());
        return;
      }
      ProductionEvent kept = store.get(record.key());
      boolean older = kept != null && event.getTimestamp().isBefore(kept.getTimestamp());
      boolean endsAnother = kept != null && event.getType() == ProductionEventType.ORDER_ENDED
          && kept.getType() == ProductionEventType.ORDER_STARTED && !kept.getOrderId().equals(event.getOrderId());
      if (!older && !endsAnother) {
        store.put(record.key(), event);
      }
    }
  }

  /** Keeps the latest value per key of a global store's topic (a null value deletes). */
  private static final class LatestByKey<V> implements Processor<String, V, Void, Void> {
    private final String storeName;
    private KeyValueStore<String, V> store;

    LatestByKey(String storeName) {
      this.storeName = storeName;
    }

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
      store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, V> record) {
      if (record.value() == null) {
        store.delete(record.key());
      } else {
        store.put(record.key(), record.value());
      }
    }
  }

  /** Streams settings of the application on top of {@code base} (bootstrap servers, TLS, ...). */
  public static Properties streamsProperties(AnomalyConfig config, Properties base) {
    Properties properties = new Properties();
    properties.putAll(base);
    properties.putIfAbsent(StreamsConfig.APPLICATION_ID_CONFIG, AnomalyConfig.APPLICATION);
    properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    properties.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    properties.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    properties.put(DeadLetterHandler.TOPIC, config.deadLetterTopic());
    properties.put(RegistryConfig.URL, config.schemaRegistryUrl());
    return properties;
  }

  /**
   * Validates the configuration (every problem at once), then starts the endpoints and the app;
   * {@link #close()} stops both.
   *
   * @throws nl.stroomlijn.service.ConfigException listing every configuration problem
   */
  public static AnomalyApp start(ServiceConfig serviceConfig) {
    AnomalyConfig config = AnomalyConfig.from(serviceConfig);
    serviceConfig.kafkaBootstrapServers().required();
    EndpointsConfig endpointsConfig = EndpointsConfig.from(serviceConfig);
    serviceConfig.requireValid();
    log.info("{}", serviceConfig.describe());
    createMachineOrdersTopic(config, serviceConfig.kafkaProperties());
    ServiceEndpoints endpoints = ServiceEndpoints.start(AnomalyConfig.APPLICATION, endpointsConfig);
    AnomalyMetrics metrics = new AnomalyMetrics(endpoints.registry());
    Properties properties = streamsProperties(config, serviceConfig.kafkaProperties());
    properties.putAll(serviceConfig.schemaRegistryProperties());
    KafkaStreams streams = new KafkaStreams(buildTopology(config, metrics), properties);
    streams.setUncaughtExceptionHandler(e -> {
      log.error("anomaly detection failed; replacing the stream thread", e);
      return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
    });
    endpoints.addReadinessCheck("kafka-streams", () -> streams.state().isRunningOrRebalancing()
        ? CheckResult.up() : CheckResult.down("state " + streams.state()));
    streams.start();
    return new AnomalyApp(streams, endpoints);
  }

  /**
   * Creates the application's own topic ({@link AnomalyConfig#machineOrdersTopic()}) if it is
   * missing: compacted, with the cluster's default partitions and replication. Kafka Streams
   * creates its internal topics, but neither a sink's nor a global store's source. An existing
   * topic that is not compacted is used as it is, with a warning: its retention would delete
   * what a machine runs.
   *
   * @throws IllegalStateException naming the topic, when it is missing and cannot be created
   */
  public static void createMachineOrdersTopic(AnomalyConfig config, Properties kafka) {
    String topic = config.machineOrdersTopic();
    try (Admin admin = Admin.create(kafka)) {
      if (admin.listTopics().names().get().contains(topic)) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        String policy = admin.describeConfigs(List.of(resource)).all().get().get(resource)
            .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
          log.warn("topic {} has cleanup.policy={}, not compact: once its retention passes, machines lose their product", topic, policy);
        }
        return;
      }
      NewTopic compacted = new NewTopic(topic, Optional.empty(), Optional.empty())
          .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
      admin.createTopics(List.of(compacted)).all().get();
      log.info("created topic {} (compacted), the order each machine runs", topic);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException("cannot create topic " + topic + " (the order each machine runs; compacted): "
            + e.getCause().getMessage() + "; create it, or name an existing one with topic.machine-orders", e.getCause());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topic " + topic, e);
    }
  }

  public ServiceEndpoints endpoints() {
    return endpoints;
  }

  @Override
  public void close() {
    streams.close(CLOSE_TIMEOUT);
    endpoints.close();
  }
}
