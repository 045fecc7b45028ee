package nl.stroomlijn.jobs.kpi;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;

/**
 * Turns the exact sums of one scope and window into KPI records: sums as they are, ratios from the
 * exact sums (numerator and denominator on the record), null where the ratio is undefined.
 */
public final class KpiCalculator {

  /** Scale of numerator and denominator on the record: decimal(30,12). */
  private static final int SCALE = 12;

  private KpiCalculator() {
  }

  /** Where and when the values are for. */
  public record Window(ScopeType scopeType, String scopeId, String siteId, KpiWindow window, long start, long end) {
  }

  public static List<KpiValue> values(Window w, KpiAccumulator acc, KpiStatus status, long emittedAt) {
    var values = new Values(w, acc.sourceRecords, status, emittedAt);
    Quantities a = acc.sums;
    BigDecimal good = BigDecimal.valueOf(a.goodUnits);
    BigDecimal produced = BigDecimal.valueOf(a.goodUnits + a.scrapUnits);
    boolean outputMassKnown = a.goodUnitsWithoutMass == 0;
    boolean co2eKnown = a.slicesWithoutFactor == 0;

    values.sum(Kpi.ENERGY_KWH, a.energyKwh, null);
    values.sum(Kpi.MATERIAL_KG, a.materialKg, null);
    values.sum(Kpi.GOOD_UNITS, good, null);
    values.sum(Kpi.SCRAP_UNITS, BigDecimal.valueOf(a.scrapUnits), null);
    values.ratio(Kpi.SEC_KWH_PER_UNIT, a.energyKwh, good, null);
    values.ratio(Kpi.SEC_KWH_PER_KG, a.energyKwh, outputMassKnown ? a.outputKg : null, null);
    values.ratio(Kpi.MATERIAL_KG_PER_UNIT, a.materialKg, good, null);
    values.ratio(Kpi.MATERIAL_YIELD, outputMassKnown ? a.outputKg : null, a.materialKg, null);
    values.ratio(Kpi.SCRAP_RATE, BigDecimal.valueOf(a.scrapUnits), produced, null);
    values.ratio(Kpi.IDLE_ENERGY_SHARE, a.idleEnergyKwh, a.energyKwh, null);
    values.sum(Kpi.CO2E_KG, co2eKnown ? a.co2eKg : null, a.co2eMethods);
    values.ratio(Kpi.CO2E_KG_PER_UNIT, co2eKnown ? a.co2eKg : null, good, a.co2eMethods);
    if (a.idealCycleDeclared) {
      BigDecimal run = BigDecimal.valueOf(a.runMillis);
      BigDecimal busy = BigDecimal.valueOf(a.busyMillis);
      BigDecimal idealRun = a.unitsWithoutIdealCycle == 0 ? BigDecimal.valueOf(a.idealRunMillis) : null;
      values.ratio(Kpi.AVAILABILITY, run, busy, null);
      values.ratio(Kpi.PERFORMANCE, idealRun, run, null);
      values.ratio(Kpi.QUALITY, good, produced, null);
      // A x P x Q = (run / busy) (idealRun / run) (good / produced), kept exact.
      values.ratio(Kpi.OEE, idealRun == null ? null : idealRun.multiply(good), busy.multiply(produced), null);
    }
    return values.list;
  }

  /**
   * The value of a ratio: the double nearest to numerator / denominator, or null when undefined (a
   * zero or unknown denominator, an unknown numerator). The quotient is taken to 34 digits first: a
   * double needs up to 17 to come out right, so 16 (DECIMAL64) would be off by a few ulps.
   */
  static Double ratioValue(BigDecimal numerator, BigDecimal denominator) {
    if (numerator == null || denominator == null || denominator.signum() == 0) {
      return null;
    }
    return numerator.divide(denominator, MathContext.DECIMAL128).doubleValue();
  }

  /** A decimal on the record: decimal(30,12). */
  public static BigDecimal exact(BigDecimal value) {
    return value == null ? null : value.setScale(SCALE, RoundingMode.HALF_EVEN);
  }

  private static final class Values {
    private final List<KpiValue> list = new ArrayList<>();
    private final Window w;
    private final long sourceRecords;
    private final KpiStatus status;
    private final Instant emittedAt;

    Values(Window w, long sourceRecords, KpiStatus status, long emittedAt) {
      this.w = w;
      this.sourceRecords = sourceRecords;
      this.status = status;
      this.emittedAt = Instant.ofEpochMilli(emittedAt);
    }

    void sum(Kpi kpi, BigDecimal sum, String method) {
      add(kpi, sum == null ? null : sum.doubleValue(), exact(sum), null, method);
    }

    void ratio(Kpi kpi, BigDecimal numerator, BigDecimal denominator, String method) {
      add(kpi, ratioValue(numerator, denominator), exact(numerator), exact(denominator), method);
    }

    private void add(Kpi kpi, Double value, BigDecimal numerator, BigDecimal denominator, String method) {
      list.add(KpiValue.newBuilder()
          .setScopeType(w.scopeType()).setScopeId(w.scopeId()).setSiteId(w.siteId())
          .setKpi(kpi.id()).setWindow(w.window())
          .setWindowStart(Instant.ofEpochMilli(w.start())).setWindowEnd(Instant.ofEpochMilli(w.end()))
          .setValue(value).setNumerator(numerator).setDenominator(denominator).setUnit(kpi.unit())
          .setSourceRecords(sourceRecords).setStatus(status).setMethod(method).setEmittedAt(emittedAt)
          .build());
    }
  }
}
