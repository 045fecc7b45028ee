package nl.stroomlijn.jobs.kpi;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.TreeSet;

/** The exact sums of one scope in one window, from which every KPI of that window is computed. */
public class KpiAccumulator {

  /** Site of the scope; null for plant-wide product scopes. */
  public String siteId;
  public long windowStart = Long.MAX_VALUE;
  /** Exclusive end; for an order still running, the latest event time seen. */
  public long windowEnd = Long.MIN_VALUE;
  public long sourceRecords;

  public BigDecimal energyKwh = BigDecimal.ZERO;
  public BigDecimal idleEnergyKwh = BigDecimal.ZERO;
  public BigDecimal materialKg = BigDecimal.ZERO;
  public BigDecimal co2eKg = BigDecimal.ZERO;
  /** The co2e methods applied, sorted and joined by " + ", or null. */
  public String co2eMethods;
  public long slicesWithoutFactor;
  public long goodUnits;
  public long scrapUnits;
  public BigDecimal outputKg = BigDecimal.ZERO;
  public long goodUnitsWithoutMass;
  public long runMillis;
  public long busyMillis;
  public long idealRunMillis;
  public long unitsWithoutIdealCycle;
  public boolean idealCycleDeclared;

  /** Order windows: machines the order is running on (starts minus ends seen). */
  public int machinesRunningOrder;
  /** Order windows: the latest end seen, or {@code Long.MIN_VALUE}. */
  public long orderEnd = Long.MIN_VALUE;
  /** Whether values changed since they were last emitted. */
  public boolean changed;

  public KpiAccumulator() {
  }

  public void add(Contribution c) {
    windowStart = Math.min(windowStart, c.time);
    windowEnd = Math.max(windowEnd, c.endTime);
    sourceRecords++;
    energyKwh = energyKwh.add(c.energyKwh);
    idleEnergyKwh = idleEnergyKwh.add(c.idleEnergyKwh);
    materialKg = materialKg.add(c.materialKg);
    co2eKg = co2eKg.add(c.co2eKg);
    if (c.co2eMethod != null && !c.co2eMethod.equals(co2eMethods)) {
      co2eMethods = mergeMethods(co2eMethods, c.co2eMethod);
    }
    slicesWithoutFactor += c.slicesWithoutFactor;
    goodUnits += c.goodUnits;
    scrapUnits += c.scrapUnits;
    outputKg = outputKg.add(c.outputKg);
    goodUnitsWithoutMass += c.goodUnitsWithoutMass;
    runMillis += c.runMillis;
    busyMillis += c.busyMillis;
    idealRunMillis += c.idealRunMillis;
    unitsWithoutIdealCycle += c.unitsWithoutIdealCycle;
    idealCycleDeclared |= c.idealCycleDeclared;
    switch (c.orderMark) {
      case STARTED -> machinesRunningOrder++;
      case ENDED -> {
        machinesRunningOrder--;
        orderEnd = Math.max(orderEnd, c.time);
      }
      case NONE -> { }
    }
    changed = true;
  }

  /** An order window is closed once every machine that started the order has ended it. */
  public boolean orderEnded() {
    return orderEnd != Long.MIN_VALUE && machinesRunningOrder <= 0;
  }

  private static String mergeMethods(String methods, String method) {
    var all = new TreeSet<String>();
    if (methods != null) {
      all.addAll(Arrays.asList(methods.split(" \\+ ")));
    }
    all.add(method);
    return String.join(" + ", all);
  }
}
