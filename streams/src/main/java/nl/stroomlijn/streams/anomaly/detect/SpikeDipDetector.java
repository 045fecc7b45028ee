package nl.stroomlijn.streams.anomaly.detect;

import nl.stroomlijn.schemas.AnomalyKind;

/**
 * Spikes and dips: a point far from what the seasonal baseline expected, in robust standard
 * deviations. Stateless: the baseline carries what it has learned.
 */
final class SpikeDipDetector {

  /** Deviation (robust standard deviations, at sensitivity 1) where the score starts to rise ... */
  static final double LOW = 4;
  /** ... and where it reaches 1. */
  static final double HIGH = 20;

  private final Sensitivity sensitivity;

  SpikeDipDetector(Sensitivity sensitivity) {
    this.sensitivity = sensitivity;
  }

  Finding assess(double value, double expected, double spread, String unit) {
    double z = (value - expected) / spread;
    double score = Scores.deviation(z, sensitivity.deviations(LOW), sensitivity.deviations(HIGH));
    return Finding.of(z >= 0 ? AnomalyKind.SPIKE : AnomalyKind.DIP, score, value, expected, unit);
  }
}
