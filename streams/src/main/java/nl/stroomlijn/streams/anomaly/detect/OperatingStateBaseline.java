package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.OperatingState;

/**
 * What a machine's own meter reads in each operating state of the machine: a slowly learned level
 * and spread per state. A reading whose window spans a state change is expected to read the
 * time-weighted mix of the two states' levels. The detectors then judge the reading against that
 * expectation, so that RUNNING, IDLE and OFF, each normal, are no spikes, dips or level shifts of
 * one another.
 *
 * <p>A changeover (SETUP) starts a new order, and a product has its own running and setup levels:
 * those two states keep up to {@link #PRODUCT_LEVELS} levels each. After a changeover, the first
 * reading wholly in such a state picks the known level it is close to (the product ran before) or
 * starts a new one; the order's further readings are judged against it. Constant size.
 */
final class OperatingStateBaseline {

  private static final OperatingState[] STATES = OperatingState.values();
  /** Slow: a drift or a shift must stand out against the level, not be learned into it. */
  private static final double ALPHA = 0.003;
  /** Points of a state before its level is trusted. */
  private static final int WARM_UP = 3;
  /** Flows below this share of the meter's largest level count as none (a machine that is off). */
  private static final double ZERO_SHARE = 0.01;
  /** Levels a state whose draw depends on the product keeps, one per product (the least used goes). */
  static final int PRODUCT_LEVELS = 4;
  /** A first reading within this share of a known level is taken to be that level's product. */
  private static final double SAME_PRODUCT = 0.15;
  /**
   * The spread is never taken below this share of the level (a few quiet readings do not make
   * every wiggle news), nor of the zero-flow floor (a level of nothing has no spread).
   */
  private static final double MIN_RELATIVE_SPREAD = 0.02;
  private static final double ABS_DEV_TO_SIGMA = 1.25;
  /** Residuals beyond this many spreads are clipped when learning the spread. */
  private static final double CLIP = 3;

  /** One learned level: a slow robust mean and mean absolute deviation. */
  private static final class Level {
    double mean;
    double absDeviation;
    long count;

    void learn(double value) {
      double weight = Math.max(ALPHA, 1.0 / (count + 1));
      if (count == 0) {
        mean = value;
      } else {
        double residual = value - mean;
        double limit = count > WARM_UP ? CLIP * Math.max(spread(), MIN_RELATIVE_SPREAD * Math.abs(mean)) : Double.MAX_VALUE;
        mean += weight * Math.max(-limit, Math.min(limit, residual));
        absDeviation += weight * (Math.min(Math.abs(residual), limit) - absDeviation);
      }
      count = Math.min(count + 1, Long.MAX_VALUE - 1);
    }

    double spread() {
      return ABS_DEV_TO_SIGMA * absDeviation;
    }

    boolean trusted() {
      return count >= WARM_UP;
    }
  }

  /** What a reading over [windowStart, timestamp] should read, and how far it normally strays. */
  record Expectation(double expected, double spread, double floor, boolean pure) {

    /** Not known yet: a state not learned, or a product level still to pick. */
    static Expectation unknown(double floor, boolean pure) {
      return new Expectation(Double.NaN, Double.NaN, floor, pure);
    }

    boolean known() {
      return !Double.isNaN(expected);
    }

    /** The reading as a ratio to the expectation; the floor keeps a zero flow from dividing by zero. */
    double ratio(double value) {
      return (value + floor) / (expected + floor);
    }

    /** A ratio back in the meter's unit. */
    double value(double ratio) {
      return ratio * (expected + floor) - floor;
    }

    /** Nothing flows and nothing is expected to: there is nothing to judge. */
    boolean idle(double value) {
      return expected < floor && Math.abs(value) < floor;
    }
  }

  /** Per state its levels: one, or {@link #PRODUCT_LEVELS} for a state whose draw depends on the product. */
  private final Level[][] levels = new Level[STATES.length][];
  /** Per state, the index of the level in use; -1 while the current product's level is still to be picked. */
  private final int[] current = new int[STATES.length];
  private int lastState = -1;
  private boolean changeover;

  OperatingStateBaseline() {
    for (OperatingState state : STATES) {
      Level[] stateLevels = new Level[dependsOnProduct(state) ? PRODUCT_LEVELS : 1];
      for (int i = 0; i < stateLevels.length; i++) {
        stateLevels[i] = new Level();
      }
      levels[state.ordinal()] = stateLevels;
    }
  }

  private static boolean dependsOnProduct(OperatingState state) {
    return state == OperatingState.RUNNING || state == OperatingState.SETUP;
  }

  /**
   * The expectation of a reading at {@code timestamp} over the window from {@code windowStart}, the
   * machine being in {@code context.state()} since {@code context.since()} and, before that, in the
   * state it had at the previous reading.
   */
  Expectation expect(long windowStart, long timestamp, OperatingContext context) {
    int now = context.state().ordinal();
    if (now == OperatingState.SETUP.ordinal() && !changeover) {
      changeover = true;
      pickAfresh();
    } else if (now != OperatingState.SETUP.ordinal()) {
      changeover = false;
    }
    double floor = Math.max(ZERO_SHARE * largestLevel(), Double.MIN_NORMAL);
    boolean mixed = context.since() > windowStart && timestamp > windowStart;
    int before = lastState;
    lastState = now;
    Level level = level(now);
    if (!mixed || before < 0 || before == now) {
      if (level == null || !level.trusted()) {
        return Expectation.unknown(floor, !mixed);
      }
      double spread = Math.max(level.spread(), Math.max(MIN_RELATIVE_SPREAD * Math.abs(level.mean), MIN_RELATIVE_SPREAD * floor));
      return new Expectation(level.mean, spread, floor, !mixed);
    }
    Level previous = level(before);
    if (level == null || previous == null || !level.trusted() || !previous.trusted()) {
      return Expectation.unknown(floor, false);
    }
    double nowShare = (double) (timestamp - context.since()) / (timestamp - windowStart);
    return new Expectation(nowShare * level.mean + (1 - nowShare) * previous.mean, Double.NaN, floor, false);
  }

  /** A new order: the product-dependent states pick their level again at their next reading. */
  private void pickAfresh() {
    for (int s = 0; s < STATES.length; s++) {
      if (levels[s].length > 1) {
        current[s] = -1;
      }
    }
  }

  /** The level of state {@code s} now; null while a product level is still to be picked. */
  private Level level(int s) {
    return current[s] < 0 ? null : levels[s][current[s]];
  }

  /**
   * Learns from a reading wholly in the current state that nothing found anomalous; the first
   * such reading of an order in a product-dependent state picks the level it belongs to.
   */
  void learn(double value) {
    int s = lastState;
    if (current[s] < 0) {
      current[s] = pick(levels[s], value);
    }
    level(s).learn(value);
  }

  /** The known level within {@link #SAME_PRODUCT} of {@code value}, else the least learned one, started afresh. */
  private static int pick(Level[] candidates, double value) {
    int nearest = -1;
    int least = 0;
    for (int i = 0; i < candidates.length; i++) {
      Level candidate = candidates[i];
      if (candidate.trusted() && Math.abs(value - candidate.mean) <= SAME_PRODUCT * Math.abs(candidate.mean)
          && (nearest < 0 || Math.abs(value - candidate.mean) < Math.abs(value - candidates[nearest].mean))) {
        nearest = i;
      }
      if (candidate.count < candidates[least].count) {
        least = i;
      }
    }
    if (nearest >= 0) {
      return nearest;
    }
    candidates[least] = new Level();
    return least;
  }

  private double largestLevel() {
    double largest = 0;
    for (Level[] stateLevels : levels) {
      for (Level level : stateLevels) {
        if (level.count > 0) {
          largest = Math.max(largest, Math.abs(level.mean));
        }
      }
    }
    return largest;
  }

  void writeTo(DataOutput out) throws IOException {
    for (int s = 0; s < STATES.length; s++) {
      for (Level level : levels[s]) {
        out.writeDouble(level.mean);
        out.writeDouble(level.absDeviation);
        out.writeLong(level.count);
      }
      out.writeInt(current[s]);
    }
    out.writeInt(lastState);
    out.writeBoolean(changeover);
  }

  void readFrom(DataInput in) throws IOException {
    for (int s = 0; s < STATES.length; s++) {
      for (Level level : levels[s]) {
        level.mean = in.readDouble();
        level.absDeviation = in.readDouble();
        level.count = in.readLong();
      }
      current[s] = in.readInt();
    }
    lastState = in.readInt();
    changeover = in.readBoolean();
  }
}
