package nl.stroomlijn.jobs.kpi;

/** The exact sums of one scope in one window, from which every KPI of that window is computed. */
public class KpiAccumulator {

  /** Site of the scope; null for plant-wide product scopes. */
  public String siteId;
  public long windowStart = Long.MAX_VALUE;
  /** Exclusive end; for an order still running, the latest event time seen. */
  public long windowEnd = Long.MIN_VALUE;
  public long sourceRecords;
  public Quantities sums = new Quantities();

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
    sums.add(c);
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
}
