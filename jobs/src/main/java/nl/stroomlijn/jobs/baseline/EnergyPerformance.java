package nl.stroomlijn.jobs.baseline;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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
 * Energy performance of a machine (the key) per hour, against a baseline per product on that
 * machine (ISO 50006): energy = a + b x units, fitted by least squares on the product's past hours
 * within the history window. When the hour closes, actual / expected over the products that ran
 * is published as KPI {@code energy_performance}; then the hour joins the history, so the baseline
 * refreshes as data comes. A ratio above the threshold opens (or updates) an ENERGY_PERFORMANCE
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
    openEpisode = getRuntimeContext().getState(
        new ValueStateDescriptor<>("open-episode", new AvroTypeInfo<>(AnomalyEpisode.class)));
    siteId = getRuntimeContext().getState(new ValueStateDescriptor<>("site", Types.STRING));
  }

  @Override
  public void processElement(Contribution c, Context ctx, Collector<KpiValue> out) throws Exception {
    if (c.productId == null || c.orderMark != Contribution.OrderMark.NONE) {
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

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiValue> out) throws Exception {
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
      List<BaselinePoint> past = pruned(baselines.get(entry.getKey()), hourStart);
      Optional<LinearBaseline> baseline = LinearBaseline.fit(past.stream()
          .map(p -> new LinearBaseline.Point(p.units, p.energyKwh)).toList(), minPoints);
      if (baseline.isPresent()) {
        LinearBaseline b = baseline.get();
        expected += b.expectedKwh(hour.units);
        method.append(String.format(java.util.Locale.ROOT, " %s a=%.6g b=%.6g n=%d;",
            entry.getKey(), b.intercept(), b.slope(), b.points()));
      } else {
        everyProductHasBaseline = false;
      }
      actual = actual.add(hour.energyKwh);
      sourceRecords += hour.sourceRecords;
      past.add(new BaselinePoint(hourStart, hour.units, hour.energyKwh.doubleValue()));
      baselines.put(entry.getKey(), past);
    }
    if (!everyProductHasBaseline) {
      return;
    }
    BigDecimal expectedKwh = BigDecimal.valueOf(expected);
    Double ratio = expected > 0 ? actual.doubleValue() / expected : null;
    String machineId = ctx.getCurrentKey();
    out.collect(KpiValue.newBuilder()
        .setScopeType(ScopeType.MACHINE).setScopeId(machineId).setSiteId(siteId.value())
        .setKpi(Kpi.ENERGY_PERFORMANCE.id()).setWindow(KpiWindow.HOUR_1)
        .setWindowStart(Instant.ofEpochMilli(hourStart)).setWindowEnd(Instant.ofEpochMilli(hourEnd))
        .setValue(ratio).setNumerator(KpiCalculator.exact(actual)).setDenominator(KpiCalculator.exact(expectedKwh))
        .setUnit(Kpi.ENERGY_PERFORMANCE.unit()).setSourceRecords(sourceRecords).setStatus(KpiStatus.FINAL)
        .setMethod(method.toString()).setEmittedAt(Instant.ofEpochMilli(ctx.timerService().currentProcessingTime()))
        .build());
    reportAnomaly(ctx, machineId, hourStart, hourEnd, ratio, actual.doubleValue(), expected);
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
        .setExplanation(String.format(java.util.Locale.ROOT,
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

  private List<BaselinePoint> pruned(List<BaselinePoint> points, long hourStart) {
    List<BaselinePoint> kept = new ArrayList<>();
    if (points != null) {
      long from = hourStart - history.toMillis();
      points.stream().filter(p -> p.hourStart >= from).forEach(kept::add);
    }
    return kept;
  }
}
