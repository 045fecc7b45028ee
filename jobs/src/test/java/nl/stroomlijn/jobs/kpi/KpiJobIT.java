package nl.stroomlijn.jobs.kpi;

import static nl.stroomlijn.jobs.testing.Fixtures.MACHINE;
import static nl.stroomlijn.jobs.testing.Fixtures.MINUTE;
import static nl.stroomlijn.jobs.testing.Fixtures.T0;
import static nl.stroomlijn.jobs.testing.Fixtures.factor;
import static nl.stroomlijn.jobs.testing.Fixtures.orderEvent;
import static nl.stroomlijn.jobs.testing.Fixtures.slice;
import static nl.stroomlijn.jobs.testing.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import nl.stroomlijn.jobs.testing.CollectingSink;
import nl.stroomlijn.jobs.testing.FailOnceAfterCheckpoints;
import nl.stroomlijn.jobs.testing.Fixtures;
import nl.stroomlijn.jobs.testing.LocalCluster;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.kafka.AvroDeserializer;
import nl.stroomlijn.registry.kafka.AvroSerdeConfig;
import nl.stroomlijn.registry.kafka.AvroSerializer;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.ScopeType;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The KPI job on a real broker and registry: exactly-once through a failure, and a backfill over the
 * same topics giving the same finals.
 */
@WithStack
class KpiJobIT {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = LocalCluster.extension();

  private static final String CLOSER_MACHINE = "ede/l1/closer";
  private static final Duration WAIT = Duration.ofSeconds(120);

  private final Stack stack;

  KpiJobIT(Stack stack) {
    this.stack = stack;
  }

  @Test
  void failsOnceAfterTwoCheckpointsAndCommitsExactlyOneFinalPerKeyWithTheExactValueAndABackfillAgrees()
      throws Exception {
    KpiJobDeployment deployment = deployment();
    publish(Topics.ASSETS.name(), Fixtures.plant(), AssetDefinition::getAssetId);
    publish(Topics.EMISSION_FACTORS.name(), List.of(factor("NL", Medium.ELECTRICITY, 0, "0.3")), f -> "NL");
    // Phase 1: two hours; the first hour's windows close while the job runs.
    publish(Topics.PRODUCTION.name(), production(0, 120), ProductionEvent::getMachineId);
    publish(Topics.CONSUMPTION.name(), minutes(0, 120), AttributedConsumption::getMachineId);

    KpiJob.Sources kafka = KafkaKpiIo.sources(deployment.endpoints(), false);
    var job = new KpiJob(
        new KpiJob.Sources(new FailOnceAfterCheckpoints<>(kafka.consumption()), kafka.production(), kafka.assets(),
            kafka.emissionFactors()),
        KafkaKpiIo.sinks(deployment.endpoints(), "kpi-it-" + UUID.randomUUID()), deployment.settings());
    Configuration conf = deployment.flinkConfiguration();
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 3);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(LocalCluster.PARALLELISM);
    JobClient client = job.executeAsync(env);

    List<KpiValue> committed;
    List<KpiValue> latest;
    try {
      // The first hour's finals and provisional values of the second are committed; then fail.
      readCommitted(Topics.KPI.name(), values -> hasFinal(values, key(ScopeType.MACHINE, MACHINE, KpiWindow.HOUR_1, T0))
          && values.stream().anyMatch(v -> v.getStatus() == KpiStatus.PROVISIONAL));
      FailOnceAfterCheckpoints.ARMED.set(true);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!FailOnceAfterCheckpoints.FAILED.get() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertThat(FailOnceAfterCheckpoints.FAILED).as("the job failed, two checkpoints after the first finals").isTrue();
      // Phase 2, after the restart: the third hour, the end of the second order, and a record a day
      // later on another machine whose watermark closes every window of the first day.
      publish(Topics.PRODUCTION.name(), production(120, 180), ProductionEvent::getMachineId);
      publish(Topics.CONSUMPTION.name(), minutes(120, 180), AttributedConsumption::getMachineId);
      AttributedConsumption closer = AttributedConsumption.newBuilder(
              slice(Medium.ELECTRICITY, T0 + 26 * 60 * MINUTE, T0 + 26 * 60 * MINUTE + MINUTE, "1",
                  OperatingState.OFF, null))
          .setMachineId(CLOSER_MACHINE).setMeterId(CLOSER_MACHINE + "/em").build();
      publish(Topics.CONSUMPTION.name(), List.of(closer), AttributedConsumption::getMachineId);

      committed = readCommitted(Topics.KPI.name(),
          values -> hasFinal(values, key(ScopeType.MACHINE, MACHINE, KpiWindow.DAY_1, T0))
              && hasFinal(values, key(ScopeType.ORDER, "o-2", KpiWindow.ORDER, T0 + 90 * MINUTE)));
      latest = readCommitted(Topics.KPI_LATEST.name(), values -> values.stream().anyMatch(v ->
          v.getStatus() == KpiStatus.FINAL && v.getWindow() == KpiWindow.DAY_1 && MACHINE.equals(v.getScopeId())));
    } finally {
      client.cancel().get();
    }

    Map<String, List<KpiValue>> finals = committed.stream().filter(v -> v.getStatus() == KpiStatus.FINAL)
        .collect(Collectors.groupingBy(KpiKeys::kpiKey));
    assertThat(finals.values()).as("one FINAL per key and window").allSatisfy(v -> assertThat(v).hasSize(1));
    // The compacted topic's last value of a key is its newest: the third hour, final.
    KpiValue lastHour = latest.stream()
        .filter(v -> KpiKeys.latestKey(v).equals(ScopeType.MACHINE + "/" + MACHINE + "/energy_kwh/" + KpiWindow.HOUR_1))
        .reduce((first, second) -> second).orElseThrow();
    assertThat(lastHour.getStatus()).isEqualTo(KpiStatus.FINAL);
    assertThat(lastHour.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 120 * MINUTE));
    assertThat(lastHour.getNumerator()).isEqualTo(expectedEnergy(120, 180));
    for (int hour = 0; hour < 3; hour++) {
      assertThat(energy(finals, ScopeType.MACHINE, MACHINE, KpiWindow.HOUR_1, T0 + hour * 60 * MINUTE))
          .as("hour " + hour).isEqualTo(expectedEnergy(hour * 60, (hour + 1) * 60));
    }
    assertThat(energy(finals, ScopeType.MACHINE, MACHINE, KpiWindow.DAY_1, T0)).isEqualTo(expectedEnergy(0, 180));
    assertThat(energy(finals, ScopeType.ORDER, "o-1", KpiWindow.ORDER, T0)).isEqualTo(expectedEnergy(0, 90));
    assertThat(energy(finals, ScopeType.ORDER, "o-2", KpiWindow.ORDER, T0 + 90 * MINUTE))
        .isEqualTo(expectedEnergy(90, 180));
    assertThat(finals.get(key(ScopeType.MACHINE, MACHINE, KpiWindow.DAY_1, T0).replace("energy_kwh", "good_units"))
        .get(0).getNumerator()).isEqualByComparingTo(String.valueOf(36 * 5));

    // A bounded run over the same topics gives the same finals.
    CollectingSink<KpiValue> backfillOut = new CollectingSink<>();
    var backfill = new KpiJob(KafkaKpiIo.sources(deployment.endpoints(), true),
        new KpiJob.Sinks(backfillOut, new CollectingSink<>(), new CollectingSink<AnomalyEpisode>(), null),
        deployment.settings().withBackfill(new KpiJobSettings.TimeRange(Instant.ofEpochMilli(T0),
            Instant.ofEpochMilli(T0 + 2 * 24 * 60 * MINUTE))));
    StreamExecutionEnvironment backfillEnv = StreamExecutionEnvironment.getExecutionEnvironment();
    backfillEnv.setParallelism(LocalCluster.PARALLELISM);
    backfill.execute(backfillEnv);
    Map<String, KpiValue> backfilled = backfillOut.results().stream()
        .collect(Collectors.toMap(KpiKeys::kpiKey, Function.identity()));
    for (Map.Entry<String, List<KpiValue>> streamed : finals.entrySet()) {
      assertThat(comparable(backfilled.get(streamed.getKey()))).as(streamed.getKey())
          .isEqualTo(comparable(streamed.getValue().get(0)));
    }
  }

  private KpiJobDeployment deployment() {
    Map<String, String> env = new HashMap<>();
    env.put("KAFKA_BOOTSTRAP_SERVERS", stack.bootstrapServers());
    env.put("SCHEMA_REGISTRY_URL", stack.schemaRegistryUrl());
    env.put("STROOMLIJN_KPI_GROUP_ID", "kpi-it-" + UUID.randomUUID());
    env.put("STROOMLIJN_KPI_MAX_OUT_OF_ORDERNESS", "1s");
    env.put("STROOMLIJN_KPI_IDLE_TIMEOUT", "2s");
    env.put("STROOMLIJN_KPI_PROVISIONAL_INTERVAL", "1s");
    env.put("STROOMLIJN_FLINK_CHECKPOINT_INTERVAL", "500ms");
    env.put("STROOMLIJN_FLINK_STATE_BACKEND", "rocksdb");
    return KpiJobDeployment.from(ServiceConfig.load(null, env));
  }

  /** One-minute electricity slices on the press: o-1 runs minutes 0-90, o-2 90-180; every tenth minute IDLE. */
  private static List<AttributedConsumption> minutes(int from, int to) {
    List<AttributedConsumption> slices = new ArrayList<>();
    for (int m = from; m < to; m++) {
      slices.add(slice(Medium.ELECTRICITY, T0 + m * MINUTE, T0 + (m + 1) * MINUTE, kwh(m),
          m % 10 == 0 ? OperatingState.IDLE : OperatingState.RUNNING, m < 90 ? "o-1" : "o-2"));
    }
    return slices;
  }

  private static String kwh(int minute) {
    return new BigDecimal("0.125").multiply(BigDecimal.valueOf(minute % 7 + 1))
        .add(new BigDecimal("0.000001").multiply(BigDecimal.valueOf(minute))).toPlainString();
  }

  private static BigDecimal expectedEnergy(int fromMinute, int toMinute) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int m = fromMinute; m < toMinute; m++) {
      sum = sum.add(new BigDecimal(kwh(m)));
    }
    return sum.setScale(12);
  }

  /** Order starts and ends, and 5 good units every 5 minutes (the count at the end of each 5 minutes). */
  private static List<ProductionEvent> production(int from, int to) {
    List<ProductionEvent> events = new ArrayList<>();
    for (int m = from; m < to; m++) {
      if (m == 0 || m == 90) {
        events.add(orderEvent(T0 + m * MINUTE, ProductionEventType.ORDER_STARTED, m == 0 ? "o-1" : "o-2"));
      }
      if (m % 5 == 4) {
        events.add(units(T0 + m * MINUTE, m < 90 ? "o-1" : "o-2", 5, 0));
      }
      if (m == 89 || m == 179) {
        events.add(orderEvent(T0 + (m + 1) * MINUTE, ProductionEventType.ORDER_ENDED, m == 89 ? "o-1" : "o-2"));
      }
    }
    return events;
  }

  private <T extends SpecificRecord> void publish(String topic, List<T> records, Function<T, String> key) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class.getName());
    props.put(RegistryConfig.URL, stack.schemaRegistryUrl());
    try (KafkaProducer<String, T> producer = new KafkaProducer<>(props)) {
      records.forEach(r -> producer.send(new ProducerRecord<>(topic, key.apply(r), r)));
    }
  }

  /** Everything committed to the topic, once it satisfies {@code done} and nothing new came for 2 s. */
  private List<KpiValue> readCommitted(String topic, Predicate<List<KpiValue>> done) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "kpi-it-reader-" + UUID.randomUUID());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class.getName());
    props.put(AvroSerdeConfig.SPECIFIC_TYPE, KpiValue.class.getName());
    props.put(RegistryConfig.URL, stack.schemaRegistryUrl());
    List<KpiValue> values = new ArrayList<>();
    try (KafkaConsumer<String, KpiValue> consumer = new KafkaConsumer<>(props)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      long quietSince = System.nanoTime();
      while (System.nanoTime() < deadline) {
        int before = values.size();
        consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
        if (values.size() > before) {
          quietSince = System.nanoTime();
        }
        if (done.test(values) && System.nanoTime() - quietSince > Duration.ofSeconds(2).toNanos()) {
          return values;
        }
      }
    }
    throw new AssertionError(topic + " did not get the awaited records within " + WAIT + "; got " + values.size());
  }

  private static boolean hasFinal(List<KpiValue> values, String kpiKey) {
    return values.stream().anyMatch(v -> v.getStatus() == KpiStatus.FINAL && KpiKeys.kpiKey(v).equals(kpiKey));
  }

  private static BigDecimal energy(Map<String, List<KpiValue>> finals, ScopeType scope, String id, KpiWindow window,
      long start) {
    List<KpiValue> values = finals.get(key(scope, id, window, start));
    assertThat(values).as("FINAL energy of " + key(scope, id, window, start)).isNotNull();
    return values.get(0).getNumerator();
  }

  private static String key(ScopeType scope, String id, KpiWindow window, long start) {
    return scope + "/" + id + "/energy_kwh/" + window + "/" + Instant.ofEpochMilli(start);
  }

  private static String comparable(KpiValue value) {
    return value == null ? null : KpiValue.newBuilder(value).setEmittedAt(Instant.EPOCH).build().toString();
  }
}
