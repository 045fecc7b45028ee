package nl.stroomlijn.streams.metering;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Quantities as integers of micro-units of the canonical unit (1 µkWh, 1 µkg, 1 µm³; rates in
 * micro-units per hour), as docs/metering-and-attribution.md defines them.
 */
public final class MicroUnits {

  private MicroUnits() {
  }

  /** A reading's value (or a share, giving parts per million): its shortest decimal form, six places right, half-even. */
  public static long of(double value) {
    return of(new BigDecimal(Double.toString(value)));
  }

  public static long of(BigDecimal value) {
    return value.movePointRight(6).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** The micro-unit integer as the decimal(18,6) of the wire. */
  public static BigDecimal toDecimal(long micro) {
    return BigDecimal.valueOf(micro, 6);
  }
}
