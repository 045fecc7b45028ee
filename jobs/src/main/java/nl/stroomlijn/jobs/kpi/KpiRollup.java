package nl.stroomlijn.jobs.kpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The KPI roll-up of one scope and window kind (the key): exact sums per window, PROVISIONAL
 * values while a window is open, one FINAL set when it closes after the allowed lateness.
 *
 * <p>Time windows are tumbling and UTC-aligned; a time window closes when the watermark passes its
 * end plus the lateness. An order window runs from the order's first record to its last end, and
 * closes when the 15-minute window holding that end closes, so every record of the order that was
 * not late has arrived. Provisional values are emitted at most once per {@code provisionalInterval}
 * (processing time) for the windows that changed; a zero interval emits finals only (backfill).
 */
public final class KpiRollup extends KeyedProcessFunction<String, ScopedContribution, KpiValue> {

  /** Order windows have one accumulator per key; it lives under this window start. */
  private static final long ORDER_SLOT = 0L;

  private final Duration allowedLateness;
  private final Duration provisionalInterval;

  private transient MapState<Long, KpiAccumulator> windows;
  private transient ValueState<Boolean> provisionalPending;

  public KpiRollup(Duration allowedLateness, Duration provisionalInterval) {
    this.allowedLateness = allowedLateness;
    this.provisionalInterval = provisionalInterval;
  }

  @Override
  public void open(OpenContext openContext) {
    windows = getRuntimeContext().getMapState(
        new MapStateDescriptor<>("windows", Types.LONG, TypeInformation.of(KpiAccumulator.class)));
    provisionalPending = getRuntimeContext().getState(new ValueStateDescriptor<>("provisional-pending", Types.BOOLEAN));
  }

  @Override
  public void processElement(ScopedContribution in, Context ctx, Collector<KpiValue> out) throws Exception {
    Contribution c = in.contribution;
    if (in.window == KpiWindow.ORDER) {
      KpiAccumulator order = orElseNew(windows.get(ORDER_SLOT), in);
      order.add(c);
      windows.put(ORDER_SLOT, order);
      if (order.orderEnded()) {
        ctx.timerService().registerEventTimeTimer(orderFinalAt(order));
      }
    } else {
      long start = KpiWindows.start(in.window, c.time);
      KpiAccumulator window = orElseNew(windows.get(start), in);
      window.add(c);
      windows.put(start, window);
      ctx.timerService().registerEventTimeTimer(KpiWindows.finalAt(start + KpiWindows.sizeMillis(in.window), allowedLateness));
    }
    if (!provisionalInterval.isZero() && provisionalPending.value() == null) {
      provisionalPending.update(true);
      ctx.timerService().registerProcessingTimeTimer(
          ctx.timerService().currentProcessingTime() + provisionalInterval.toMillis());
    }
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiValue> out) throws Exception {
    RollupKey key = RollupKey.parse(ctx.getCurrentKey());
    long now = ctx.timerService().currentProcessingTime();
    if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
      provisionalPending.clear();
      List<Map.Entry<Long, KpiAccumulator>> changed = new ArrayList<>();
      for (Map.Entry<Long, KpiAccumulator> entry : windows.entries()) {
        if (entry.getValue().changed) {
          changed.add(entry);
        }
      }
      for (Map.Entry<Long, KpiAccumulator> entry : changed) {
        KpiAccumulator acc = entry.getValue();
        emit(key, entry.getKey(), acc, KpiStatus.PROVISIONAL, now, out);
        acc.changed = false;
        windows.put(entry.getKey(), acc);
      }
      return;
    }
    if (key.window() == KpiWindow.ORDER) {
      KpiAccumulator order = windows.get(ORDER_SLOT);
      // A later start reopened the order, or a later end moved its close: this timer is stale.
      if (order != null && order.orderEnded() && orderFinalAt(order) == timestamp) {
        emit(key, ORDER_SLOT, order, KpiStatus.FINAL, now, out);
        windows.remove(ORDER_SLOT);
      }
      return;
    }
    long end = timestamp + 1 - allowedLateness.toMillis();
    long start = end - KpiWindows.sizeMillis(key.window());
    KpiAccumulator window = windows.get(start);
    if (window != null) {
      emit(key, start, window, KpiStatus.FINAL, now, out);
      windows.remove(start);
    }
  }

  private long orderFinalAt(KpiAccumulator order) {
    return KpiWindows.finalAt(KpiWindows.end(KpiWindow.MINUTES_15, order.orderEnd), allowedLateness);
  }

  private void emit(RollupKey key, long start, KpiAccumulator acc, KpiStatus status, long now,
      Collector<KpiValue> out) {
    KpiCalculator.Window window = key.window() == KpiWindow.ORDER
        ? new KpiCalculator.Window(key.scopeType(), key.scopeId(), acc.siteId, key.window(), acc.windowStart,
            acc.orderEnded() ? acc.orderEnd : acc.windowEnd)
        : new KpiCalculator.Window(key.scopeType(), key.scopeId(), acc.siteId, key.window(), start,
            start + KpiWindows.sizeMillis(key.window()));
    KpiCalculator.values(window, acc, status, now).forEach(out::collect);
  }

  private static KpiAccumulator orElseNew(KpiAccumulator acc, ScopedContribution in) {
    if (acc != null) {
      return acc;
    }
    KpiAccumulator created = new KpiAccumulator();
    created.siteId = in.siteId;
    return created;
  }
}
