package nl.stroomlijn.jobs.kpi;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * The additive quantities the KPIs are computed from: what one source record contributes, and the
 * exact sums of a scope in a window. Definitions in docs/kpis.md.
 */
public class Quantities {

  public BigDecimal energyKwh = BigDecimal.ZERO;
  /** Energy in IDLE, SETUP, DOWN, OFF or with no order running. */
  public BigDecimal idleEnergyKwh = BigDecimal.ZERO;
  public BigDecimal materialKg = BigDecimal.ZERO;
  public BigDecimal co2eKg = BigDecimal.ZERO;
  /** Accounting methods of {@link #co2eKg}, e.g. "location-based, scope 2", sorted and joined by " + "; null when none. */
  public String co2eMethods;
  /** Slices that consumed an energy carrier (quantity above zero) for which no factor was known. */
  public long slicesWithoutFactor;

  public long goodUnits;
  public long scrapUnits;
  /** Good units times the product's unit mass. */
  public BigDecimal outputKg = BigDecimal.ZERO;
  /** Good units whose product declares no unit mass. */
  public long goodUnitsWithoutMass;

  /** ISO 22400 actual production time: time RUNNING on the machine's time meter. */
  public long runMillis;
  /** ISO 22400 planned busy time: time in any state but OFF on the machine's time meter. */
  public long busyMillis;
  /** Ideal cycle time times units produced (good + scrap). */
  public long idealRunMillis;
  /** Units produced for which no ideal cycle time is declared. */
  public long unitsWithoutIdealCycle;
  /** True when the machine or product declares an ideal cycle time, so OEE applies. */
  public boolean idealCycleDeclared;

  public Quantities() {
  }

  public void add(Quantities q) {
    energyKwh = energyKwh.add(q.energyKwh);
    idleEnergyKwh = idleEnergyKwh.add(q.idleEnergyKwh);
    materialKg = materialKg.add(q.materialKg);
    co2eKg = co2eKg.add(q.co2eKg);
    if (q.co2eMethods != null && !q.co2eMethods.equals(co2eMethods)) {
      co2eMethods = mergeMethods(co2eMethods, q.co2eMethods);
    }
    slicesWithoutFactor += q.slicesWithoutFactor;
    goodUnits += q.goodUnits;
    scrapUnits += q.scrapUnits;
    outputKg = outputKg.add(q.outputKg);
    goodUnitsWithoutMass += q.goodUnitsWithoutMass;
    runMillis += q.runMillis;
    busyMillis += q.busyMillis;
    idealRunMillis += q.idealRunMillis;
    unitsWithoutIdealCycle += q.unitsWithoutIdealCycle;
    idealCycleDeclared |= q.idealCycleDeclared;
  }

  private static String mergeMethods(String methods, String more) {
    var all = new TreeSet<String>();
    if (methods != null) {
      all.addAll(Arrays.asList(methods.split(" \\+ ")));
    }
    all.addAll(Arrays.asList(more.split(" \\+ ")));
    return String.join(" + ", all);
  }
}
