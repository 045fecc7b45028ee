package nl.stroomlijn.streams.anomaly.detect;

import nl.stroomlijn.schemas.AnomalyKind;

/**
 * What one detector says about one point. {@code score}, in [0, 1], is how anomalous the point
 * is: high where something starts to go wrong, so the command-line score is an early warning that
 * goes quiet again. {@code ongoing} says that the condition behind an earlier high score still
 * holds (the level is still shifted, the sensor still stuck): it keeps an open episode open, it
 * opens none. Observed and expected are in {@code unit}, NaN when a kind has no such number.
 */
public record Finding(AnomalyKind kind, double score, boolean ongoing, double observed, double expected, String unit) {

  public static Finding quiet(AnomalyKind kind) {
    return new Finding(kind, 0, false, Double.NaN, Double.NaN, null);
  }

  public static Finding of(AnomalyKind kind, double score, double observed, double expected, String unit) {
    return new Finding(kind, score, false, observed, expected, unit);
  }

  public Finding damped(double confidence) {
    return confidence >= 1 ? this : new Finding(kind, score * confidence, ongoing, observed, expected, unit);
  }
}
