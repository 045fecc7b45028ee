package nl.stroomlijn.jobs.baseline;

import java.math.BigDecimal;

/** One order on one machine: its energy, units and busy time, for its energy performance. */
public class OrderRun {

  public String productId;
  public long start = Long.MAX_VALUE;
  /** The order's end on this machine, or {@code Long.MIN_VALUE} while it runs. */
  public long end = Long.MIN_VALUE;
  public BigDecimal energyKwh = BigDecimal.ZERO;
  /** Units produced, good and scrap. */
  public long units;
  /** Time in any state but OFF, from the machine's time meter. */
  public long busyMillis;
  public long sourceRecords;

  public OrderRun() {
  }
}
