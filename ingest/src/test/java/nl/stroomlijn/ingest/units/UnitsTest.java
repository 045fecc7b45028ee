package nl.stroomlijn.ingest.units;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UnitsTest {

  @ParameterizedTest
  @CsvSource({"Wh, 2500, 2.5, kWh", "MWh, 1.5, 1500, kWh", "J, 3600000, 1, kWh", "GJ, 3.6, 1000, kWh",
      "W, 750, 0.75, kW", "MW, 0.002, 2, kW", "g, 1250, 1.25, kg", "t, 0.4, 400, kg", "l, 20, 0.02, m3",
      "Nm3, 7, 7, m3", "l/min, 10, 0.6, m3/h", "t/h, 1.2, 1200, kg/h"})
  void deviceUnitsConvertExactlyToCanonicalOnes(String unit, String value, String canonical, String canonicalUnit) {
    Units.Unit u = Units.get(unit);
    assertThat(u.canonical()).isEqualTo(canonicalUnit);
    assertThat(u.toCanonical(new BigDecimal(value))).isEqualByComparingTo(canonical);
  }

  @Test
  void unknownUnitsAreRejectedNamingTheKnownOnes() {
    assertThatThrownBy(() -> Units.get("BTU")).hasMessageContaining("unknown unit 'BTU'").hasMessageContaining("kWh");
  }

  @Test
  void aUnitMustFitTheMediumAndHowTheMeterMeasures() {
    assertThat(Units.misfit(Units.get("kW"), Medium.ELECTRICITY, MeasurementKind.INSTANTANEOUS_RATE)).isEmpty();
    assertThat(Units.misfit(Units.get("kW"), Medium.ELECTRICITY, MeasurementKind.CUMULATIVE_COUNTER)).isPresent();
    assertThat(Units.misfit(Units.get("kg"), Medium.COMPRESSED_AIR, MeasurementKind.CUMULATIVE_COUNTER)).isPresent();
    assertThat(Units.misfit(Units.get("kWh"), Medium.NATURAL_GAS, MeasurementKind.INTERVAL_TOTAL)).isEmpty();
  }

  @Test
  void microUnitsRoundTripThroughDoublesExactly() {
    for (long micro : new long[] {0, 1, 999_999, 123_456_789_012L, 999_999_999_999_999L}) {
      assertThat(Units.toMicro(Units.fromMicro(micro))).isEqualTo(micro);
    }
    assertThat(Units.toMicro(0.0000005)).isZero(); // half-even
    assertThat(Units.toMicro(0.0000015)).isEqualTo(2);
  }
}
