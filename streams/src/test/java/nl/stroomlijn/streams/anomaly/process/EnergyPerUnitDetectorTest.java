package nl.stroomlijn.streams.anomaly.process;

import static org.assertj.core.api.Assertions.assertThat;

import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import org.junit.jupiter.api.Test;

class EnergyPerUnitDetectorTest {

  private static final long MINUTE = 60_000L;

  private final EnergyPerUnitDetector energy = new EnergyPerUnitDetector(Sensitivity.DEFAULT);

  private void usualOrders(int orders) {
    for (int i = 0; i < orders; i++) {
      assertThat(energy.assess("frame-s", 10 + 0.2 * (i % 3), 100).score()).isZero();
    }
  }

  @Test
  void aRunningOrderIsJudgedSoFarOnceItHasRunLongEnough() {
    usualOrders(4);

    assertThat(energy.assessSoFar("frame-s", 5.0, 20, 29 * MINUTE).score()).as("not yet").isZero();
    assertThat(energy.assessSoFar("frame-s", 5.0, 20, 30 * MINUTE).score()).isGreaterThanOrEqualTo(0.6);
    assertThat(energy.assessSoFar("frame-s", 2.1, 20, 30 * MINUTE).score()).as("usual so far").isZero();
  }

  @Test
  void aRunningOrderTeachesNothing() {
    usualOrders(4);
    for (int i = 0; i < 20; i++) {
      energy.assessSoFar("frame-s", 1.05 * 0.1 * (20 + i), 20 + i, 40 * MINUTE);
    }

    assertThat(energy.assess("frame-s", 25, 100).score()).as("2.5x the usual, still").isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void anOrderFarBelowTheUsualTeachesNothingSoALaterOneFarAboveStillStandsOut() {
    // Seed 11, press-4, cover-plate: 0.245, 0.113 (half its energy unmetered), 0.244, 0.245 kWh per
    // unit, then an order at 2.7 times. Learned, the short-metered order widened the spread so much
    // that the 2.7x order scored 0.3.
    for (double perUnit : new double[] {0.245, 0.113, 0.244, 0.245, 0.246, 0.245, 0.012, 0.244}) {
      assertThat(energy.assess("cover-plate", perUnit * 500, 500).score()).isZero();
    }

    assertThat(energy.assess("cover-plate", 0.643 * 524, 524).score()).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void ordersFarBelowTheUsualThreeTimesInARowAreTheNewUsual() {
    // A usual learned from a first order far too high (a trial run): the real orders are not short-metered ones for ever.
    energy.assess("frame-s", 100, 100);
    for (int i = 0; i < 3; i++) {
      assertThat(energy.assess("frame-s", 30 + i, 100).score()).isZero();
    }
    for (int i = 0; i < 3; i++) {
      assertThat(energy.assess("frame-s", 31, 100).score()).isZero();
    }

    assertThat(energy.assess("frame-s", 80, 100).score()).as("2.6x the new usual").isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void aProductWithoutEnoughFinishedOrdersIsNotJudged() {
    usualOrders(2);

    assertThat(energy.assessSoFar("frame-s", 50, 100, 60 * MINUTE).score()).isZero();
    assertThat(energy.assessSoFar("frame-l", 50, 100, 60 * MINUTE).score()).isZero();
  }
}
