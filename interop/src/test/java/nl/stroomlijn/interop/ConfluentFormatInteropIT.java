package nl.stroomlijn.interop;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.avro.PublishedSchema;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Our wire format is Confluent's, proven with Confluent's own client: Flink SQL's
 * {@code avro-confluent} format carries it (shaded). Records our serializer wrote are read by
 * Flink SQL, and records Flink SQL wrote are read by our deserializer, through a real broker and
 * a real registry.
 */
@WithStack
class ConfluentFormatInteropIT {

  private static final int RECORDS = 50;

  private final Stack stack;
  private final String ours = "interop.ours." + UUID.randomUUID();
  private final String theirs = "interop.theirs." + UUID.randomUUID();

  ConfluentFormatInteropIT(Stack stack) throws Exception {
    this.stack = stack;
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrapServers()))) {
      admin.createTopics(List.of(new NewTopic(ours, 2, (short) 1), new NewTopic(theirs, 2, (short) 1))).all().get();
    }
  }

  @Test
  void flinkSqlReadsWhatWeWroteAndWeReadWhatFlinkSqlWrote() throws Exception {
    List<SensorReading> sent = readings();
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(stack.schemaRegistryUrl()));
    try (KafkaProducer<String, SensorReading> producer = new KafkaProducer<>(producerProperties(),
        new StringSerializer(), AvroSerde.specific(SensorReading.class, registry).serializer())) {
      for (SensorReading reading : sent) {
        producer.send(new ProducerRecord<>(ours, reading.getSensorId(), reading));
      }
      producer.flush();
    }

    TableEnvironment sql = flinkSql();
    sql.executeSql(table("ours_t", ours));
    sql.executeSql(table("theirs_t", theirs));

    List<SensorReading> readByFlink = new ArrayList<>();
    try (CloseableIterator<Row> rows = sql.executeSql("SELECT * FROM ours_t").collect()) {
      rows.forEachRemaining(row -> readByFlink.add(fromRow(row)));
    }
    assertThat(readByFlink).as("what Flink SQL (Confluent's deserializer) read of our records")
        .containsExactlyInAnyOrderElementsOf(sent);

    sql.executeSql("INSERT INTO theirs_t SELECT * FROM ours_t").await();
    List<SensorReading> readByUs = consume(theirs, registry);
    assertThat(readByUs).as("what our deserializer read of Flink SQL's (Confluent's serializer) records")
        .containsExactlyInAnyOrderElementsOf(sent);
    System.out.printf("interop: %d records ours -> Flink SQL avro-confluent, %d records Flink SQL -> ours, all equal%n",
        readByFlink.size(), readByUs.size());
  }

  private static List<SensorReading> readings() {
    List<SensorReading> readings = new ArrayList<>();
    Quality[] qualities = Quality.values();
    for (int i = 0; i < RECORDS; i++) {
      boolean converted = i % 3 == 0;
      readings.add(SensorReading.newBuilder()
          .setSensorId("site-ede/line-1/press-" + (i % 4) + "/em-1")
          .setTimestamp(Instant.ofEpochMilli(1_764_000_000_000L + i * 10_000L))
          .setValue(1000 + i * 0.125)
          .setUnit("kWh")
          .setQuality(qualities[i % qualities.length])
          .setSource(i % 2 == 0 ? "mqtt" : "opcua")
          .setReceivedAt(Instant.ofEpochMilli(1_764_000_000_500L + i * 10_000L))
          .setOriginalValue(converted ? (1000 + i * 0.125) * 1000 : null)
          .setOriginalUnit(converted ? "Wh" : null)
          .build());
    }
    return readings;
  }

  private TableEnvironment flinkSql() {
    Configuration config = new Configuration();
    config.setString("parallelism.default", "2");
    config.setString("rest.bind-address", "127.0.0.1");
    config.setString("rest.address", "127.0.0.1");
    config.setString("taskmanager.host", "127.0.0.1");
    config.setString("jobmanager.bind-host", "127.0.0.1");
    config.setString("taskmanager.bind-host", "127.0.0.1");
    return TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(config).build());
  }

  /** A Kafka table in the avro-confluent format, with the published reading schema as its Avro schema. */
  private String table(String name, String topic) {
    String schema = PublishedSchema.of(SensorReading.getClassSchema()).toString().replace("'", "''");
    return """
        CREATE TABLE %s (
          sensorId STRING NOT NULL,
          `timestamp` TIMESTAMP(3) NOT NULL,
          `value` DOUBLE NOT NULL,
          unit STRING NOT NULL,
          quality STRING NOT NULL,
          source STRING NOT NULL,
          receivedAt TIMESTAMP(3) NOT NULL,
          originalValue DOUBLE,
          originalUnit STRING
        ) WITH (
          'connector' = 'kafka',
          'topic' = '%s',
          'properties.bootstrap.servers' = '%s',
          'properties.group.id' = '%s',
          'scan.startup.mode' = 'earliest-offset',
          'scan.bounded.mode' = 'latest-offset',
          'format' = 'avro-confluent',
          'avro-confluent.url' = '%s',
          'avro-confluent.subject' = '%s-value',
          'avro-confluent.schema' = '%s'
        )""".formatted(name, topic, stack.bootstrapServers(), "interop-" + UUID.randomUUID(),
        stack.schemaRegistryUrl(), topic, schema);
  }

  private static SensorReading fromRow(Row row) {
    return SensorReading.newBuilder()
        .setSensorId((String) row.getField("sensorId"))
        .setTimestamp(utc((LocalDateTime) row.getField("timestamp")))
        .setValue((Double) row.getField("value"))
        .setUnit((String) row.getField("unit"))
        .setQuality(Quality.valueOf((String) row.getField("quality")))
        .setSource((String) row.getField("source"))
        .setReceivedAt(utc((LocalDateTime) row.getField("receivedAt")))
        .setOriginalValue((Double) row.getField("originalValue"))
        .setOriginalUnit((String) row.getField("originalUnit"))
        .build();
  }

  private static Instant utc(LocalDateTime time) {
    return time.toInstant(ZoneOffset.UTC);
  }

  private List<SensorReading> consume(String topic, SchemaRegistry registry) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "interop-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<SensorReading> received = new ArrayList<>();
    try (KafkaConsumer<String, SensorReading> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
        AvroSerde.specific(SensorReading.class, registry).deserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (received.size() < RECORDS && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(500)).forEach(r -> received.add(r.value()));
      }
    }
    return received;
  }

  private Properties producerProperties() {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    return props;
  }
}
