package nl.stroomlijn.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class KpiCalculatorTest {

  @Test
  void aRatiosValueIsTheDoubleNearestToTheExactQuotient() {
    // Quotients the end-to-end test found a few ulps off when taken to 16 digits first. Dividing two
    // integers below 2^53 as doubles is correctly rounded (IEEE 754), so it gives the nearest double.
    long[][] quotients = {{14, 1184}, {4, 311}, {3, 267}, {1, 65}, {5, 383}, {10_823_319, 88_000_000}};
    for (long[] q : quotients) {
      assertThat(KpiCalculator.ratioValue(BigDecimal.valueOf(q[0]), BigDecimal.valueOf(q[1])))
          .as(q[0] + " / " + q[1]).isEqualTo((double) q[0] / q[1]);
    }
    assertThat(KpiCalculator.ratioValue(new BigDecimal("10.823319000000"), new BigDecimal("88.000000000000")))
        .isEqualTo(10_823_319d / 88_000_000d);
  }

  @Test
  void aRatioWithAZeroOrUnknownDenominatorOrAnUnknownNumeratorHasNoValue() {
    assertThat(KpiCalculator.ratioValue(BigDecimal.ONE, BigDecimal.ZERO)).isNull();
    assertThat(KpiCalculator.ratioValue(BigDecimal.ONE, null)).isNull();
    assertThat(KpiCalculator.ratioValue(null, BigDecimal.ONE)).isNull();
  }
}
