package nl.stroomlijn.jobs.kpi;

import java.time.Duration;
import nl.stroomlijn.schemas.KpiWindow;

/**
 * Window arithmetic of the KPIs: tumbling UTC windows aligned to the epoch, and the one rule that
 * says when a window is closed.
 */
public final class KpiWindows {

  /** The time windows every contribution is rolled up into (the order window is kept apart). */
  public static final KpiWindow[] TIME_WINDOWS = {KpiWindow.MINUTES_15, KpiWindow.HOUR_1, KpiWindow.DAY_1};

  private KpiWindows() {
  }

  public static long sizeMillis(KpiWindow window) {
    return switch (window) {
      case MINUTES_15 -> Duration.ofMinutes(15).toMillis();
      case HOUR_1 -> Duration.ofHours(1).toMillis();
      case DAY_1 -> Duration.ofDays(1).toMillis();
      case ORDER -> throw new IllegalArgumentException("an order window has no fixed size");
    };
  }

  public static long start(KpiWindow window, long time) {
    long size = sizeMillis(window);
    return Math.floorDiv(time, size) * size;
  }

  public static long end(KpiWindow window, long time) {
    return start(window, time) + sizeMillis(window);
  }

  /**
   * The event time at which a window ending (exclusively) at {@code windowEnd} becomes final: its
   * last millisecond plus the allowed lateness.
   */
  public static long finalAt(long windowEnd, Duration allowedLateness) {
    return windowEnd - 1 + allowedLateness.toMillis();
  }

  /**
   * Whether a record at {@code time} comes too late. Judged on its 15-minute window, the smallest:
   * a record either counts in all its windows or in none, so 15-minute, hourly and daily finals
   * always add up.
   */
  public static boolean isLate(long time, long watermark, Duration allowedLateness) {
    return finalAt(end(KpiWindow.MINUTES_15, time), allowedLateness) <= watermark;
  }
}
