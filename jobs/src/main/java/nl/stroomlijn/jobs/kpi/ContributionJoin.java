package nl.stroomlijn.jobs.kpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.jobs.co2e.EmissionFactorTable;
import nl.stroomlijn.jobs.plant.PlantModel;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.ProductionEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Joins consumption slices and production events of a machine (the key) with the plant definition
 * and the emission factors (broadcast), in event time: a record waits until the watermark passes
 * its time, so the factor valid at that time has arrived (an event-time temporal join), then
 * becomes a {@link Contribution}. A record whose windows have already closed goes to the
 * {@link #LATE} side output and is counted.
 */
public final class ContributionJoin extends KeyedBroadcastProcessFunction<
    String, Either<AttributedConsumption, ProductionEvent>, Either<AssetDefinition, EmissionFactor>, Contribution> {

  public static final TypeInformation<Either<AttributedConsumption, ProductionEvent>> FACTORY_EVENT =
      Types.EITHER(new AvroTypeInfo<>(AttributedConsumption.class), new AvroTypeInfo<>(ProductionEvent.class));
  public static final TypeInformation<Either<AssetDefinition, EmissionFactor>> REFERENCE =
      Types.EITHER(new AvroTypeInfo<>(AssetDefinition.class), new AvroTypeInfo<>(EmissionFactor.class));

  public static final OutputTag<Either<AttributedConsumption, ProductionEvent>> LATE =
      new OutputTag<>("late-records", FACTORY_EVENT);

  /** Broadcast state: asset definitions by asset id. */
  public static final MapStateDescriptor<String, AssetDefinition> ASSETS =
      new MapStateDescriptor<>("assets", Types.STRING, new AvroTypeInfo<>(AssetDefinition.class));
  /** Broadcast state: every version of every emission factor. */
  public static final MapStateDescriptor<String, EmissionFactor> FACTORS =
      new MapStateDescriptor<>("emission-factors", Types.STRING, new AvroTypeInfo<>(EmissionFactor.class));

  private final Duration allowedLateness;

  private transient MapState<Long, List<Either<AttributedConsumption, ProductionEvent>>> waiting;
  private transient Counter lateRecords;
  // Derived from broadcast state, rebuilt after each change (and after a restore).
  private transient PlantModel plant;
  private transient EmissionFactorTable factors;

  public ContributionJoin(Duration allowedLateness) {
    this.allowedLateness = allowedLateness;
  }

  @Override
  public void open(OpenContext openContext) {
    waiting = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("waiting-for-watermark", Types.LONG, new ListTypeInfo<>(FACTORY_EVENT)));
    lateRecords = getRuntimeContext().getMetricGroup().counter("lateRecords");
  }

  @Override
  public void processElement(Either<AttributedConsumption, ProductionEvent> event, ReadOnlyContext ctx,
      Collector<Contribution> out) throws Exception {
    long time = eventTime(event);
    long watermark = ctx.timerService().currentWatermark();
    if (KpiWindows.isLate(time, watermark, allowedLateness)) {
      lateRecords.inc();
      ctx.output(LATE, event);
    } else if (time <= watermark) {
      out.collect(contribution(event, ctx));
    } else {
      List<Either<AttributedConsumption, ProductionEvent>> atTime = waiting.get(time);
      if (atTime == null) {
        atTime = new ArrayList<>();
        ctx.timerService().registerEventTimeTimer(time);
      }
      atTime.add(event);
      waiting.put(time, atTime);
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Contribution> out) throws Exception {
    List<Either<AttributedConsumption, ProductionEvent>> atTime = waiting.get(timestamp);
    if (atTime != null) {
      for (Either<AttributedConsumption, ProductionEvent> event : atTime) {
        out.collect(contribution(event, ctx));
      }
      waiting.remove(timestamp);
    }
  }

  @Override
  public void processBroadcastElement(Either<AssetDefinition, EmissionFactor> reference, Context ctx,
      Collector<Contribution> out) throws Exception {
    if (reference.isLeft()) {
      ctx.getBroadcastState(ASSETS).put(reference.left().getAssetId(), reference.left());
      plant = null;
    } else {
      ctx.getBroadcastState(FACTORS).put(EmissionFactorTable.versionKey(reference.right()), reference.right());
      factors = null;
    }
  }

  /** The key: records of one machine meet in one place. */
  public static String machineOf(Either<AttributedConsumption, ProductionEvent> event) {
    return event.isLeft() ? event.left().getMachineId() : event.right().getMachineId();
  }

  public static long eventTime(Either<AttributedConsumption, ProductionEvent> event) {
    return event.isLeft() ? event.left().getStart().toEpochMilli() : event.right().getTimestamp().toEpochMilli();
  }

  private Contribution contribution(Either<AttributedConsumption, ProductionEvent> event, ReadOnlyContext ctx)
      throws Exception {
    if (plant == null) {
      Map<String, AssetDefinition> assets = new HashMap<>();
      for (Map.Entry<String, AssetDefinition> entry : ctx.getBroadcastState(ASSETS).immutableEntries()) {
        assets.put(entry.getKey(), entry.getValue());
      }
      plant = new PlantModel(assets);
    }
    if (factors == null) {
      List<EmissionFactor> all = new ArrayList<>();
      ctx.getBroadcastState(FACTORS).immutableEntries().forEach(entry -> all.add(entry.getValue()));
      factors = new EmissionFactorTable(all);
    }
    return event.isLeft() ? Contributions.of(event.left(), plant, factors) : Contributions.of(event.right(), plant);
  }
}
