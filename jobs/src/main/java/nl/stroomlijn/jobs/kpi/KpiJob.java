package nl.stroomlijn.jobs.kpi;

import java.io.Serializable;
import java.util.Objects;
import nl.stroomlijn.jobs.baseline.EnergyPerformance;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.ProductionEvent;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;

/**
 * The KPI job: attributed consumption and production events, joined with the plant definition and
 * the emission factors, rolled up into KPI values per scope and window, plus energy performance
 * against baselines. Sources and sinks are given (Kafka in production, in memory in tests); the
 * pipeline is the same for the streaming job and a bounded backfill.
 */
public final class KpiJob {

  public static final String NAME = "stroomlijn-kpi";
  static final TypeInformation<KpiValue> KPI_VALUE = new AvroTypeInfo<>(KpiValue.class);

  /** The event time of a record. */
  @FunctionalInterface
  private interface EventTime<T> extends Serializable {
    long of(T record);
  }

  /** Where the job reads from. The reference sources (assets, factors) are read from their start. */
  public record Sources(
      Source<AttributedConsumption, ?, ?> consumption,
      Source<ProductionEvent, ?, ?> production,
      Source<AssetDefinition, ?, ?> assets,
      Source<EmissionFactor, ?, ?> emissionFactors) {
  }

  /**
   * Where the job writes to. {@code kpiLatest} gets every value as well, for the compacted topic;
   * {@code lateRecords} may be null (late records are then only counted).
   */
  public record Sinks(
      Sink<KpiValue> kpi,
      Sink<KpiValue> kpiLatest,
      Sink<AnomalyEpisode> anomalies,
      Sink<Either<AttributedConsumption, ProductionEvent>> lateRecords) {
  }

  private final Sources sources;
  private final Sinks sinks;
  private final KpiJobSettings settings;

  public KpiJob(Sources sources, Sinks sinks, KpiJobSettings settings) {
    this.sources = Objects.requireNonNull(sources, "sources");
    this.sinks = Objects.requireNonNull(sinks, "sinks");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** Builds the pipeline and runs it to the end (a backfill) or until cancelled. */
  public JobExecutionResult execute(StreamExecutionEnvironment env) throws Exception {
    build(env);
    return env.execute(settings.isBackfill() ? NAME + "-backfill" : NAME);
  }

  /** Builds the pipeline and submits it without waiting. */
  public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
    build(env);
    return env.executeAsync(settings.isBackfill() ? NAME + "-backfill" : NAME);
  }

  void build(StreamExecutionEnvironment env) {
    // Lambdas, not Either::Left: javac deserializes method references to one generic method as one.
    DataStream<Either<AttributedConsumption, ProductionEvent>> events =
        read(env, sources.consumption(), AttributedConsumption.class, "consumption", c -> c.getStart().toEpochMilli(),
            c -> Either.Left(c), ContributionJoin.FACTORY_EVENT)
        .union(read(env, sources.production(), ProductionEvent.class, "production",
            p -> p.getTimestamp().toEpochMilli(), p -> Either.Right(p), ContributionJoin.FACTORY_EVENT));
    if (settings.backfill().isPresent()) {
      KpiJobSettings.TimeRange range = settings.backfill().get();
      events = events.filter(e -> range.contains(ContributionJoin.eventTime(e))).uid("backfill-range");
    }

    // Reference data, timed by when it becomes valid, so that the join waits for it.
    BroadcastStream<Either<AssetDefinition, EmissionFactor>> reference =
        read(env, sources.assets(), AssetDefinition.class, "assets", a -> a.getUpdatedAt().toEpochMilli(),
            a -> Either.Left(a), ContributionJoin.REFERENCE)
        .union(read(env, sources.emissionFactors(), EmissionFactor.class, "emission-factors",
            f -> f.getValidFrom().toEpochMilli(), f -> Either.Right(f), ContributionJoin.REFERENCE))
        .broadcast(ContributionJoin.ASSETS, ContributionJoin.FACTORS);

    SingleOutputStreamOperator<Contribution> contributions = events
        .keyBy(ContributionJoin::machineOf, Types.STRING)
        .connect(reference)
        .process(new ContributionJoin(settings.allowedLateness()), TypeInformation.of(Contribution.class))
        .uid("contribution-join").name("join plant and emission factors (event time)");

    DataStream<KpiValue> rollups = contributions
        .flatMap(new ScopeFanOut(), TypeInformation.of(ScopedContribution.class)).uid("scope-fan-out")
        .keyBy(ScopedContribution::rollupKey, Types.STRING)
        .process(new KpiRollup(settings.allowedLateness(), settings.provisionalInterval()), KPI_VALUE)
        .uid("kpi-rollup").name("KPI roll-up");

    SingleOutputStreamOperator<KpiValue> energyPerformance = contributions
        .keyBy(c -> c.machineId, Types.STRING)
        .process(new EnergyPerformance(settings.allowedLateness(), settings.baselineHistory(),
            settings.baselineMinHours(), settings.anomalyRatio()), KPI_VALUE)
        .uid("energy-performance").name("energy performance vs baseline");

    DataStream<KpiValue> kpis = rollups.union(energyPerformance);
    kpis.sinkTo(sinks.kpi()).uid("sink-kpi").name("kpi");
    kpis.sinkTo(sinks.kpiLatest()).uid("sink-kpi-latest").name("kpi latest");
    energyPerformance.getSideOutput(EnergyPerformance.ANOMALIES).sinkTo(sinks.anomalies()).uid("sink-anomalies")
        .name("anomalies");
    if (sinks.lateRecords() != null) {
      contributions.getSideOutput(ContributionJoin.LATE).sinkTo(sinks.lateRecords()).uid("sink-late-records")
          .name("late records");
    }
  }

  /** Reads a source with event-time watermarks, wrapped as one side of an {@link Either}. */
  private <T extends SpecificRecordBase, E> DataStream<E> read(StreamExecutionEnvironment env, Source<T, ?, ?> source,
      Class<T> type, String name, EventTime<T> eventTime, MapFunction<T, E> wrap, TypeInformation<E> wrappedType) {
    return env.fromSource(source, watermarks(eventTime), name, new AvroTypeInfo<>(type)).uid("source-" + name)
        .map(wrap, wrappedType).uid(name + "-wrapped");
  }

  private <T> WatermarkStrategy<T> watermarks(EventTime<T> eventTime) {
    return WatermarkStrategy.<T>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
        .withTimestampAssigner((SerializableTimestampAssigner<T>) (record, kafkaTimestamp) -> eventTime.of(record))
        .withIdleness(settings.idleTimeout());
  }
}
