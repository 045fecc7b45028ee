package nl.stroomlijn.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.replay.Replay;
import nl.stroomlijn.ingest.replay.SharedData;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.TopicProvisioner;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The steel-plant replay on a real broker and registry. */
@WithStack
class ReplayIT {

  private static final String SENSOR = "steel-gwangyang/plant/main/usage";

  @Test
  void theSteelPlantFilePutsExactlyItsReadingsOnTheTopic(Stack stack) throws Exception {
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
    TopicProvisioner.keepHistory(stack.bootstrapServers(), List.of(Topics.READINGS, Topics.MACHINE_STATES));
    Replay.Summary summary;
    try (KafkaSink kafka = new KafkaSink(stack.bootstrapServers(), registry, Map.of())) {
      summary = Replay.loadNamed("steel-industry-uci").run(SharedData.steelPlantCsv(), kafka, Replay.Options.defaults());
    }

    List<ConsumerRecord<byte[], byte[]>> records =
        TopicContents.read(stack.bootstrapServers(), Topics.READINGS, SENSOR::equals);
    assertThat(summary.readings()).isEqualTo(35_040);
    assertThat(records).hasSize(35_040);
    var deserializer = AvroSerde.specific(SensorReading.class, registry).deserializer();
    BigDecimal inKafka = records.stream()
        .map(r -> new BigDecimal(Double.toString(deserializer.deserialize(r.topic(), r.value()).getValue())))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    BigDecimal inFile = Files.readAllLines(SharedData.steelPlantCsv()).stream().skip(1)
        .map(line -> new BigDecimal(line.split(",")[1])).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(inKafka).isEqualByComparingTo(inFile);
    assertThat(TopicContents.read(stack.bootstrapServers(), Topics.MACHINE_STATES, "steel-gwangyang/plant/main"::equals))
        .hasSize((int) summary.machineStates());
  }
}
