package nl.stroomlijn.ingest.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only lower bounds on waiting: a slow machine can make a wait longer, never shorter. */
class PaceTest {

  @Test
  void catchingUpNeverDeliversAnEventTimeBeforeTheWallClockReachesIt() {
    Pace pace = Pace.catchingUpToNow(1_000_000);
    long now = System.currentTimeMillis();
    pace.await(0, now - 3_600_000); // the first record sets the start

    long future = System.currentTimeMillis() + 300;
    pace.await(1, future);

    assertThat(System.currentTimeMillis()).isGreaterThanOrEqualTo(future);
  }

  @Test
  void catchingUpRunsAtItsScaleWhileInThePast() {
    Pace pace = Pace.catchingUpToNow(60);
    long past = System.currentTimeMillis() - 86_400_000;
    long started = System.nanoTime();
    pace.await(0, past);

    pace.await(1, past + 30_000); // 30 s of event time at 60x: at least 0.5 s

    assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(500_000_000L);
  }

  @Test
  void anInterruptedWaitReturnsWithTheFlagSetForTheSourceToSee() {
    Pace pace = Pace.timeScale(1);
    pace.await(0, 0);
    Thread.currentThread().interrupt();

    pace.await(1, 3_600_000);

    assertThat(Thread.interrupted()).isTrue();
  }
}
