package nl.stroomlijn.jobs.kpi;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Properties;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.flink.ConfluentAvroDeserializationSchema;
import nl.stroomlijn.registry.flink.ConfluentAvroSerializationSchema;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The KPI job's Kafka sources and exactly-once sinks, in the Confluent wire format. Reference
 * topics are always read from their start; the input topics from the group's committed offsets
 * (earliest for a new group); a backfill reads every topic from its start to the offsets at job
 * start, then ends.
 */
public final class KafkaKpiIo {

  /** Transactions must end within the broker's transaction.max.timeout.ms (15 min by default). */
  static final String TRANSACTION_TIMEOUT_MS = "600000";

  /**
   * How to reach Kafka and the schema registry.
   *
   * @param kafka    Kafka client settings, {@code bootstrap.servers} included (TLS/SASL pass through)
   * @param registry the schema registry
   * @param groupId  consumer group of the input topics (committed offsets are a restart hint only)
   */
  public record Endpoints(Properties kafka, RegistryConfig registry, String groupId) {
    public Endpoints {
      Objects.requireNonNull(kafka.getProperty("bootstrap.servers"), "bootstrap.servers");
      Objects.requireNonNull(registry, "registry");
      Objects.requireNonNull(groupId, "groupId");
    }
  }

  private KafkaKpiIo() {
  }

  public static KpiJob.Sources sources(Endpoints endpoints, boolean backfill) {
    OffsetsInitializer inputStart = backfill ? OffsetsInitializer.earliest()
        : OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
    return new KpiJob.Sources(
        source(endpoints, Topics.CONSUMPTION, inputStart, backfill),
        source(endpoints, Topics.PRODUCTION, inputStart, backfill),
        source(endpoints, Topics.ASSETS, OffsetsInitializer.earliest(), backfill),
        source(endpoints, Topics.EMISSION_FACTORS, OffsetsInitializer.earliest(), backfill));
  }

  /** Exactly-once sinks; {@code transactionalIdPrefix} must be unique to this job among all writers of the cluster. */
  public static KpiJob.Sinks sinks(Endpoints endpoints, String transactionalIdPrefix) {
    RegistryConfig registry = endpoints.registry();
    return new KpiJob.Sinks(
        sink(endpoints, transactionalIdPrefix + "-kpi", Topics.KPI.name(), KpiKeys::kpiKey,
            ConfluentAvroSerializationSchema.forSpecific(KpiValue.class, Topics.KPI.name(), registry)),
        sink(endpoints, transactionalIdPrefix + "-kpi-latest", Topics.KPI_LATEST.name(), KpiKeys::latestKey,
            ConfluentAvroSerializationSchema.forSpecific(KpiValue.class, Topics.KPI_LATEST.name(), registry)),
        sink(endpoints, transactionalIdPrefix + "-anomalies", Topics.ANOMALIES.name(), KpiKeys::anomalyKey,
            ConfluentAvroSerializationSchema.forSpecific(AnomalyEpisode.class, Topics.ANOMALIES.name(), registry)),
        sink(endpoints, transactionalIdPrefix + "-late", Topics.DEAD_LETTERS.name(), ContributionJoin::machineOf,
            new LateRecords.AsDeadLetter(
                ConfluentAvroSerializationSchema.forSpecific(DeadLetter.class, Topics.DEAD_LETTERS.name(), registry))));
  }

  private static <T extends SpecificRecord> KafkaSource<T> source(Endpoints endpoints, Topic<T> topic,
      OffsetsInitializer start, boolean bounded) {
    var builder = KafkaSource.<T>builder()
        .setProperties(endpoints.kafka())
        .setTopics(topic.name())
        .setGroupId(endpoints.groupId())
        .setStartingOffsets(start)
        // The attribution app writes in transactions: read only what it committed.
        .setProperty("isolation.level", "read_committed")
        .setDeserializer(new SkippingTombstones<>(
            ConfluentAvroDeserializationSchema.forSpecific(topic.valueType(), endpoints.registry())));
    if (bounded) {
      builder.setBounded(OffsetsInitializer.latest());
    }
    return builder.build();
  }

  /** A key of a record, written as UTF-8 (keys never depend on a schema, see Topic.KeyFormat). */
  private interface KeyOf<T> extends java.io.Serializable {
    String of(T record);
  }

  private static <T> KafkaSink<T> sink(Endpoints endpoints, String transactionalIdPrefix, String topic,
      KeyOf<T> key, SerializationSchema<T> value) {
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(endpoints.kafka())
        .setRecordSerializer(KafkaRecordSerializationSchema.<T>builder()
            .setTopic(topic)
            .setKeySerializationSchema(record -> key.of(record).getBytes(StandardCharsets.UTF_8))
            .setValueSerializationSchema(value)
            .build())
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty("transaction.timeout.ms", TRANSACTION_TIMEOUT_MS)
        .build();
  }

  /** Values only; tombstones (deleted assets, factors) carry nothing to compute with and are skipped. */
  static final class SkippingTombstones<T> implements KafkaRecordDeserializationSchema<T> {
    private final DeserializationSchema<T> values;

    SkippingTombstones(DeserializationSchema<T> values) {
      this.values = values;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) throws Exception {
      values.open(context);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) throws java.io.IOException {
      if (record.value() != null) {
        out.collect(values.deserialize(record.value()));
      }
    }

    @Override
    public TypeInformation<T> getProducedType() {
      return values.getProducedType();
    }
  }
}
