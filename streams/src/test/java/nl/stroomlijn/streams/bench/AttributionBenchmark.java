package nl.stroomlijn.streams.bench;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.SimulationReport;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.stack.EmbeddedKafka;
import nl.stroomlijn.stack.TopicProvisioner;
import java.util.function.BooleanSupplier;
import nl.stroomlijn.streams.AttributionApp;
import nl.stroomlijn.streams.InputLag;
import org.apache.kafka.streams.KafkaStreams;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Readings per second the attribution app sustains against a local broker, beside a plain copy of
 * the same records (consume, deserialize, serialize, produce with the same serdes) in the same
 * run. Not a test: run it by hand (streams/BENCHMARKS.md); it measures, it does not judge.
 *
 * <p>Arguments: {@code [records] [plant]}, default 1,000,000 records of the {@code large} plant (one
 * site: one task does it all, the unit the app scales by).
 */
public final class AttributionBenchmark {

  private static final List<Topic<? extends SpecificRecord>> INPUTS =
      List.of(Topics.READINGS, Topics.MACHINE_STATES, Topics.PRODUCTION);

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    Plant plant = PlantLoader.loadNamed(args.length > 1 ? args[1] : "large");
    String registryUrl = "mock://attribution-bench";
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(registryUrl));
    try (EmbeddedKafka broker = EmbeddedKafka.start()) {
      String bootstrap = broker.bootstrapServers();
      TopicProvisioner.create(bootstrap, Topics.all());
      SimulationReport report;
      // Event times before now (the broker refuses those more than an hour ahead) and recent (retention).
      SimulationOptions options = new SimulationOptions(1, Instant.now().minus(Duration.ofHours(2))
          .truncatedTo(ChronoUnit.HOURS), null, records, null, null, true, null, null);
      try (KafkaSink kafka = new KafkaSink(bootstrap, registry, Map.of())) {
        report = new Simulator(plant, options).run(kafka);
      }
      long readings = report.recordsPerTopic().getOrDefault(Topics.READINGS.name(), 0L);
      long inputs = INPUTS.stream().mapToLong(t -> report.recordsPerTopic().getOrDefault(t.name(), 0L)).sum();
      System.out.printf("input: %,d records of which %,d readings, %s plant%n", inputs, readings, plant.name());

      double copySeconds = copy(bootstrap, registry, inputs);
      System.out.printf("plain copy (consume, deserialize, serialize, produce): %.1f s, %,.0f records/s, %,.0f readings/s%n",
          copySeconds, inputs / copySeconds, readings / copySeconds);

      double[] appSeconds = attribute(bootstrap, registryUrl, inputs);
      System.out.printf("attribution app (exactly-once v2, RocksDB), from start: %.1f s, %,.0f records/s, "
          + "%,.0f readings/s%n", appSeconds[0], inputs / appSeconds[0], readings / appSeconds[0]);
      System.out.printf("attribution app, from RUNNING: %.1f s, %,.0f records/s, %,.0f readings/s%n",
          appSeconds[1], inputs / appSeconds[1], readings / appSeconds[1]);
    }
  }

  @SuppressWarnings("unchecked")
  private static double copy(String bootstrap, SchemaRegistry registry, long inputs) {
    Map<String, Deserializer<SpecificRecord>> deserializers = new HashMap<>();
    Map<String, Serializer<SpecificRecord>> serializers = new HashMap<>();
    for (Topic<? extends SpecificRecord> topic : INPUTS) {
      AvroSerde<SpecificRecord> serde = (AvroSerde<SpecificRecord>) (AvroSerde<?>) AvroSerde.specific(topic.valueType(), registry);
      deserializers.put(topic.name(), serde.deserializer());
      serializers.put(topic.name(), serde.serializer());
    }
    Properties consumerProps = new Properties();
    consumerProps.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    consumerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-copy");
    consumerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    Properties producerProps = new Properties();
    producerProps.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    producerProps.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    producerProps.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    long start = System.nanoTime();
    long copied = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
        new ByteArrayDeserializer());
         KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProps, new ByteArraySerializer(),
             new ByteArraySerializer())) {
      consumer.subscribe(INPUTS.stream().map(Topic::name).toList());
      while (copied < inputs) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
          SpecificRecord value = deserializers.get(record.topic()).deserialize(record.topic(), record.value());
          String target = "bench.copy." + record.topic();
          producer.send(new ProducerRecord<>(target, record.key(), serializers.get(record.topic()).serialize(target, value)));
          copied++;
        }
      }
      producer.flush();
      consumer.commitSync();
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Seconds until every input record went through both stages, from start and from RUNNING. */
  private static double[] attribute(String bootstrap, String registryUrl, long inputs) throws Exception {
    Path stateDir = Files.createTempDirectory("attribution-bench");
    Map<String, String> env = Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap, "SCHEMA_REGISTRY_URL", registryUrl,
        "STROOMLIJN_STATE_DIR", stateDir.toString(), "STROOMLIJN_HTTP_PORT", "0",
        "STROOMLIJN_APPLICATION_ID", "attribution-bench");
    long start = System.nanoTime();
    try (AttributionApp app = AttributionApp.start(ServiceConfig.load(null, env))) {
      while (app.streams().state() != KafkaStreams.State.RUNNING) {
        Thread.sleep(10);
      }
      long running = System.nanoTime();
      BooleanSupplier caughtUp = InputLag.caughtUp(app.streams()::metrics);
      while (recordsIn(app) < inputs || !caughtUp.getAsBoolean()) {
        Thread.sleep(50);
      }
      long end = System.nanoTime();
      return new double[] {(end - start) / 1e9, (end - running) / 1e9};
    }
  }

  private static double recordsIn(AttributionApp app) {
    return app.endpoints().registry().scrape().stream()
        .filter(m -> m.getMetadata().getPrometheusName().equals("stroomlijn_attribution_records_in"))
        .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
        .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
  }
}
