package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.AnomalyKind;

/**
 * Level shifts: a two-sided CUSUM of the standardised residuals. Single outliers add little (each
 * residual is capped), a sustained offset accumulates. Once the sum is far past its threshold the
 * shift is confirmed: the caller rebases the baseline on the new level and the sum restarts, so
 * the score goes quiet. The shift stays {@code ongoing} while the series keeps away from the level
 * it left (at most {@link #HOLD_LIMIT} points, after which the new level is the new normal); a
 * later shift back to that level ends it rather than starting another.
 */
final class LevelShiftDetector {

  /** Residuals below this many standard deviations do not accumulate (CUSUM's allowance k). */
  private static final double ALLOWANCE = 1.5;
  /** The decision threshold h, at sensitivity 1. */
  private static final double THRESHOLD = 12;
  private static final double RESIDUAL_CAP = 6;
  private static final double CONFIRM = 2;
  private static final double RECENT_ALPHA = 0.3;
  /** A level within this many standard deviations of the one left counts as back. */
  private static final double BACK = 3;
  static final int HOLD_LIMIT = 2000;

  private final Sensitivity sensitivity;
  private double upper;
  private double lower;
  private double recentMean = Double.NaN;
  private double levelBefore = Double.NaN;
  /** The level the last confirmed shift left; kept after the hold ends, to recognise a return. */
  private double shiftedFrom = Double.NaN;
  private double shiftSpread;
  private boolean holding;
  private int heldPoints;

  LevelShiftDetector(Sensitivity sensitivity) {
    this.sensitivity = sensitivity;
  }

  Finding assess(double value, double expected, double spread, String unit) {
    recentMean = Double.isNaN(recentMean) ? value : recentMean + RECENT_ALPHA * (value - recentMean);
    double z = Math.max(-RESIDUAL_CAP, Math.min(RESIDUAL_CAP, (value - expected) / spread));
    if (upper == 0 && lower == 0) {
      levelBefore = expected;
    }
    upper = Math.max(0, upper + z - ALLOWANCE);
    lower = Math.max(0, lower - z - ALLOWANCE);
    double threshold = sensitivity.deviations(THRESHOLD);
    double score = Scores.ramp(Math.max(upper, lower), 0.5 * threshold, 1.5 * threshold);
    if (holding) {
      heldPoints++;
      holding = !isBack(recentMean) && heldPoints < HOLD_LIMIT;
    }
    double reference = holding ? shiftedFrom : levelBefore;
    return new Finding(AnomalyKind.LEVEL_SHIFT, score, holding, recentMean, reference, unit);
  }

  /** True when the shift is beyond doubt: the baseline should move to {@link #recentLevel()}. */
  boolean confirmed() {
    return Math.max(upper, lower) >= CONFIRM * sensitivity.deviations(THRESHOLD);
  }

  double recentLevel() {
    return recentMean;
  }

  /**
   * The confirmed shift is now the baseline: restart the sums and hold the shift, unless it was a
   * return. A further step while a shift holds (the baseline catching up in stages) is the same
   * shift: it keeps the level first left and the time held.
   */
  void accept(double spread) {
    upper = 0;
    lower = 0;
    boolean returned = !Double.isNaN(shiftedFrom) && isBack(recentMean);
    if (returned || !holding) {
      shiftedFrom = returned ? Double.NaN : levelBefore;
      shiftSpread = spread;
      heldPoints = 0;
    }
    holding = !returned;
  }

  private boolean isBack(double level) {
    return Math.abs(level - shiftedFrom) <= BACK * shiftSpread;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeDouble(upper);
    out.writeDouble(lower);
    out.writeDouble(recentMean);
    out.writeDouble(levelBefore);
    out.writeDouble(shiftedFrom);
    out.writeDouble(shiftSpread);
    out.writeBoolean(holding);
    out.writeInt(heldPoints);
  }

  void readFrom(DataInput in) throws IOException {
    upper = in.readDouble();
    lower = in.readDouble();
    recentMean = in.readDouble();
    levelBefore = in.readDouble();
    shiftedFrom = in.readDouble();
    shiftSpread = in.readDouble();
    holding = in.readBoolean();
    heldPoints = in.readInt();
  }
}
