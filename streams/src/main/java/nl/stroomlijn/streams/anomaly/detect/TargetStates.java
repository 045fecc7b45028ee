package nl.stroomlijn.streams.anomaly.detect;

import java.util.Arrays;
import nl.stroomlijn.schemas.OperatingState;

/**
 * The operating states of the machines a shared meter feeds: how many are in each state (indexed
 * by {@link OperatingState#ordinal()}), and since when that mix holds (event time).
 */
public record TargetStates(int[] counts, long since) implements MachineContext {

  public TargetStates {
    if (counts.length != OperatingState.values().length) {
      throw new IllegalArgumentException("need a count per operating state, got " + counts.length);
    }
    counts = counts.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TargetStates that && since == that.since && Arrays.equals(counts, that.counts);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(counts) + Long.hashCode(since);
  }

  @Override
  public String toString() {
    return "TargetStates" + Arrays.toString(counts) + "@" + since;
  }
}
