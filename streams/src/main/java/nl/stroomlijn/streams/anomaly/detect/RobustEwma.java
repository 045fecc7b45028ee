package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An exponentially weighted mean and spread that outliers barely move: once warmed up, each
 * point pulls the mean by at most {@link #CLIP} spreads (Huber), so a spike does not drag the
 * baseline it is judged against. Early on it is a plain running mean, so it converges fast.
 */
final class RobustEwma {

  /** Residuals beyond this many spreads are clipped when updating. */
  static final double CLIP = 3;
  private static final int WARM_UP = 10;
  /** E|x - mean| of a normal distribution is 0.8 sigma: spread() estimates sigma. */
  private static final double ABS_DEV_TO_SIGMA = 1.25;

  private final double alpha;
  private long count;
  private double mean;
  private double absDeviation;

  RobustEwma(double alpha) {
    this.alpha = alpha;
  }

  void update(double x) {
    if (count == 0) {
      mean = x;
      count = 1;
      return;
    }
    double weight = Math.max(alpha, 1.0 / (count + 1));
    double residual = x - mean;
    double magnitude = Math.abs(residual);
    if (count > WARM_UP && absDeviation > 0) {
      double limit = CLIP * spread();
      residual = Math.max(-limit, Math.min(limit, residual));
      magnitude = Math.min(magnitude, limit);
    }
    mean += weight * residual;
    absDeviation += weight * (magnitude - absDeviation);
    count++;
  }

  /** Moves the mean to a new level at once, keeping the spread (after a confirmed level shift). */
  void rebase(double level) {
    mean = level;
  }

  double mean() {
    return mean;
  }

  /** Robust estimate of the standard deviation around the mean. */
  double spread() {
    return ABS_DEV_TO_SIGMA * absDeviation;
  }

  long count() {
    return count;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(count);
    out.writeDouble(mean);
    out.writeDouble(absDeviation);
  }

  void readFrom(DataInput in) throws IOException {
    count = in.readLong();
    mean = in.readDouble();
    absDeviation = in.readDouble();
  }
}
