package nl.stroomlijn.streams.anomaly.detect;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class ScoresTest {

  @Test
  void aDeviationIsLogarithmicUpToTheTopThenKeepsRankingWithoutReachingOne() {
    assertThat(Scores.deviation(4, 4, 20)).isZero();
    assertThat(Scores.deviation(-8, 4, 20)).isCloseTo(Math.log(2) / Math.log(5), Offset.offset(1e-12));
    double previous = 0;
    for (double z = 4.5; z < 1e12; z *= 1.1) {
      double score = Scores.deviation(z, 4, 20);
      assertThat(score).as("z %.1f", z).isGreaterThan(previous).isLessThan(1.0);
      previous = score;
    }
    assertThat(Scores.deviation(20, 4, 20)).isCloseTo(0.95, Offset.offset(1e-12));
    // Before, every deviation from 20 spreads on scored 1: a benchmark could not tell 25 from 100,
    // nor, at the six decimals the command-line scorer prints, 1,000 from 2,000.
    assertThat(Scores.deviation(100, 4, 20)).isGreaterThan(Scores.deviation(25, 4, 20) + 0.01);
    assertThat(Scores.deviation(2000, 4, 20) - Scores.deviation(1000, 4, 20)).isGreaterThan(1e-4);
  }

  @Test
  void aRampIsItsSCurveUpToTheTopThenGoesOnRisingSmoothly() {
    assertThat(Scores.ramp(1, 1, 2)).isZero();
    assertThat(Scores.ramp(1.5, 1, 2)).isEqualTo(0.5);
    double previous = 0;
    for (double value = 1.01; value < 4; value += 0.01) {
      double score = Scores.ramp(value, 1, 2);
      assertThat(score).as("value %.2f", value).isGreaterThan(previous).isLessThan(1.0);
      // no step where the curve meets its top
      assertThat(score - previous).as("step at %.2f", value).isLessThan(0.02);
      previous = score;
    }
    assertThat(Scores.ramp(2, 1, 2)).isCloseTo(0.965, Offset.offset(0.001));
    assertThat(Scores.ramp(Double.NaN, 1, 2)).isZero();
  }

  @Test
  void aWeightIsTheSCurveAndReachesOne() {
    // How far a detector trusts what it learned: a weight that stopped short of 1 damped every later score.
    assertThat(Scores.weight(1.5, 1, 2)).isEqualTo(Scores.ramp(1.5, 1, 2));
    assertThat(Scores.weight(2, 1, 2)).isEqualTo(1.0);
    assertThat(Scores.weight(40, 10, 40)).isEqualTo(1.0);
  }
}
