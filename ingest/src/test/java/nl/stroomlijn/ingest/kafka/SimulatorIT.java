package nl.stroomlijn.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.SimulationReport;
import nl.stroomlijn.ingest.simulator.Simulations;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.ingest.sink.MemorySink;
import nl.stroomlijn.ingest.sink.TeeSink;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.ingest.units.Units;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.TopicProvisioner;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator on a real broker and registry: what Kafka holds is what the ground truth says, byte for byte. */
@WithStack
class SimulatorIT {

  private static final long SEED = 20260105;
  private static final Duration DURATION = Duration.ofHours(3);
  private static final List<Topic<?>> SIMULATED = List.of(Topics.ASSETS, Topics.EMISSION_FACTORS, Topics.READINGS,
      Topics.MACHINE_STATES, Topics.PRODUCTION);

  private static Plant plant;
  private static GroundTruth truth;
  private static SimulationReport report;
  private static Set<String> keys;

  @BeforeAll
  static void simulateIntoKafka(Stack stack) {
    plant = PlantLoader.loadNamed("default");
    SimulationOptions options = SimulationOptions.of(SEED, Simulations.START, DURATION);
    truth = new GroundTruth(plant, options.reorderWindow().toMillis(), options.gapThreshold().toMillis());
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
    TopicProvisioner.keepHistory(stack.bootstrapServers(), SIMULATED);
    try (KafkaSink kafka = new KafkaSink(stack.bootstrapServers(), registry, Map.of())) {
      report = new Simulator(plant, options).run(new TeeSink(kafka, truth));
    }
    truth.compute();
    keys = truth.meters().keySet().stream().collect(Collectors.toSet());
    plant.machines().forEach(m -> keys.add(m.id()));
  }

  @Test
  void everyTopicHoldsAsManyRecordsAsTheTruthCounts(Stack stack) {
    for (Topic<?> topic : List.of(Topics.READINGS, Topics.MACHINE_STATES, Topics.PRODUCTION)) {
      assertThat((long) TopicContents.read(stack.bootstrapServers(), topic, keys::contains).size()).as(topic.name())
          .isEqualTo(truth.recordsPerTopic().get(topic.name()))
          .isEqualTo(report.recordsPerTopic().get(topic.name()));
    }
  }

  @Test
  void theValidationRejectedNothingTheSimulatorWrote(Stack stack) {
    // Every fault of the default plant is data downstream stages must see, not malformed input.
    assertThat(report.recordsPerTopic()).doesNotContainKey(Topics.DEAD_LETTERS.name());
    assertThat(truth.recordsPerTopic()).doesNotContainKey(Topics.DEAD_LETTERS.name());
    assertThat(TopicContents.read(stack.bootstrapServers(), Topics.DEAD_LETTERS, key -> true)).isEmpty();
  }

  @Test
  void eachMetersReadingsInKafkaAddUpToTheTruth(Stack stack) {
    var deserializer = AvroSerde.specific(SensorReading.class,
        SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()))).deserializer();
    Map<String, long[]> countAndSum = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : TopicContents.read(stack.bootstrapServers(), Topics.READINGS,
        keys::contains)) {
      SensorReading reading = deserializer.deserialize(record.topic(), record.value());
      assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(reading.getSensorId());
      long[] cs = countAndSum.computeIfAbsent(reading.getSensorId(), k -> new long[2]);
      cs[0]++;
      cs[1] += Units.toMicro(reading.getValue());
    }
    assertThat(countAndSum).hasSameSizeAs(truth.meters());
    truth.meters().forEach((id, meter) -> {
      assertThat(countAndSum.get(id)[0]).as(id + " readings").isEqualTo(meter.delivered());
      assertThat(countAndSum.get(id)[1]).as(id + " value sum").isEqualTo(meter.valueSumMicro());
    });
  }

  @Test
  void theSameSeedGivesByteIdenticalRecordsInKafka(Stack stack) {
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
    MemorySink again = new MemorySink();
    new Simulator(plant, SimulationOptions.of(SEED, Simulations.START, DURATION)).run(again);
    for (Topic<?> topic : SIMULATED) {
      Map<String, List<byte[]>> expected = new HashMap<>();
      @SuppressWarnings("unchecked")
      Serializer<SpecificRecord> serializer =
          (Serializer<SpecificRecord>) (Serializer<?>) AvroSerde.specific(topic.valueType(), registry).serializer();
      for (MemorySink.Sent sent : again.records()) {
        if (sent.topic().equals(topic)) {
          expected.computeIfAbsent(sent.key(), k -> new java.util.ArrayList<>())
              .add(serializer.serialize(topic.name(), sent.value()));
        }
      }
      Map<String, List<byte[]>> actual = new HashMap<>();
      for (ConsumerRecord<byte[], byte[]> record : TopicContents.read(stack.bootstrapServers(), topic,
          key -> expected.containsKey(key))) {
        actual.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), k -> new java.util.ArrayList<>())
            .add(record.value());
      }
      assertThat(actual.keySet()).as(topic.name()).isEqualTo(expected.keySet());
      // Per key, Kafka keeps the delivery order; every value is the same bytes.
      expected.forEach((key, values) -> assertThat(actual.get(key)).as(topic.name() + " " + key)
          .hasSameSizeAs(values).zipSatisfy(values, (a, e) -> assertThat(a).isEqualTo(e)));
    }
  }
}
