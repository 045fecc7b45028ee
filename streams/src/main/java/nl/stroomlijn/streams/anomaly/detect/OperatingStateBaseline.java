package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.streams.state.StateSerde;

/**
 * What a machine's own meter reads in each operating state of the machine: a slowly learned level
 * and spread per state. A reading whose window spans a state change is expected to read the
 * time-weighted mix of the two states' levels. The detectors then judge the reading against that
 * expectation, so that RUNNING, IDLE and OFF, each normal, are no spikes, dips or level shifts of
 * one another.
 *
 * <p>A product has its own running and setup levels: those two states keep up to
 * {@link #PRODUCT_LEVELS} levels each, one per product. Where the production events say which
 * product the machine runs, its level is the one learned for that product, from the first reading
 * of an order on: a changeover's mixed windows and an order's first readings are judged too.
 * Where they do not, a changeover (SETUP) is taken to start a new order: the first reading wholly
 * in such a state picks the known level it is close to (the product ran before) or starts a new
 * one, and the order's further readings are judged against it; a changeover too short for any
 * reading is seen by the first whole reading of the new stint fitting another product's level.
 * A level its readings stay away from long enough ({@link NewNormal}) takes their recent level:
 * a lasting change is the new normal. Constant size.
 */
final class OperatingStateBaseline implements ExpectedLevels {

  private static final OperatingState[] STATES = OperatingState.values();
  /** Slow: a drift or a shift must stand out against the level, not be learned into it. */
  private static final double ALPHA = 0.003;
  /** Points of a state before its level is trusted. */
  private static final int WARM_UP = 3;
  /** Flows below this share of the meter's largest level count as none (a machine that is off). */
  private static final double ZERO_SHARE = 0.01;
  /** Levels a state whose draw depends on the product keeps, one per product (the one unused longest goes). */
  private static final int PRODUCT_LEVELS = 4;
  /** A first reading within this share of a known level is taken to be that level's product. */
  private static final double SAME_PRODUCT = 0.08;
  /**
   * The spread is never taken below this share of the level (a few quiet readings do not make
   * every wiggle news), nor of the zero-flow floor (a level of nothing has no spread).
   */
  private static final double MIN_RELATIVE_SPREAD = 0.02;
  /** The same, while a level has fewer than {@link #WARM_UP} readings. */
  private static final double FIRST_READINGS_RELATIVE_SPREAD = 0.1;
  private static final double ABS_DEV_TO_SIGMA = 1.25;
  /** Residuals beyond this many spreads are clipped when learning the spread. */
  private static final double CLIP = 3;
  /** How fast a state's recent readings are followed, to tell a lasting change of its level. */
  private static final double RECENT_ALPHA = 0.05;
  /** Readings of a state whose recent average stays this many spreads from its level are away from it ({@link NewNormal}). */
  private static final double AWAY = 3;

  /** One learned level: a slow robust mean and mean absolute deviation, and where its readings are lately. */
  private static final class Level {
    /** The product whose level this is; null for a level picked by closeness (the product not told). */
    String product;
    double mean;
    double absDeviation;
    long count;
    /** When the level was last picked for an order (a count of picks): the one unused longest goes first. */
    long pickedAt;
    double recent;
    final NewNormal newNormal = new NewNormal();

    /** Follows every reading wholly in this state, anomalous or not; adopts a level that has lasted. */
    void track(double value, long timestamp) {
      if (!trusted()) {
        return;
      }
      recent = newNormal.away() ? recent + RECENT_ALPHA * (value - recent) : value;
      double spread = Math.max(spread(), MIN_RELATIVE_SPREAD * Math.abs(mean));
      if (newNormal.observe(Math.abs(recent - mean) > AWAY * spread, timestamp, count)) {
        if (mean != 0) {
          absDeviation *= Math.abs(recent / mean); // the spread scales with the level
        }
        mean = recent;
      }
    }

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

  /** Per state its levels: one, or {@link #PRODUCT_LEVELS} for a state whose draw depends on the product. */
  private final Level[][] levels = new Level[STATES.length][];
  /** Per state, the index of the level in use; -1 while the current product's level is still to be picked. */
  private final int[] current = new int[STATES.length];
  private int lastState = -1;
  private boolean changeover;
  /** Since when the machine has been in its current state; a new stint's first whole reading checks the product level. */
  private long stintSince = Long.MIN_VALUE;
  private boolean stintChecked;
  private long picks;
  /**
   * Per state, the product the level to be picked is for (null: not told), set by each
   * {@link #expect} for the {@link #learn} of the same reading; not part of the state.
   */
  private final String[] pendingProduct = new String[STATES.length];

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
   * The expectation of a reading of {@code value} at {@code timestamp} over the window from
   * {@code windowStart}, the machine being in {@code context.state()} since {@code context.since()}
   * and, before that, in the state it had at the previous reading.
   */
  @Override
  public Expectation expect(long windowStart, long timestamp, MachineContext machine, double value) {
    OperatingContext context = (OperatingContext) machine;
    int now = context.state().ordinal();
    String product = context.productId();
    Arrays.fill(pendingProduct, null);
    if (product != null) {
      changeover = false;
      selectProduct(now, product);
    } else if (now == OperatingState.SETUP.ordinal() && !changeover) {
      changeover = true;
      pickAfresh();
    } else if (now != OperatingState.SETUP.ordinal()) {
      changeover = false;
    }
    double floor = Math.max(ZERO_SHARE * largestLevel(), Double.MIN_NORMAL);
    // An order that began or ended within the window mixes two products' draws (or a product's and none).
    boolean productChanged = product != null && context.productSince() > windowStart && timestamp > windowStart;
    boolean mixed = context.since() > windowStart && timestamp > windowStart || productChanged;
    int before = lastState;
    lastState = now;
    if (context.since() != stintSince) {
      stintSince = context.since();
      stintChecked = false;
    }
    if (!mixed && !stintChecked) {
      stintChecked = true;
      if (product == null) {
        recheckProduct(now, value);
      }
    }
    if (productChanged && before == now && levels[now].length > 1) {
      return Expectation.unknown(floor, false); // one state, two products' levels
    }
    Level level = level(now);
    if (!mixed || before < 0 || before == now) {
      if (level == null || level.count == 0) {
        return Expectation.unknown(floor, !mixed);
      }
      // A level from its first readings is a rough guess: only a reading twice as high says anything against it.
      double relative = level.trusted() ? MIN_RELATIVE_SPREAD : FIRST_READINGS_RELATIVE_SPREAD;
      double spread = Math.max(level.spread(), Math.max(relative * Math.abs(level.mean), MIN_RELATIVE_SPREAD * floor));
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

  /**
   * State {@code s} runs {@code product}: its level is the one learned for it; a product without
   * one gets one at the next reading it learns from. The other states keep the level they had, so
   * a window that began in the last order's state is expected at that order's level.
   */
  private void selectProduct(int s, String product) {
    if (levels[s].length == 1) {
      return;
    }
    int tagged = -1;
    for (int i = 0; i < levels[s].length; i++) {
      if (product.equals(levels[s][i].product)) {
        tagged = i;
      }
    }
    if (tagged >= 0 && tagged != current[s]) {
      levels[s][tagged].pickedAt = ++picks;
    }
    current[s] = tagged;
    if (tagged < 0) {
      pendingProduct[s] = product;
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
  @Override
  public void learn(double value) {
    int s = lastState;
    if (current[s] < 0) {
      current[s] = pick(levels[s], value, pendingProduct[s]);
      if (pendingProduct[s] != null) {
        levels[s][current[s]].product = pendingProduct[s]; // picked by closeness, a level keeps the product it has
      }
      levels[s][current[s]].pickedAt = ++picks;
    }
    level(s).learn(value);
  }

  /** Follows a reading wholly in the current state, whatever the detectors made of it. */
  @Override
  public boolean track(double value, long timestamp) {
    Level level = level(lastState);
    if (level != null) {
      level.track(value, timestamp);
    }
    return false;
  }

  /**
   * A state began again since the last reading: a changeover that fell between two readings is
   * not seen as SETUP. If the first whole reading of the stint fits another product's level and
   * not the one in use, that product runs now.
   */
  private void recheckProduct(int s, double value) {
    if (levels[s].length == 1 || current[s] < 0 || fits(levels[s][current[s]], value)) {
      return;
    }
    int known = nearest(levels[s], value, null);
    if (known >= 0) {
      current[s] = known;
      levels[s][known].pickedAt = ++picks;
    }
  }

  private static boolean fits(Level level, double value) {
    return level.trusted() && Math.abs(value - level.mean) <= SAME_PRODUCT * Math.abs(level.mean);
  }

  /**
   * The known level within {@link #SAME_PRODUCT} of {@code value}, else -1; for a named product
   * only among the levels picked by closeness (learned before the product was told).
   */
  private static int nearest(Level[] candidates, double value, String product) {
    int nearest = -1;
    for (int i = 0; i < candidates.length; i++) {
      if ((product == null || candidates[i].product == null) && fits(candidates[i], value)
          && (nearest < 0 || Math.abs(value - candidates[i].mean) < Math.abs(value - candidates[nearest].mean))) {
        nearest = i;
      }
    }
    return nearest;
  }

  /** The known level within {@link #SAME_PRODUCT} of {@code value}, else the one unused longest, started afresh. */
  private static int pick(Level[] candidates, double value, String product) {
    int nearest = nearest(candidates, value, product);
    if (nearest >= 0) {
      return nearest;
    }
    int oldest = 0;
    for (int i = 1; i < candidates.length; i++) {
      if (candidates[i].pickedAt < candidates[oldest].pickedAt) {
        oldest = i;
      }
    }
    candidates[oldest] = new Level();
    return oldest;
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
        StateSerde.writeNullable(out, level.product);
        out.writeDouble(level.mean);
        out.writeDouble(level.absDeviation);
        out.writeLong(level.count);
        out.writeDouble(level.recent);
        level.newNormal.writeTo(out);
        out.writeLong(level.pickedAt);
      }
      out.writeInt(current[s]);
    }
    out.writeInt(lastState);
    out.writeBoolean(changeover);
    out.writeLong(stintSince);
    out.writeBoolean(stintChecked);
    out.writeLong(picks);
  }

  /**
   * {@code currentVersion}: false for state written before levels named their product (all picked
   * by closeness) and before a new normal needed a span of time.
   */
  void readFrom(DataInput in, boolean currentVersion) throws IOException {
    for (int s = 0; s < STATES.length; s++) {
      for (Level level : levels[s]) {
        level.product = currentVersion ? StateSerde.readNullable(in) : null;
        level.mean = in.readDouble();
        level.absDeviation = in.readDouble();
        level.count = in.readLong();
        level.recent = in.readDouble();
        level.newNormal.readFrom(in, currentVersion);
        level.pickedAt = in.readLong();
      }
      current[s] = in.readInt();
    }
    lastState = in.readInt();
    changeover = in.readBoolean();
    stintSince = in.readLong();
    stintChecked = in.readBoolean();
    picks = in.readLong();
  }
}
