package nl.stroomlijn.streams.metering;

import java.math.BigInteger;

/**
 * The cumulative-floor split of an integer quantity by integer weights: part {@code k} is
 * {@code floor(Q·W_k/W) − floor(Q·W_{k−1}/W)} with {@code W_k} the running sum of the weights and
 * {@code W} their total. The parts add up to {@code Q} exactly and none is negative. Used both to
 * cut an interval at its cut points (weights = slice durations) and to allocate a shared meter
 * over its targets.
 */
public final class ProportionalSplit {

  private ProportionalSplit() {
  }

  /**
   * Splits {@code quantity} (≥ 0) by {@code weights} (each ≥ 0). When every weight is zero, every
   * part gets an equal weight.
   */
  public static long[] split(long quantity, long[] weights) {
    long total = 0;
    for (long weight : weights) {
      total = Math.addExact(total, weight);
    }
    long[] effective = weights;
    if (total == 0) {
      effective = new long[weights.length];
      java.util.Arrays.fill(effective, 1);
      total = weights.length;
    }
    long[] parts = new long[weights.length];
    long running = 0;
    long previousFloor = 0;
    for (int k = 0; k < effective.length; k++) {
      running += effective[k];
      long floor = floorOfProduct(quantity, running, total);
      parts[k] = floor - previousFloor;
      previousFloor = floor;
    }
    return parts;
  }

  /** floor(a·b/c) for non-negative a, b and positive c; the product may exceed 64 bits. */
  static long floorOfProduct(long a, long b, long c) {
    long high = Math.multiplyHigh(a, b);
    if (high == 0 && a * b >= 0) {
      return a * b / c;
    }
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
  }
}
