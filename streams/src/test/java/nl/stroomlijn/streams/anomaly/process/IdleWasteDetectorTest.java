package nl.stroomlijn.streams.anomaly.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.streams.anomaly.detect.Finding;
import org.junit.jupiter.api.Test;

class IdleWasteDetectorTest {

  private static final long MINUTE = 60_000L;
  private static final long QUARTER = 15 * MINUTE;
  private static final double THRESHOLD_KW = 13;

  private final IdleWasteDetector idle = new IdleWasteDetector();

  /** One slice of {@code minutes} at {@code kw}, ending at {@code end}. */
  private Finding slice(OperatingState state, long end, long minutes, double kw) {
    return idle.assess(state, end - minutes * MINUTE, end, kw * minutes / 60.0, THRESHOLD_KW, QUARTER);
  }

  @Test
  void wasteThatBeginsInTheMiddleOfALongStopIsMeasuredFromWhereItBegan() {
    long t = 0;
    for (int i = 0; i < 8; i++) { // two hours OFF at 0.5 kW, in 15-minute smart-meter slices
      t += QUARTER;
      assertThat(slice(OperatingState.OFF, t, 15, 0.5).score()).isZero();
    }
    long wasteStart = t;
    t += QUARTER;
    assertThat(slice(OperatingState.OFF, t, 15, 15.4).score()).as("one slice is not longer than the set time").isZero();
    t += QUARTER;
    Finding second = slice(OperatingState.OFF, t, 15, 15.4);

    assertThat(second.score()).isGreaterThanOrEqualTo(0.6);
    assertThat(second.observed()).isEqualTo(15.4, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(idle.stretchStart()).isEqualTo(wasteStart);
  }

  @Test
  void drawSpreadOverTheMachinesOwnAndSharedMetersAddsUp() {
    // An own meter at 11 kW every minute and the machine's share of a chiller at 4 kW every 30 s,
    // both while IDLE: 15 kW together, above the 13 kW threshold though neither is alone. Each
    // meter's slice arriving before the other's for the same minutes once restarted the stretch.
    long t = 0;
    Finding last = null;
    for (int minute = 0; minute < 40; minute++) {
      t += MINUTE;
      last = idle.assess(OperatingState.IDLE, t - MINUTE, t, 11 / 60.0, THRESHOLD_KW, QUARTER);
      for (long half = t - MINUTE / 2; half <= t; half += MINUTE / 2) {
        last = idle.assess(OperatingState.IDLE, half - MINUTE / 2, half, 4 / 120.0, THRESHOLD_KW, QUARTER);
      }
    }

    assertThat(last.observed()).isEqualTo(15, org.assertj.core.data.Offset.offset(0.1));
    assertThat(last.score()).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void aLongIdleSliceThatRanIntoAStartIsNotWaste() {
    long t = 0;
    for (int i = 0; i < 4; i++) {
      t += QUARTER;
      slice(OperatingState.IDLE, t, 15, 12);
    }
    t += QUARTER;
    Finding straddling = slice(OperatingState.IDLE, t, 15, 18); // ten of its fifteen minutes RUNNING at 22 kW
    t += QUARTER;
    Finding running = slice(OperatingState.RUNNING, t, 15, 22);

    assertThat(straddling.score()).isZero();
    assertThat(running.score()).isZero();
  }

  @Test
  void idlePowerJustBelowTheThresholdNeverScoresHoweverLongItLasts() {
    Random random = new Random(5);
    long t = 0;
    double peak = 0;
    for (int i = 0; i < 8640; i++) { // a day of 10-second slices at 12 kW with 3% noise
      t += 10_000;
      Finding finding = idle.assess(OperatingState.IDLE, t - 10_000, t, 12 * (1 + 0.03 * random.nextGaussian()) / 360.0,
          THRESHOLD_KW, QUARTER);
      peak = Math.max(peak, finding.score());
    }

    assertThat(peak).isZero();
  }

  @Test
  void runningEndsTheStretch() {
    long t = 0;
    for (int i = 0; i < 3; i++) {
      t += 10 * MINUTE;
      slice(OperatingState.IDLE, t, 10, 20);
    }
    assertThat(slice(OperatingState.IDLE, t + 10 * MINUTE, 10, 20).score()).isGreaterThan(0.99);
    t += 20 * MINUTE;
    slice(OperatingState.RUNNING, t, 10, 22);
    t += 10 * MINUTE;

    assertThat(slice(OperatingState.IDLE, t, 10, 20).score()).isZero();
    assertThat(idle.stretchStart()).isEqualTo(t - 10 * MINUTE);
  }
}
