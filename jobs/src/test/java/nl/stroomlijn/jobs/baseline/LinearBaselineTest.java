package nl.stroomlijn.jobs.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinearBaselineTest {

  @Test
  void fitsEnergyAsFixedPlusPerUnit() {
    // energy = 5 + 0.2 x units, exactly.
    var points = List.of(new LinearBaseline.Point(0, 5), new LinearBaseline.Point(10, 7), new LinearBaseline.Point(50, 15));
    LinearBaseline baseline = LinearBaseline.fit(points, 3).orElseThrow();
    assertThat(baseline.intercept()).isCloseTo(5, within(1e-9));
    assertThat(baseline.slope()).isCloseTo(0.2, within(1e-12));
    assertThat(baseline.expectedKwh(100)).isCloseTo(25, within(1e-9));
  }

  @Test
  void noBaselineFromTooFewPointsOrUnitsThatNeverVary() {
    assertThat(LinearBaseline.fit(List.of(new LinearBaseline.Point(1, 1), new LinearBaseline.Point(2, 2)), 3)).isEmpty();
    assertThat(LinearBaseline.fit(List.of(new LinearBaseline.Point(4, 1), new LinearBaseline.Point(4, 2),
        new LinearBaseline.Point(4, 3)), 3)).isEmpty();
  }
}
