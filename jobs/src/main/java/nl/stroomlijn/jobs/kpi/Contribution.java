package nl.stroomlijn.jobs.kpi;

/**
 * What one source record (a consumption slice or a production event) adds to the KPIs of the
 * scopes it belongs to, already joined with the plant model and the emission factor valid at its
 * time. Every quantity is additive, so a window's KPIs come from sums of contributions.
 */
public class Contribution extends Quantities {

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

  public Contribution() {
  }
}
