package nl.stroomlijn.jobs.baseline;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import nl.stroomlijn.jobs.kpi.Contribution;
import nl.stroomlijn.jobs.kpi.Kpi;
import nl.stroomlijn.jobs.kpi.KpiCalculator;
import nl.stroomlijn.jobs.kpi.KpiWindows;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Energy performance of a machine (the key) per hour and per order, against a baseline per product
 * on that machine (ISO 50006): energy = a + b x units per hour, fitted by least squares on the
 * product's past hours within the history window. When an hour closes, actual / expected over the
 * products that ran is published as KPI {@code energy_performance}; then the hour joins the
 * history, so the baseline refreshes as data comes. When an order's run on the machine closes, its
 * actual / (a x busy hours + b x units) is published for the order, with the baseline of the hours
 * before it. A machine-hour ratio above the threshold opens (or updates) an ENERGY_PERFORMANCE
 * anomaly episode on the {@link #ANOMALIES} side output; the first hour back below closes it.
 */
public final class EnergyPerformance extends KeyedProcessFunction<String, Contribution, KpiValue> {

  public static final OutputTag<AnomalyEpisode> ANOMALIES =
      new OutputTag<>("energy-performance-anomalies", new AvroTypeInfo<>(AnomalyEpisode.class));
  static final String DETECTOR = "stroomlijn-jobs energy-performance v1";

  private final Duration allowedLateness;
  private final Duration history;
  private final int minPoints;
  private final double anomalyRatio;

  private transient MapState<Long, Map<String, ProductHour>> hours;
  private transient MapState<String, List<BaselinePoint>> baselines;
  private transient MapState<String, OrderRun> orders;
  private transient ValueState<AnomalyEpisode> openEpisode;
  private transient ValueState<String> siteId;

  /**
   * @param history      how far back the observations of a baseline reach
   * @param minPoints    fewest past hours a baseline is fitted on
   * @param anomalyRatio actual / expected above which an hour is anomalous, e.g. 1.25
   */
  public EnergyPerformance(Duration allowedLateness, Duration history, int minPoints, double anomalyRatio) {
    this.allowedLateness = allowedLateness;
    this.history = history;
    this.minPoints = minPoints;
    this.anomalyRatio = anomalyRatio;
  }

  @Override
  public void open(OpenContext openContext) {
    hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("hours", Types.LONG,
        Types.MAP(Types.STRING, TypeInformation.of(ProductHour.class))));
    baselines = getRuntimeContext().getMapState(new MapStateDescriptor<>("baseline-points", Types.STRING,
        Types.LIST(TypeInformation.of(BaselinePoint.class))));
    orders = getRuntimeContext().getMapState(new MapStateDescriptor<>("orders", Types.STRING,
        TypeInformation.of(OrderRun.class)));
    openEpisode = getRuntimeContext().getState(
        new ValueStateDescriptor<>("open-episode", new AvroTypeInfo<>(AnomalyEpisode.class)));
    siteId = getRuntimeContext().getState(new ValueStateDescriptor<>("site", Types.STRING));
  }

  @Override
  public void processElement(Contribution c, Context ctx, Collector<KpiValue> out) throws Exception {
    if (c.productId == null) {
      return;
    }
    addToOrder(c, ctx);
    if (c.orderMark != Contribution.OrderMark.NONE) {
      return;
    }
    long hourStart = KpiWindows.start(KpiWindow.HOUR_1, c.time);
    Map<String, ProductHour> products = hours.get(hourStart);
    if (products == null) {
      products = new HashMap<>();
      ctx.timerService().registerEventTimeTimer(
          KpiWindows.finalAt(hourStart + KpiWindows.sizeMillis(KpiWindow.HOUR_1), allowedLateness));
    }
    ProductHour hour = products.computeIfAbsent(c.productId, p -> new ProductHour());
    hour.energyKwh = hour.energyKwh.add(c.energyKwh);
    hour.units += c.goodUnits + c.scrapUnits;
    hour.sourceRecords++;
    hours.put(hourStart, products);
    if (c.siteId != null) {
      siteId.update(c.siteId);
    }
  }

  private void addToOrder(Contribution c, Context ctx) throws Exception {
    OrderRun run = orders.get(c.orderId);
    if (run == null) {
      run = new OrderRun();
      run.productId = c.productId;
    }
    run.start = Math.min(run.start, c.time);
    switch (c.orderMark) {
      case STARTED -> run.end = Long.MIN_VALUE;
      case ENDED -> {
        run.end = c.time;
        ctx.timerService().registerEventTimeTimer(orderFinalAt(run));
      }
      case NONE -> {
        run.energyKwh = run.energyKwh.add(c.energyKwh);
        run.units += c.goodUnits + c.scrapUnits;
        run.busyMillis += c.busyMillis;
        run.sourceRecords++;
      }
    }
    orders.put(c.orderId, run);
  }

  /** An order's run closes with the quarter hour of its end, as its KPIs do. */
  private long orderFinalAt(OrderRun run) {
    return KpiWindows.finalAt(KpiWindows.end(KpiWindow.MINUTES_15, run.end), allowedLateness);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiValue> out) throws Exception {
    closeOrders(timestamp, ctx, out);
    closeHour(timestamp, ctx, out);
  }

  /**
   * Energy performance of the orders that closed: actual / (a x busy hours + b x units), with the
   * baseline of the order's product on this machine (a is kWh per hour at no output).
   */
  private void closeOrders(long timestamp, OnTimerContext ctx, Collector<KpiValue> out) throws Exception {
    List<String> closed = new ArrayList<>();
    for (Map.Entry<String, OrderRun> entry : orders.entries()) {
      OrderRun run = entry.getValue();
      if (run.end != Long.MIN_VALUE && orderFinalAt(run) == timestamp) {
        closed.add(entry.getKey());
      }
    }
    for (String orderId : closed) {
      OrderRun run = orders.get(orderId);
      orders.remove(orderId);
      Optional<LinearBaseline> baseline = baseline(run.productId, KpiWindows.start(KpiWindow.HOUR_1, run.start));
      if (baseline.isEmpty()) {
        continue;
      }
      LinearBaseline b = baseline.get();
      double expected = b.intercept() * run.busyMillis / KpiWindows.sizeMillis(KpiWindow.HOUR_1) + b.slope() * run.units;
      out.collect(energyPerformance(ctx, ScopeType.ORDER, orderId, KpiWindow.ORDER, run.start, run.end,
          run.energyKwh, expected, run.sourceRecords, "least squares, energy = a x busy hours + b x units on "
              + ctx.getCurrentKey() + ": " + describe(run.productId, b)));
    }
  }

  private void closeHour(long timestamp, OnTimerContext ctx, Collector<KpiValue> out) throws Exception {
    long hourEnd = timestamp + 1 - allowedLateness.toMillis();
    long hourStart = hourEnd - KpiWindows.sizeMillis(KpiWindow.HOUR_1);
    Map<String, ProductHour> products = hours.get(hourStart);
    if (products == null) {
      return;
    }
    hours.remove(hourStart);
    BigDecimal actual = BigDecimal.ZERO;
    double expected = 0;
    long sourceRecords = 0;
    boolean everyProductHasBaseline = true;
    StringBuilder method = new StringBuilder("least squares, energy = a + b x units per product:");
    for (Map.Entry<String, ProductHour> entry : products.entrySet()) {
      ProductHour hour = entry.getValue();
      Optional<LinearBaseline> baseline = baseline(entry.getKey(), hourStart);
      if (baseline.isPresent()) {
        expected += baseline.get().expectedKwh(hour.units);
        method.append(' ').append(describe(entry.getKey(), baseline.get())).append(';');
      } else {
        everyProductHasBaseline = false;
      }
      actual = actual.add(hour.energyKwh);
      sourceRecords += hour.sourceRecords;
      List<BaselinePoint> past = pruned(baselines.get(entry.getKey()), hourStart);
      past.add(new BaselinePoint(hourStart, hour.units, hour.energyKwh.doubleValue()));
      baselines.put(entry.getKey(), past);
    }
    if (!everyProductHasBaseline) {
      return;
    }
    String machineId = ctx.getCurrentKey();
    KpiValue value = energyPerformance(ctx, ScopeType.MACHINE, machineId, KpiWindow.HOUR_1, hourStart, hourEnd,
        actual, expected, sourceRecords, method.toString());
    out.collect(value);
    reportAnomaly(ctx, machineId, hourStart, hourEnd, value.getValue(), actual.doubleValue(), expected);
  }

  /** The baseline of a product on this machine, fitted on its hours within the history before {@code time}. */
  private Optional<LinearBaseline> baseline(String productId, long time) throws Exception {
    return LinearBaseline.fit(pruned(baselines.get(productId), time).stream()
        .map(p -> new LinearBaseline.Point(p.units, p.energyKwh)).toList(), minPoints);
  }

  private static String describe(String productId, LinearBaseline b) {
    return String.format(Locale.ROOT, "%s a=%.6g b=%.6g n=%d", productId, b.intercept(), b.slope(), b.points());
  }

  private KpiValue energyPerformance(OnTimerContext ctx, ScopeType scopeType, String scopeId, KpiWindow window,
      long start, long end, BigDecimal actual, double expected, long sourceRecords, String method) throws Exception {
    return KpiValue.newBuilder()
        .setScopeType(scopeType).setScopeId(scopeId).setSiteId(siteId.value())
        .setKpi(Kpi.ENERGY_PERFORMANCE.id()).setWindow(window)
        .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(end))
        .setValue(expected > 0 ? actual.doubleValue() / expected : null)
        .setNumerator(KpiCalculator.exact(actual)).setDenominator(KpiCalculator.exact(BigDecimal.valueOf(expected)))
        .setUnit(Kpi.ENERGY_PERFORMANCE.unit()).setSourceRecords(sourceRecords).setStatus(KpiStatus.FINAL)
        .setMethod(method).setEmittedAt(Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()))
        .build();
  }

  private void reportAnomaly(OnTimerContext ctx, String machineId, long hourStart, long hourEnd, Double ratio,
      double actual, double expected) throws Exception {
    AnomalyEpisode open = openEpisode.value();
    boolean anomalous = ratio != null && ratio > anomalyRatio;
    if (!anomalous && open == null) {
      return;
    }
    // Score: how far above the threshold, squashed into [0, 1).
    double score = ratio == null ? 0 : Math.max(0, ratio - 1) / ratio;
    AnomalyEpisode.Builder episode = open == null
        ? AnomalyEpisode.newBuilder()
            .setEpisodeId(machineId + "/energy-performance/" + hourStart).setStatus(EpisodeStatus.OPENED)
            .setKind(AnomalyKind.ENERGY_PERFORMANCE).setScopeType(ScopeType.MACHINE).setScopeId(machineId)
            .setSiteId(siteId.value()).setMachineId(machineId).setStart(Instant.ofEpochMilli(hourStart))
            .setPeakScore(score).setPoints(0).setDetector(DETECTOR).setUnit("kWh")
        : AnomalyEpisode.newBuilder(open).setStatus(anomalous ? EpisodeStatus.UPDATED : EpisodeStatus.CLOSED);
    episode.setLastSeen(Instant.ofEpochMilli(hourEnd)).setScore(score)
        .setPoints(episode.getPoints() + 1).setPeakScore(Math.max(episode.getPeakScore(), score))
        .setObserved(actual).setExpected(expected)
        .setExplanation(String.format(Locale.ROOT,
            "%s used %.3f kWh in the hour from %s where its baseline expects %.3f kWh (ratio %.2f, threshold %.2f)",
            machineId, actual, Instant.ofEpochMilli(hourStart), expected, ratio == null ? Double.NaN : ratio,
            anomalyRatio));
    if (!anomalous) {
      episode.setEnd(Instant.ofEpochMilli(hourStart));
    }
    AnomalyEpisode record = episode.build();
    ctx.output(ANOMALIES, record);
    if (anomalous) {
      openEpisode.update(record);
    } else {
      openEpisode.clear();
    }
  }

  /** The points within the history window before {@code time}. */
  private List<BaselinePoint> pruned(List<BaselinePoint> points, long time) {
    List<BaselinePoint> kept = new ArrayList<>();
    if (points != null) {
      long from = time - history.toMillis();
      points.stream().filter(p -> p.hourStart >= from && p.hourStart < time).forEach(kept::add);
    }
    return kept;
  }
}
