package nl.stroomlijn.ingest.sink;

/**
 * How fast a source delivers: as fast as possible (load mode), at a number of records per
 * wall-clock second, or with event time running a factor faster than the wall clock (demo mode).
 */
public final class Pace {

  private final double recordsPerSecond;
  private final double timeScale;
  private final boolean neverAheadOfNow;
  private long wallStartNanos = -1;
  private long eventStart;

  private Pace(double recordsPerSecond, double timeScale, boolean neverAheadOfNow) {
    this.recordsPerSecond = recordsPerSecond;
    this.timeScale = timeScale;
    this.neverAheadOfNow = neverAheadOfNow;
  }

  /** Load mode: never waits. */
  public static Pace unlimited() {
    return new Pace(0, 0, false);
  }

  /** At most this many records per wall-clock second. */
  public static Pace recordsPerSecond(double rate) {
    if (!(rate > 0)) {
      throw new IllegalArgumentException("a rate must be positive, got " + rate);
    }
    return new Pace(rate, 0, false);
  }

  /** Event time runs {@code factor} times as fast as the wall clock (1 = real time). */
  public static Pace timeScale(double factor) {
    return new Pace(0, positiveScale(factor), false);
  }

  /**
   * Event time runs {@code factor} times as fast as the wall clock until it reaches the wall
   * clock, then keeps to it: a live demo that starts in the past catches up and never delivers
   * records from the future (which a gateway's time window would rightly reject).
   */
  public static Pace catchingUpToNow(double factor) {
    return new Pace(0, positiveScale(factor), true);
  }

  private static double positiveScale(double factor) {
    if (!(factor > 0)) {
      throw new IllegalArgumentException("a time scale must be positive, got " + factor);
    }
    return factor;
  }

  /** Load mode: never waits. */
  public boolean isUnlimited() {
    return recordsPerSecond == 0 && timeScale == 0;
  }

  /**
   * Waits until a source that has delivered {@code records} records and reached {@code eventTime}
   * is due.
   */
  public void await(long records, long eventTime) {
    if (isUnlimited()) {
      return;
    }
    long now = System.nanoTime();
    if (wallStartNanos < 0) {
      wallStartNanos = now;
      eventStart = eventTime;
      return;
    }
    double dueSeconds = recordsPerSecond > 0 ? records / recordsPerSecond : (eventTime - eventStart) / 1000.0 / timeScale;
    long waitNanos = wallStartNanos + (long) (dueSeconds * 1e9) - now;
    if (neverAheadOfNow) {
      waitNanos = Math.max(waitNanos, (eventTime - System.currentTimeMillis()) * 1_000_000);
    }
    if (waitNanos > 1_000_000) {
      try {
        Thread.sleep(waitNanos / 1_000_000, (int) (waitNanos % 1_000_000));
      } catch (InterruptedException e) {
        // The source sees the flag and stops.
        Thread.currentThread().interrupt();
      }
    }
  }
}
