package nl.stroomlijn.streams.anomaly.process;

import static org.assertj.core.api.Assertions.assertThat;

import nl.stroomlijn.streams.anomaly.detect.Finding;
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
  void anOrderFarBelowTheUsualDoesNotWidenItSoALaterOneFarAboveStillStandsOut() {
    // Seed 11, press-4, cover-plate: 0.245, 0.126 (half its energy unmetered), 0.244, 0.245 kWh per
    // unit, then an order at 2.6 times. In a running mean and deviation, the short-metered order
    // widened the usual so much that the 2.6x order scored 0.4.
    for (double perUnit : new double[] {0.246, 0.126, 0.244, 0.245, 0.246, 0.245, 0.012, 0.244}) {
      assertThat(energy.assess("cover-plate", perUnit * 500, 500).score()).isZero();
    }

    assertThat(energy.assess("cover-plate", 0.646 * 524, 524).score()).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void aFirstOrderFarAboveTheRestDoesNotStayTheUsual() {
    // Seed 17, press-5, hinge: the first order metered at 1.6 times the rest (a meter fault), then
    // orders at 0.031 kWh per unit, then one at 2.07 times: in a running mean it scored 0.15.
    energy.assess("hinge", 0.0484 * 720, 720);
    for (double perUnit : new double[] {0.0305, 0.0308, 0.0307, 0.0307}) {
      assertThat(energy.assess("hinge", perUnit * 700, 700).score()).isZero();
    }

    assertThat(energy.assess("hinge", 0.0634 * 627, 627).score()).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void theUsualIsTheLastFifteenOrders() {
    // A product whose energy per unit halved for good (a new press): after enough orders the old figure is gone.
    for (int i = 0; i < EnergyPerUnitDetector.WINDOW; i++) {
      energy.assess("frame-s", 20, 100);
    }
    for (int i = 0; i < EnergyPerUnitDetector.WINDOW; i++) {
      energy.assess("frame-s", 10 + 0.1 * (i % 3), 100);
    }

    Finding next = energy.assess("frame-s", 22, 100);
    assertThat(next.expected()).isCloseTo(0.101, org.assertj.core.data.Offset.offset(0.001));
    assertThat(next.score()).as("2.2x the new usual, 1.1x the old").isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void aFullWindowComesBackFromBytesInItsOrder() throws Exception {
    for (int i = 0; i < EnergyPerUnitDetector.WINDOW + 7; i++) {
      energy.assess("frame-s", i < 10 ? 20 : 10 + 0.1 * (i % 4), 100);
    }
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      energy.writeTo(out);
    }
    EnergyPerUnitDetector restored = new EnergyPerUnitDetector(Sensitivity.DEFAULT);
    restored.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), true);

    // The next orders push out the oldest: the same ones in both, so they judge alike from here on.
    for (int i = 0; i < 10; i++) {
      double kwh = i == 9 ? 24 : 10 + 0.1 * (i % 4);
      Finding original = energy.assess("frame-s", kwh, 100);
      Finding copy = restored.assess("frame-s", kwh, 100);
      assertThat(copy.expected()).isEqualTo(original.expected());
      assertThat(copy.score()).isEqualTo(original.score());
    }
  }

  @Test
  void aUsualWrittenAsARunningMeanIsReadOnAsAWindow() throws Exception {
    // State of version 5: per product its mean and mean absolute deviation of log(kWh per unit), and its orders.
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
      out.writeInt(1);
      out.writeUTF("frame-s");
      out.writeDouble(Math.log(0.1));
      out.writeDouble(0.02);
      out.writeInt(12);
    }
    energy.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes.toByteArray())), false);

    assertThat(energy.assess("frame-s", 10.2, 100).score()).isZero();
    assertThat(energy.assess("frame-s", 25, 100).score()).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void aProductWithoutEnoughFinishedOrdersIsNotJudged() {
    usualOrders(2);

    assertThat(energy.assessSoFar("frame-s", 50, 100, 60 * MINUTE).score()).isZero();
    assertThat(energy.assessSoFar("frame-l", 50, 100, 60 * MINUTE).score()).isZero();
  }
}
