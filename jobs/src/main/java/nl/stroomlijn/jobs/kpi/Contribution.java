package nl.stroomlijn.jobs.kpi;

import java.math.BigDecimal;

/**
 * What one source record (a consumption slice or a production event) adds to the KPIs of the
 * scopes it belongs to, already joined with the plant model and the emission factor valid at its
 * time. Every quantity is additive, so a window's KPIs are sums of contributions.
 */
public class Contribution {

  /** Marks the order-boundary events, which shape order windows but add no quantities. */
  public enum OrderMark { NONE, STARTED, ENDED }

  /** Event time (slice start, or the production event's time), UTC epoch millis. */
  public long time;
  /** Slice end (exclusive); equal to {@link #time} for production events. */
  public long endTime;
  public String machineId;
  public String lineId;
  public String siteId;
  public String orderId;
  public String productId;
  public OrderMark orderMark = OrderMark.NONE;

  public BigDecimal energyKwh = BigDecimal.ZERO;
  /** Energy in IDLE, SETUP, DOWN, OFF or with no order running. */
  public BigDecimal idleEnergyKwh = BigDecimal.ZERO;
  public BigDecimal materialKg = BigDecimal.ZERO;
  public BigDecimal co2eKg = BigDecimal.ZERO;
  /** Accounting method of {@link #co2eKg}, e.g. "location-based, scope 2"; null when none applied. */
  public String co2eMethod;
  /** 1 when this slice consumed an energy carrier (quantity above zero) for which no factor was known. */
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

  public Contribution() {
  }
}
