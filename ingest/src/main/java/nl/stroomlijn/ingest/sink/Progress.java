package nl.stroomlijn.ingest.sink;

import java.io.PrintStream;
import java.time.Instant;

/**
 * Progress lines on stderr, at most one every couple of seconds: records, rate, event time, and
 * (when the total is known) percentage and ETA.
 */
public final class Progress {

  private static final long INTERVAL_NANOS = 2_000_000_000L;

  private final String task;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;
  private long lastRecords;

  public Progress(String task, PrintStream out) {
    this.task = task;
    this.out = out;
  }

  /** Silent progress, for tests and embedding. */
  public static Progress none() {
    return new Progress("", null);
  }

  /**
   * Reports, if the last report is a couple of seconds old.
   *
   * @param done  units of work done (lines, simulated millis), or -1 when unknown
   * @param total units of work in all, or -1 when unknown
   */
  public void update(long records, long eventTime, long done, long total) {
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastNanos < INTERVAL_NANOS) {
      return;
    }
    double rate = (records - lastRecords) * 1e9 / (now - lastNanos);
    lastNanos = now;
    lastRecords = records;
    out.println(line(records, rate, eventTime, done, total, now));
  }

  /** The closing line: totals and the mean rate. */
  public void finish(long records, long eventTime) {
    if (out == null) {
      return;
    }
    long now = System.nanoTime();
    double rate = records * 1e9 / Math.max(1, now - startNanos);
    out.printf("%s: done, %,d records in %.1f s (%,.0f records/s), event time %s%n", task, records,
        (now - startNanos) / 1e9, rate, Instant.ofEpochMilli(eventTime));
  }

  private String line(long records, double rate, long eventTime, long done, long total, long now) {
    StringBuilder line = new StringBuilder(String.format("%s: %,d records, %,.0f/s, event time %s", task, records,
        rate, Instant.ofEpochMilli(eventTime)));
    if (done >= 0 && total > 0) {
      double fraction = Math.min(1, (double) done / total);
      double elapsed = (now - startNanos) / 1e9;
      long eta = fraction > 0 ? Math.round(elapsed / fraction - elapsed) : -1;
      line.append(String.format(", %.1f%%", fraction * 100));
      if (eta >= 0) {
        line.append(String.format(", ETA %dm%02ds", eta / 60, eta % 60));
      }
    }
    return line.toString();
  }
}
