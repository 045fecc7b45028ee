package nl.stroomlijn.registry.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SampleReadings;
import nl.stroomlijn.registry.avro.BadRecordException;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Plain Kafka clients configured only by properties, as an operator would configure them: the
 * serde is named by class, the registry by Confluent's property names.
 */
@WithStack
class AvroSerdeIT {

  private final Stack stack;
  private final String topic = "it.serde." + UUID.randomUUID();

  AvroSerdeIT(Stack stack) throws Exception {
    this.stack = stack;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
    }
  }

  @Test
  void recordsWrittenByOneClientAreReadByAnother() {
    List<SensorReading> sent = new ArrayList<>();
    Properties producer = new Properties();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    producer.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producer.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName());
    producer.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "serde-it-" + UUID.randomUUID());
    producer.put(RegistryConfig.URL, stack.schemaRegistryUrl());
    try (KafkaProducer<String, SensorReading> out = new KafkaProducer<>(producer)) {
      out.initTransactions();
      out.beginTransaction();
      for (int i = 0; i < 200; i++) {
        SensorReading reading = SampleReadings.reading("em-" + (i % 5), i * 0.5);
        sent.add(reading);
        out.send(new ProducerRecord<>(topic, reading.getSensorId(), reading));
      }
      out.commitTransaction();
    }

    List<SensorReading> received = new ArrayList<>();
    try (KafkaConsumer<String, SensorReading> in = new KafkaConsumer<>(consumerProperties())) {
      in.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < sent.size() && System.nanoTime() < deadline) {
        in.poll(Duration.ofMillis(500)).forEach(r -> received.add(r.value()));
      }
    }
    assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
  }

  @Test
  void badBytesStopTheConsumerLoudlyWithTheReason() {
    Properties producer = new Properties();
    producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> out = new KafkaProducer<>(producer, new ByteArraySerializer(), new ByteArraySerializer())) {
      out.send(new ProducerRecord<>(topic, 0, null, "{\"not\":\"avro\"}".getBytes())).get();
    } catch (Exception e) {
      throw new AssertionError(e);
    }

    try (KafkaConsumer<String, SensorReading> in = new KafkaConsumer<>(consumerProperties())) {
      in.subscribe(List.of(topic));
      assertThatThrownBy(() -> {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
          for (ConsumerRecord<String, SensorReading> ignored : in.poll(Duration.ofMillis(500))) {
            throw new AssertionError("a bad record was handed out as a reading");
          }
        }
      }).isInstanceOf(RecordDeserializationException.class)
          .cause().isInstanceOfSatisfying(BadRecordException.class,
              e -> assertThat(e.reason()).isEqualTo(BadRecordException.Reason.WRONG_MAGIC_BYTE));
    }
  }

  private Properties consumerProperties() {
    Properties consumer = new Properties();
    consumer.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    consumer.put(ConsumerConfig.GROUP_ID_CONFIG, "serde-it-" + UUID.randomUUID());
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    consumer.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumer.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName());
    consumer.put(RegistryConfig.URL, stack.schemaRegistryUrl());
    consumer.put(AvroSerdeConfig.SPECIFIC_TYPE, SensorReading.class.getName());
    return consumer;
  }
}
