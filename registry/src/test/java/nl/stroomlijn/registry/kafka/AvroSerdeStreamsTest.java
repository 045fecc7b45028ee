package nl.stroomlijn.registry.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import nl.stroomlijn.registry.InMemorySchemaRegistry;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SampleReadings;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.schemas.SensorReading;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The serde as Kafka Streams uses it: named by class as the default value serde, and as a key serde. */
class AvroSerdeStreamsTest {

  private static final String SCOPE = "serde-streams-test";

  @AfterEach
  void drop() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void worksAsTheDefaultValueSerdeNamedByClass() {
    StreamsBuilder builder = new StreamsBuilder();
    builder.<String, SensorReading>stream("in").mapValues(r -> { r.setValue(r.getValue() * 2); return r; }).to("out");
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serde-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
    props.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, AvroSerde.class);
    props.put(RegistryConfig.URL, "mock://" + SCOPE);
    props.put(AvroSerdeConfig.SPECIFIC_TYPE, SensorReading.class.getName());

    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of("mock://" + SCOPE));
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      TestInputTopic<String, SensorReading> in = driver.createInputTopic("in", Serdes.String().serializer(),
          AvroSerde.specific(SensorReading.class, registry).serializer());
      TestOutputTopic<String, SensorReading> out = driver.createOutputTopic("out", Serdes.String().deserializer(),
          AvroSerde.specific(SensorReading.class, registry).deserializer());
      in.pipeInput("em-1", SampleReadings.reading("em-1", 21));
      assertThat(out.readValue().getValue()).isEqualTo(42.0);
    }
    assertThat(registry.subjects()).contains("in-value", "out-value");
  }

  @Test
  void aSerdeConfiguredForKeysRegistersUnderTheKeySubject() {
    StreamsBuilder builder = new StreamsBuilder();
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of("mock://" + SCOPE));
    AvroSerde<SensorReading> keys = AvroSerde.specific(SensorReading.class, registry);
    keys.configure(Map.of(), true);
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .selectKey((k, v) -> SampleReadings.reading(k, v.length()))
        .to("by-reading", Produced.with(keys, Serdes.String()));
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serde-key-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props)) {
      driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer()).pipeInput("em-9", "abc");
      var out = driver.createOutputTopic("by-reading", keys.deserializer(), Serdes.String().deserializer());
      assertThat(out.readKeyValue().key.getValue()).isEqualTo(3.0);
    }
    assertThat(registry.subjects()).containsExactly("by-reading-key");
  }
}
