package nl.stroomlijn.ingest.truth;

import java.math.BigInteger;
import java.math.RoundingMode;

/** Integer arithmetic of the spec that needs more than 64 bits in between. */
final class Exact {

  private Exact() {
  }

  /** floor(a · b / c) for a, b ≥ 0 and c > 0. */
  static long mulDivFloor(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo / c;
    }
    return BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)).divide(BigInteger.valueOf(c)).longValueExact();
  }

  /** a · b / c rounded half-even, for a, b ≥ 0 and c > 0. */
  static long mulDivHalfEven(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      long q = lo / c;
      long r = lo % c;
      long twice = 2 * r;
      if (twice > c || (twice == c && (q & 1) == 1)) {
        q++;
      }
      return q;
    }
    return new java.math.BigDecimal(BigInteger.valueOf(a).multiply(BigInteger.valueOf(b)))
        .divide(java.math.BigDecimal.valueOf(c), 0, RoundingMode.HALF_EVEN).longValueExact();
  }
}
