package nl.stroomlijn.streams.anomaly.detect;

/**
 * How detector statistics become scores in [0, 1]: one mapping for every detector, so scores
 * compare. Above {@link #TOP} a score approaches 1 without reaching it: past the point where a
 * statistic is surely anomalous, a stronger one still scores higher, so whoever ranks the scores
 * (a benchmark sweeping a threshold over the command-line score, a dashboard sorting episodes)
 * can tell a spike of 25 spreads from one of 100. Below {@link #TOP} a statistic's score is what
 * it was; a score damped afterwards by a detector's warm-up confidence or profile trust may come
 * out a little lower than before (1 damped to 0.62 is now 0.965 damped to 0.60).
 */
public final class Scores {

  /** Scores up to this are the statistic's own mapping; above it they only approach 1. */
  static final double TOP = 0.9;

  private Scores() {
  }

  /**
   * 0 at or below {@code low}, a smooth S-curve up to {@link #TOP}, then on towards 1 at the
   * S-curve's slope there, flattening: about 0.965 at {@code high}, 0.992 twice as far past
   * {@code low}.
   */
  public static double ramp(double value, double low, double high) {
    if (!(value > low)) {
      return 0;
    }
    double x = (value - low) / (high - low);
    return x <= RAMP_TOP_X ? weight(value, low, high) : top((x - RAMP_TOP_X) * RAMP_TOP_SLOPE);
  }

  /**
   * A weight, not a score: 0 at or below {@code low}, 1 at or above {@code high}, a smooth
   * S-curve between (how far a detector trusts what it has learned, not how anomalous a point is).
   */
  public static double weight(double value, double low, double high) {
    if (!(value > low)) {
      return 0;
    }
    if (value >= high) {
      return 1;
    }
    double x = (value - low) / (high - low);
    return x * x * (3 - 2 * x);
  }

  /** Where the S-curve x²(3 - 2x) reaches {@link #TOP}, and its slope there. */
  private static final double RAMP_TOP_X = 0.8041998943409082;
  private static final double RAMP_TOP_SLOPE = 6 * RAMP_TOP_X * (1 - RAMP_TOP_X);

  /**
   * A deviation of {@code z} robust standard deviations as a score: 0 up to {@code low},
   * logarithmic from there (2x further out adds the same to the score wherever it starts), which
   * reaches {@link #TOP} short of {@code high}; 0.95 at {@code high}, about 0.986 at {@code high}
   * times the ratio {@code high / low} to the half power.
   */
  public static double deviation(double z, double low, double high) {
    double magnitude = Math.abs(z);
    if (!(magnitude > low)) {
      return 0;
    }
    double logarithmic = Math.log(magnitude / low) / Math.log(high / low);
    return logarithmic <= TOP ? logarithmic : top(logarithmic - TOP);
  }

  /**
   * {@link #TOP} plus {@code beyond} at slope 1, flattening towards 1 as 1/beyond: never 1, and
   * still ordered at six decimals a hundred times further out (an exponential approach would print
   * 1.000000 from about 120 spreads on).
   */
  private static double top(double beyond) {
    return 1 - (1 - TOP) / (1 + beyond / (1 - TOP));
  }

  /** Clamps to [0, 1]; NaN becomes 0. */
  public static double clamp(double score) {
    return score > 0 ? Math.min(1, score) : 0;
  }
}
