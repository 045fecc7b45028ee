package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.OperatingState;

/**
 * What a shared meter (a compressor house, a chiller) reads for the mix of states of the machines
 * it feeds: the sum, over its machines, of what one machine in each state draws, learned by
 * recursive least squares from readings whose window held one mix. Three of six presses running
 * and the rest idle is then no level shift of all six idle, and a compressor that draws half as
 * much again for the same mix is. Constant size: a weight per operating state.
 */
final class TargetMixBaseline implements ExpectedLevels {

  private static final int STATES = OperatingState.values().length;
  /** Slow forgetting, so the weights follow a plant that changes over weeks, not a fault of hours. */
  private static final double FORGET = 0.9995;
  private static final double INITIAL_COVARIANCE = 1e3;
  /** A mix is predicted once about one reading of it (or of mixes that add up to it) was learned. */
  private static final double MAX_UNCERTAINTY = 1;
  /** Readings learned before the spread is. */
  private static final int WARM_UP = 20;
  private static final double FIRST_READINGS_RELATIVE_SPREAD = 0.1;
  private static final double MIXED_SPREAD_FACTOR = 2;
  private static final double ALPHA = 0.01;
  private static final double ZERO_SHARE = 0.01;
  private static final double MIN_RELATIVE_SPREAD = 0.02;
  private static final double ABS_DEV_TO_SIGMA = 1.25;
  /** Spreads from the expectation that count as away from it. */
  private static final double AWAY = 3;
  /** Relative residuals beyond this are clipped when learning the spread. */
  private static final double CLIP = 0.5;

  private final double[] weight = new double[STATES];
  private final double[][] covariance = new double[STATES][STATES];
  private double relativeDeviation;
  private double largest;
  private long count;
  private final double[] lastMix = new double[STATES];
  private final double[] previousMix = new double[STATES];
  private double lastExpected = Double.NaN;
  private final NewNormal newNormal = new NewNormal();

  TargetMixBaseline() {
    for (int i = 0; i < STATES; i++) {
      covariance[i][i] = INITIAL_COVARIANCE;
    }
  }

  @Override
  public Expectation expect(long windowStart, long timestamp, MachineContext context, double value) {
    int[] counts = ((TargetStates) context).counts();
    System.arraycopy(lastMix, 0, previousMix, 0, STATES);
    for (int s = 0; s < STATES; s++) {
      lastMix[s] = counts[s];
    }
    lastExpected = predict(lastMix);
    boolean pure = context.since() <= windowStart || timestamp <= windowStart;
    double floor = Math.max(ZERO_SHARE * largest, Double.MIN_NORMAL);
    if (uncertainty(lastMix) > MAX_UNCERTAINTY || !pure && uncertainty(previousMix) > MAX_UNCERTAINTY) {
      return Expectation.unknown(floor, pure); // a mix not seen often enough to predict
    }
    // Until the spread is learned, only a reading far from the prediction says anything against it.
    double relative = count >= WARM_UP ? Math.max(ABS_DEV_TO_SIGMA * relativeDeviation, MIN_RELATIVE_SPREAD)
        : FIRST_READINGS_RELATIVE_SPREAD;
    double expected = lastExpected;
    if (!pure) {
      // The mix changed within the window: the time-weighted blend of the two, less sure (two
      // machines may have changed in it, and only the last change is known).
      double nowShare = (double) (timestamp - context.since()) / (timestamp - windowStart);
      expected = nowShare * lastExpected + (1 - nowShare) * predict(previousMix);
      relative *= MIXED_SPREAD_FACTOR;
    }
    double spread = Math.max(relative * Math.abs(expected), MIN_RELATIVE_SPREAD * floor);
    return new Expectation(expected, spread, floor, pure);
  }

  /** The draw of a mix; never below zero, as a shared meter measures a flow. */
  private double predict(double[] mix) {
    double expected = 0;
    for (int s = 0; s < STATES; s++) {
      expected += weight[s] * mix[s];
    }
    return Math.max(0, expected);
  }

  /** How poorly the readings so far pin down the draw of this mix: about one over the readings of it. */
  private double uncertainty(double[] mix) {
    double quadratic = 0;
    for (int i = 0; i < STATES; i++) {
      for (int j = 0; j < STATES; j++) {
        quadratic += mix[i] * covariance[i][j] * mix[j];
      }
    }
    return quadratic;
  }

  /** One step of recursive least squares with forgetting on the last expected reading's mix. */
  @Override
  public void learn(double value) {
    double[] px = new double[STATES];
    double denominator = FORGET;
    for (int i = 0; i < STATES; i++) {
      for (int j = 0; j < STATES; j++) {
        px[i] += covariance[i][j] * lastMix[j];
      }
      denominator += lastMix[i] * px[i];
    }
    double residual = value - lastExpected;
    for (int i = 0; i < STATES; i++) {
      weight[i] += px[i] / denominator * residual;
      for (int j = 0; j < STATES; j++) {
        covariance[i][j] = (covariance[i][j] - px[i] * px[j] / denominator) / FORGET;
      }
    }
    // Forgetting inflates the covariance along a state no machine has been in, without end: cap
    // each such variance (scaling its row and column keeps the matrix a covariance) and leave the
    // directions the readings do excite to forget as they should.
    for (int i = 0; i < STATES; i++) {
      if (covariance[i][i] > INITIAL_COVARIANCE) {
        double scale = Math.sqrt(INITIAL_COVARIANCE / covariance[i][i]);
        for (int j = 0; j < STATES; j++) {
          covariance[i][j] *= scale;
          covariance[j][i] *= scale;
        }
      }
    }
    if (count >= WARM_UP && Math.abs(lastExpected) > 0) {
      double relativeMiss = Math.min(CLIP, Math.abs(residual / lastExpected));
      relativeDeviation += Math.max(ALPHA, 1.0 / (count - WARM_UP + 1)) * (relativeMiss - relativeDeviation);
    }
    largest = Math.max(largest, Math.abs(value));
    count = Math.min(count + 1, Long.MAX_VALUE - 1);
  }

  /**
   * Once readings far from the expectation are the new normal ({@link NewNormal}), the weights
   * are opened up again and learn the reading at once.
   */
  @Override
  public boolean track(double value, long timestamp) {
    if (count < WARM_UP) {
      return false;
    }
    double spread = Math.max(ABS_DEV_TO_SIGMA * relativeDeviation, MIN_RELATIVE_SPREAD) * Math.abs(lastExpected);
    if (!newNormal.observe(Math.abs(value - lastExpected) > AWAY * spread, timestamp, count)) {
      return false;
    }
    for (int i = 0; i < STATES; i++) {
      covariance[i][i] += INITIAL_COVARIANCE;
    }
    learn(value);
    return true;
  }

  void writeTo(DataOutput out) throws IOException {
    for (int i = 0; i < STATES; i++) {
      out.writeDouble(weight[i]);
      for (int j = 0; j < STATES; j++) {
        out.writeDouble(covariance[i][j]);
      }
      out.writeDouble(lastMix[i]);
      out.writeDouble(previousMix[i]);
    }
    out.writeDouble(relativeDeviation);
    out.writeDouble(largest);
    out.writeLong(count);
    out.writeDouble(lastExpected);
    newNormal.writeTo(out);
  }

  /** {@code currentVersion}: false for state written before a new normal needed a span of time. */
  void readFrom(DataInput in, boolean currentVersion) throws IOException {
    for (int i = 0; i < STATES; i++) {
      weight[i] = in.readDouble();
      for (int j = 0; j < STATES; j++) {
        covariance[i][j] = in.readDouble();
      }
      lastMix[i] = in.readDouble();
      previousMix[i] = in.readDouble();
    }
    relativeDeviation = in.readDouble();
    largest = in.readDouble();
    count = in.readLong();
    lastExpected = in.readDouble();
    newNormal.readFrom(in, currentVersion);
  }
}
