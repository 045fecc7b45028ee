package nl.stroomlijn.ingest.units;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;

/**
 * Device units and their canonical units (DESIGN.md: energy kWh, power kW, mass kg, volume m3),
 * and the exact micro-unit integers of docs/metering-and-attribution.md.
 */
public final class Units {

  /** Micro-units per canonical unit. */
  public static final int MICRO_SCALE = 6;
  /** Milliseconds per hour: rates are per hour, time is in milliseconds. */
  public static final long MILLIS_PER_HOUR = 3_600_000L;

  private static final MathContext PRECISION = MathContext.DECIMAL128;

  /** What a unit measures, which decides the media and measurement kinds it fits. */
  public enum Dimension { ENERGY, POWER, MASS, MASS_RATE, VOLUME, VOLUME_RATE }

  /**
   * A device unit: canonical = device value × factor.
   *
   * @param name      the unit as written, e.g. {@code Wh}
   * @param canonical the canonical unit it converts to, e.g. {@code kWh}
   * @param dimension what it measures
   * @param factor    exact factor to the canonical unit (a quotient for J and GJ, rounded at 34 digits)
   */
  public record Unit(String name, String canonical, Dimension dimension, BigDecimal factor) {

    /** True for power and flow units, which rate meters report in. */
    public boolean isRate() {
      return dimension == Dimension.POWER || dimension == Dimension.MASS_RATE || dimension == Dimension.VOLUME_RATE;
    }

    /** The device value (already multiplied by the meter's scale) in the canonical unit. */
    public BigDecimal toCanonical(BigDecimal deviceValue) {
      return deviceValue.multiply(factor, PRECISION);
    }
  }

  private static final Map<String, Unit> UNITS = Map.ofEntries(
      unit("kWh", "kWh", Dimension.ENERGY, "1"),
      unit("Wh", "kWh", Dimension.ENERGY, "0.001"),
      unit("MWh", "kWh", Dimension.ENERGY, "1000"),
      unit("GWh", "kWh", Dimension.ENERGY, "1000000"),
      quotient("J", "kWh", Dimension.ENERGY, "1", "3600000"),
      quotient("kJ", "kWh", Dimension.ENERGY, "1", "3600"),
      quotient("MJ", "kWh", Dimension.ENERGY, "1", "3.6"),
      quotient("GJ", "kWh", Dimension.ENERGY, "1000", "3.6"),
      unit("kW", "kW", Dimension.POWER, "1"),
      unit("W", "kW", Dimension.POWER, "0.001"),
      unit("MW", "kW", Dimension.POWER, "1000"),
      unit("kg", "kg", Dimension.MASS, "1"),
      unit("g", "kg", Dimension.MASS, "0.001"),
      unit("t", "kg", Dimension.MASS, "1000"),
      unit("kg/h", "kg/h", Dimension.MASS_RATE, "1"),
      unit("g/h", "kg/h", Dimension.MASS_RATE, "0.001"),
      unit("t/h", "kg/h", Dimension.MASS_RATE, "1000"),
      unit("kg/min", "kg/h", Dimension.MASS_RATE, "60"),
      unit("m3", "m3", Dimension.VOLUME, "1"),
      unit("Nm3", "m3", Dimension.VOLUME, "1"),
      unit("l", "m3", Dimension.VOLUME, "0.001"),
      unit("dm3", "m3", Dimension.VOLUME, "0.001"),
      unit("m3/h", "m3/h", Dimension.VOLUME_RATE, "1"),
      unit("Nm3/h", "m3/h", Dimension.VOLUME_RATE, "1"),
      unit("l/h", "m3/h", Dimension.VOLUME_RATE, "0.001"),
      unit("l/min", "m3/h", Dimension.VOLUME_RATE, "0.06"),
      unit("m3/min", "m3/h", Dimension.VOLUME_RATE, "60"));

  private Units() {
  }

  private static Map.Entry<String, Unit> unit(String name, String canonical, Dimension dimension, String factor) {
    return Map.entry(name, new Unit(name, canonical, dimension, new BigDecimal(factor)));
  }

  private static Map.Entry<String, Unit> quotient(String name, String canonical, Dimension dimension,
      String numerator, String denominator) {
    return Map.entry(name, new Unit(name, canonical, dimension,
        new BigDecimal(numerator).divide(new BigDecimal(denominator), PRECISION)));
  }

  /** The unit of that name, if it is one we convert. */
  public static Optional<Unit> find(String name) {
    return Optional.ofNullable(name == null ? null : UNITS.get(name.trim()));
  }

  /** The unit of that name; an unknown unit is an error naming the known ones. */
  public static Unit get(String name) {
    return find(name).orElseThrow(() -> new IllegalArgumentException(
        "unknown unit '" + name + "'; known units: " + UNITS.keySet().stream().sorted().toList()));
  }

  /**
   * Why a unit does not fit a meter of this medium and measurement kind, or empty when it fits.
   * Counters and interval totals report amounts; rate meters report rates.
   */
  public static Optional<String> misfit(Unit unit, Medium medium, MeasurementKind measurement) {
    boolean wantsRate = measurement == MeasurementKind.INSTANTANEOUS_RATE
        || measurement == MeasurementKind.INTERVAL_AVERAGE_RATE;
    if (unit.isRate() != wantsRate) {
      return Optional.of("a " + measurement + " meter reports " + (wantsRate ? "a rate" : "an amount")
          + ", but '" + unit.name() + "' is " + (unit.isRate() ? "a rate" : "an amount"));
    }
    boolean fits = switch (medium) {
      case ELECTRICITY -> unit.dimension() == Dimension.ENERGY || unit.dimension() == Dimension.POWER;
      case NATURAL_GAS -> unit.dimension() != Dimension.MASS && unit.dimension() != Dimension.MASS_RATE;
      case COMPRESSED_AIR, WATER -> unit.dimension() == Dimension.VOLUME || unit.dimension() == Dimension.VOLUME_RATE;
      case STEAM, MATERIAL -> unit.dimension() == Dimension.MASS || unit.dimension() == Dimension.MASS_RATE;
      case PROCESS_VALUE -> false;
    };
    return fits ? Optional.empty()
        : Optional.of("'" + unit.name() + "' (" + unit.dimension() + ") is not a unit of " + medium);
  }

  /** The canonical amount unit a rate unit integrates to (kW → kWh, kg/h → kg, m3/h → m3); amounts map to themselves. */
  public static String amountUnit(String canonical) {
    return switch (canonical) {
      case "kW" -> "kWh";
      case "kg/h" -> "kg";
      case "m3/h" -> "m3";
      default -> canonical;
    };
  }

  /**
   * A canonical value as an integer of micro-units, by the rule of the spec:
   * {@code new BigDecimal(Double.toString(value)).movePointRight(6)} rounded half-even.
   */
  public static long toMicro(double value) {
    return new BigDecimal(Double.toString(value)).movePointRight(MICRO_SCALE)
        .setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** An exact decimal as micro-units, rounded half-even. */
  public static long toMicro(BigDecimal value) {
    return value.movePointRight(MICRO_SCALE).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
  }

  /** Micro-units as the double nearest to them, which {@link #toMicro(double)} turns back into the same integer. */
  public static double fromMicro(long micro) {
    // Both operands are exact doubles below 2^53, and IEEE division rounds correctly.
    return micro / 1e6;
  }

  /** Micro-units as an exact decimal. */
  public static BigDecimal decimal(long micro) {
    return BigDecimal.valueOf(micro, MICRO_SCALE);
  }
}
