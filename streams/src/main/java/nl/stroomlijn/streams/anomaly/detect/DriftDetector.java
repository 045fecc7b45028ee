package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.AnomalyKind;

/**
 * Drift: a slow, steady departure from the long-run level. A fast and a slow moving average of the
 * deseasonalised series part ways when the series drifts; their gap scores when it is far beyond
 * its usual size and material against the noise. It restarts when its input changes from the raw
 * series to the deseasonalised one (or back): what it learned of one says nothing of the other.
 * Each point moves the averages by at most {@link #CLIP} spreads, so that a spike, which the
 * spike detector reports, does not pull the fast average away and read as a drift for the next
 * fifty points; a drift moves a little each point and is not clipped.
 */
final class DriftDetector {

  private static final double FAST_ALPHA = 0.05;
  private static final double SLOW_ALPHA = 0.005;
  /** Gap, in multiples of its usual size, where the score starts to rise and where it reaches 1. */
  private static final double LOW = 4;
  private static final double HIGH = 8;
  /** The gap must also reach this many noise standard deviations to matter. */
  private static final double MATERIAL = 1.0;
  private static final long WARM_UP = (long) (2 / SLOW_ALPHA);
  private static final double CLIP = 3;
  /** Gap, in multiples of its usual size, from which the series may be departing (half the scoring start). */
  private static final double DEPARTING = LOW / 2;

  private final Sensitivity sensitivity;
  private long count;
  private boolean seasonal;
  private double fast;
  private double slow;
  private double usualGap;

  DriftDetector(Sensitivity sensitivity) {
    this.sensitivity = sensitivity;
  }

  /** {@code seasonal}: whether {@code deseasonalised} has a seasonal profile taken off or is the raw value. */
  Finding assess(double deseasonalised, boolean seasonal, double spread, String unit) {
    if (seasonal != this.seasonal) {
      this.seasonal = seasonal;
      count = 0;
      usualGap = 0;
    }
    if (count == 0) {
      fast = deseasonalised;
      slow = deseasonalised;
    }
    count++;
    fast += Math.max(FAST_ALPHA, 1.0 / count) * clipped(deseasonalised - fast, spread);
    slow += Math.max(SLOW_ALPHA, 1.0 / count) * clipped(deseasonalised - slow, spread);
    double gap = Math.abs(fast - slow);
    double score = 0;
    if (count > WARM_UP && usualGap > 0) {
      score = Math.min(
          Scores.ramp(gap / usualGap, sensitivity.deviations(LOW), sensitivity.deviations(HIGH)),
          Scores.ramp(gap / spread, sensitivity.deviations(MATERIAL), 2 * sensitivity.deviations(MATERIAL)));
    }
    // A drift teaches slowly what is usual: each point may raise the usual gap by 1% at most, and
    // by 0.25% on a deseasonalised series, which holds still when nothing is wrong; a raw series
    // wanders with its seasons and its usual gap must keep up.
    double limit = usualGap > 0 ? (seasonal ? 1.5 : 3) * usualGap : gap;
    usualGap += Math.max(SLOW_ALPHA, 1.0 / count) * (Math.min(gap, limit) - usualGap);
    return Finding.of(AnomalyKind.DRIFT, score, fast, slow, unit);
  }

  private static double clipped(double residual, double spread) {
    if (!(spread > 0)) {
      return residual;
    }
    return Math.max(-CLIP * spread, Math.min(CLIP * spread, residual));
  }

  /**
   * True while the averages have parted by more than their usual gap: perhaps the start of a
   * drift, which whatever learns the meter's normal level should not learn.
   */
  boolean departing() {
    return count > WARM_UP && usualGap > 0 && Math.abs(fast - slow) > DEPARTING * usualGap;
  }

  /** After a confirmed level shift: the new level is not a drift. */
  void restart() {
    slow = fast;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeBoolean(seasonal);
    out.writeDouble(fast);
    out.writeDouble(slow);
    out.writeDouble(usualGap);
  }

  void readFrom(DataInput in) throws IOException {
    count = in.readLong();
    seasonal = in.readBoolean();
    fast = in.readDouble();
    slow = in.readDouble();
    usualGap = in.readDouble();
  }
}
