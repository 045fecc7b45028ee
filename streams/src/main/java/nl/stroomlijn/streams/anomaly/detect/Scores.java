package nl.stroomlijn.streams.anomaly.detect;

/** How detector statistics become scores in [0, 1]: one mapping for every detector, so scores compare. */
public final class Scores {

  private Scores() {
  }

  /** 0 at or below {@code low}, 1 at or above {@code high}, a smooth S-curve between. */
  public static double ramp(double value, double low, double high) {
    if (!(value > low)) {
      return 0;
    }
    if (value >= high) {
      return 1;
    }
    double x = (value - low) / (high - low);
    return x * x * (3 - 2 * x);
  }

  /**
   * A deviation of {@code z} robust standard deviations as a score: 0 up to {@code low}, 1 from
   * {@code high}, logarithmic between, so that 2x further out adds the same to the score wherever
   * it starts.
   */
  public static double deviation(double z, double low, double high) {
    double magnitude = Math.abs(z);
    if (!(magnitude > low)) {
      return 0;
    }
    return Math.min(1, Math.log(magnitude / low) / Math.log(high / low));
  }

  /** Clamps to [0, 1]; NaN becomes 0. */
  public static double clamp(double score) {
    return score > 0 ? Math.min(1, score) : 0;
  }
}
