package nl.stroomlijn.streams.anomaly.detect;

import java.util.Map;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.MeterSpec;

/**
 * What the detectors know about a meter beyond its readings.
 *
 * @param name          how explanations name the meter
 * @param measurement   how it measures; null for a plain series of values (the command-line scorer)
 * @param canBeNegative false where a negative value is physically impossible (energy, flows)
 * @param rolloverValue for counters, the register value at which it wraps; null when it never does
 * @param intervalMillis the declared reading interval; null to learn the cadence
 * @param maximum       a physical maximum of the analysed value (a rate for counters); null when none
 * @param unit          the unit of the readings
 */
public record MeterProfile(String name, MeasurementKind measurement, boolean canBeNegative, Double rolloverValue,
    Long intervalMillis, Double maximum, String unit) {

  /** A plain numeric series: any value is possible, cadence learned, no counter. */
  public static MeterProfile series(String name) {
    return new MeterProfile(name, null, true, null, null, null, null);
  }

  /**
   * The profile of a meter asset. {@code maximumByUnit} gives physical maxima per analysed unit
   * (e.g. {@code kW -> 5000}), since the asset contract declares none.
   */
  public static MeterProfile of(AssetDefinition asset, Map<String, Double> maximumByUnit) {
    MeterSpec meter = asset.getMeter();
    String canonical = canonicalUnit(meter.getMedium(), meter.getMeasurement());
    String unit = canonical == null ? meter.getUnit() : canonical;
    Double rollover = meter.getRolloverValue() == null ? null : meter.getRolloverValue() * meter.getScale();
    MeterProfile profile = new MeterProfile(asset.getName(), meter.getMeasurement(),
        meter.getMedium() == Medium.PROCESS_VALUE, rollover, meter.getIntervalMillis(), null, unit);
    return profile.withMaximum(maximumByUnit.get(profile.analysedUnit()));
  }

  public MeterProfile withMaximum(Double newMaximum) {
    return new MeterProfile(name, measurement, canBeNegative, rolloverValue, intervalMillis, newMaximum, unit);
  }

  public boolean isCounter() {
    return measurement == MeasurementKind.CUMULATIVE_COUNTER;
  }

  /** Unit of the series the detectors analyse: a counter's readings become a rate per hour. */
  public String analysedUnit() {
    if (unit == null || !isCounter()) {
      return unit;
    }
    return "kWh".equals(unit) ? "kW" : unit + "/h";
  }

  /** The canonical unit of readings of a medium measured this way; null for process values (their own unit). */
  private static String canonicalUnit(Medium medium, MeasurementKind measurement) {
    boolean rate = measurement == MeasurementKind.INSTANTANEOUS_RATE || measurement == MeasurementKind.INTERVAL_AVERAGE_RATE;
    return switch (medium) {
      case ELECTRICITY -> rate ? "kW" : "kWh";
      case MATERIAL, STEAM -> rate ? "kg/h" : "kg";
      case NATURAL_GAS, COMPRESSED_AIR, WATER -> rate ? "m3/h" : "m3";
      case PROCESS_VALUE -> null;
    };
  }
}
