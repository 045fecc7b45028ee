package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.OperatingState;

/**
 * What a machine's own meter reads in each operating state of the machine: a slowly learned level
 * per state. A reading whose window spans a state change is expected to read the time-weighted mix
 * of the two states' levels. The detectors then judge the reading as a ratio to that expectation,
 * so that RUNNING, IDLE and OFF, each normal, are no spikes, dips or level shifts of one another.
 *
 * <p>A changeover (SETUP) starts a new order, and the running level of a new product may differ:
 * the RUNNING level is learned afresh after one. Constant size: one level per state.
 */
final class OperatingStateBaseline {

  private static final OperatingState[] STATES = OperatingState.values();
  /** Slow: a drift or a shift must stand out against the level, not be learned into it. */
  private static final double ALPHA = 0.003;
  /** Points of a state before its level is trusted. */
  private static final int WARM_UP = 3;
  /** Flows below this share of the meter's largest level count as none (a machine that is off). */
  private static final double ZERO_SHARE = 0.01;

  private final double[] level = new double[STATES.length];
  private final long[] count = new long[STATES.length];
  private int lastState = -1;
  private boolean changeover;

  /** What a reading over [windowStart, timestamp] should read, or NaN when the states in it are not known well enough. */
  record Expectation(double expected, double floor, boolean pure) {

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

  /**
   * The expectation of a reading at {@code timestamp} over the window from {@code windowStart}, the
   * machine being in {@code context.state()} since {@code context.since()} and, before that, in the
   * state it had at the previous reading.
   */
  Expectation expect(long windowStart, long timestamp, OperatingContext context) {
    int now = context.state().ordinal();
    if (now == OperatingState.SETUP.ordinal()) {
      changeover = true;
    } else if (now == OperatingState.RUNNING.ordinal() && changeover) {
      changeover = false;
      count[now] = 0; // a new order: its product's running level is still to learn
    }
    double floor = Math.max(ZERO_SHARE * largestLevel(), Double.MIN_NORMAL);
    boolean mixed = context.since() > windowStart && timestamp > windowStart;
    int before = lastState;
    lastState = now;
    if (!mixed || before < 0 || before == now) {
      return new Expectation(count[now] >= WARM_UP ? level[now] : Double.NaN, floor, !mixed);
    }
    if (count[now] < WARM_UP || count[before] < WARM_UP) {
      return new Expectation(Double.NaN, floor, false);
    }
    double nowShare = (double) (timestamp - context.since()) / (timestamp - windowStart);
    return new Expectation(nowShare * level[now] + (1 - nowShare) * level[before], floor, false);
  }

  /** Learns from a reading wholly in the current state that nothing found anomalous. */
  void learn(double value) {
    int s = lastState;
    double weight = Math.max(ALPHA, 1.0 / (count[s] + 1));
    level[s] = count[s] == 0 ? value : level[s] + weight * (value - level[s]);
    count[s] = Math.min(count[s] + 1, Long.MAX_VALUE - 1);
  }

  private double largestLevel() {
    double largest = 0;
    for (int s = 0; s < level.length; s++) {
      if (count[s] > 0) {
        largest = Math.max(largest, Math.abs(level[s]));
      }
    }
    return largest;
  }

  void writeTo(DataOutput out) throws IOException {
    for (int s = 0; s < level.length; s++) {
      out.writeDouble(level[s]);
      out.writeLong(count[s]);
    }
    out.writeInt(lastState);
    out.writeBoolean(changeover);
  }

  void readFrom(DataInput in) throws IOException {
    for (int s = 0; s < level.length; s++) {
      level[s] = in.readDouble();
      count[s] = in.readLong();
    }
    lastState = in.readInt();
    changeover = in.readBoolean();
  }
}
