package nl.stroomlijn.streams.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InputClocksTest {

  private static final long MINUTE = 60_000;

  @Test
  void aPartitionIsSettledUpToItsLatestRecordLessTheMaxLag() {
    InputClocks clocks = new InputClocks(2 * MINUTE);
    assertThat(clocks.settled(0)).as("nothing read yet").isEqualTo(MachineTimeline.NONE);
    clocks.advance(0, 10 * MINUTE);
    clocks.advance(0, 9 * MINUTE);
    assertThat(clocks.settled(0)).as("an earlier record does not move it back").isEqualTo(8 * MINUTE);
    assertThat(clocks.settled(1)).as("another partition").isEqualTo(MachineTimeline.NONE);
  }

  @Test
  void eachPartitionCallsForAScanAsItMovesOnWhereverTheOthersAre() {
    InputClocks clocks = new InputClocks(2 * MINUTE);
    assertThat(clocks.advance(0, 360 * MINUTE)).isTrue();
    // Partition 1 read hours behind partition 0 (another upstream task): its own steps still count.
    assertThat(clocks.advance(1, 0)).isTrue();
    assertThat(clocks.advance(1, 5_000)).as("within the step").isFalse();
    assertThat(clocks.advance(1, 10_000)).isTrue();
    assertThat(clocks.advance(0, 360 * MINUTE + 5_000)).isFalse();
  }
}
