package nl.stroomlijn.streams.assets;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import nl.stroomlijn.schemas.Medium;

/**
 * The units a meter may declare for its device, with the canonical quantity unit each belongs to
 * and, for quantities, the factor to it: what a counter's declared rollover value means in
 * canonical units, and which unit the attributed slices carry.
 */
public final class DeviceUnits {

  private record Unit(String quantityUnit, BigDecimal numerator, BigDecimal denominator) {
    static Unit of(String quantityUnit, long numerator, long denominator) {
      return new Unit(quantityUnit, BigDecimal.valueOf(numerator), BigDecimal.valueOf(denominator));
    }
  }

  private static final String KWH = "kWh";
  private static final String KG = "kg";
  private static final String M3 = "m3";

  private static final Map<String, Unit> UNITS = Map.ofEntries(
      Map.entry("Wh", Unit.of(KWH, 1, 1000)), Map.entry("kWh", Unit.of(KWH, 1, 1)),
      Map.entry("MWh", Unit.of(KWH, 1000, 1)), Map.entry("GWh", Unit.of(KWH, 1_000_000, 1)),
      Map.entry("J", Unit.of(KWH, 1, 3_600_000)), Map.entry("kJ", Unit.of(KWH, 1, 3600)),
      Map.entry("MJ", Unit.of(KWH, 10, 36)), Map.entry("GJ", Unit.of(KWH, 10_000, 36)),
      Map.entry("W", Unit.of(KWH, 1, 1000)), Map.entry("kW", Unit.of(KWH, 1, 1)), Map.entry("MW", Unit.of(KWH, 1000, 1)),
      Map.entry("g", Unit.of(KG, 1, 1000)), Map.entry("kg", Unit.of(KG, 1, 1)), Map.entry("t", Unit.of(KG, 1000, 1)),
      Map.entry("g/h", Unit.of(KG, 1, 1000)), Map.entry("kg/h", Unit.of(KG, 1, 1)), Map.entry("t/h", Unit.of(KG, 1000, 1)),
      Map.entry("l", Unit.of(M3, 1, 1000)), Map.entry("L", Unit.of(M3, 1, 1000)), Map.entry("m3", Unit.of(M3, 1, 1)),
      Map.entry("m³", Unit.of(M3, 1, 1)), Map.entry("Nm3", Unit.of(M3, 1, 1)), Map.entry("Nm³", Unit.of(M3, 1, 1)),
      Map.entry("l/h", Unit.of(M3, 1, 1000)), Map.entry("m3/h", Unit.of(M3, 1, 1)), Map.entry("Nm3/h", Unit.of(M3, 1, 1)));

  private DeviceUnits() {
  }

  /** The canonical unit of the quantities a meter of this device unit and medium yields (kWh, kg or m3). */
  public static String quantityUnit(String deviceUnit, Medium medium) {
    Unit unit = UNITS.get(deviceUnit);
    if (unit != null) {
      return unit.quantityUnit();
    }
    return switch (medium) {
      case ELECTRICITY -> KWH;
      case MATERIAL, STEAM -> KG;
      default -> M3;
    };
  }

  /**
   * A device value times the meter's scale, in the canonical unit, exact where the factor is a
   * terminating decimal (34 significant digits otherwise).
   *
   * @throws IllegalArgumentException for a unit not in the table
   */
  public static BigDecimal toCanonical(double deviceValue, double scale, String deviceUnit) {
    Unit unit = UNITS.get(deviceUnit);
    if (unit == null) {
      throw new IllegalArgumentException("unknown device unit '" + deviceUnit + "'");
    }
    return new BigDecimal(Double.toString(deviceValue)).multiply(new BigDecimal(Double.toString(scale)))
        .multiply(unit.numerator()).divide(unit.denominator(), MathContext.DECIMAL128);
  }
}
