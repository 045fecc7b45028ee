package nl.stroomlijn.streams.anomaly.detect;

/**
 * How easily detectors call something anomalous. 1 is the default; 2 halves every deviation a
 * detector needs before it scores, 0.5 doubles it. Detectors learn levels and spreads themselves;
 * this is the only knob.
 */
public record Sensitivity(double factor) {

  public static final Sensitivity DEFAULT = new Sensitivity(1.0);

  public Sensitivity {
    if (!(factor > 0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("sensitivity must be a positive number, got " + factor);
    }
  }

  /** A threshold in robust standard deviations, scaled by the sensitivity. */
  public double deviations(double atDefault) {
    return atDefault / factor;
  }
}
