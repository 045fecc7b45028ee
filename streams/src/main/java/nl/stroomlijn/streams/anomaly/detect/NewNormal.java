package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * When readings that stay away from a learned level are that level's new normal (new tooling, a
 * re-tuned recipe): {@link #READINGS} of them in a row, over at least {@link #SPAN} of event time
 * or outnumbering the readings the level was learned from. The span keeps a fault of hours from
 * being learned on a fast meter: a machine left drawing power while IDLE for 87 minutes gave a
 * 10-second meter 522 readings, and its IDLE level took the waste's draw, so the normal IDLE
 * readings after it were dips for hours and a spike among them read a third above that level (seed
 * 777, imm-6). Faults the simulator injects last at most 6 h. Outnumbering lets a level learned
 * from a fault go sooner: a press first seen OFF while left drawing power learned that draw as
 * OFF's level, and waited 8 h to unlearn it (seed 99, press-6).
 */
final class NewNormal {

  static final int READINGS = 500;
  static final long SPAN = 8 * 3_600_000L;

  private int awayInARow;
  private long awaySince = Long.MIN_VALUE;

  /**
   * Counts a reading at {@code timestamp}, away or not, from a level learned from {@code learnedFrom}
   * readings; true when the readings away are now the new normal (the count restarts).
   */
  boolean observe(boolean away, long timestamp, long learnedFrom) {
    if (!away) {
      awayInARow = 0;
      return false;
    }
    if (awayInARow++ == 0) {
      awaySince = timestamp;
    }
    if (awayInARow >= READINGS && (timestamp - awaySince >= SPAN || awayInARow > learnedFrom)) {
      awayInARow = 0;
      return true;
    }
    return false;
  }

  /** Whether the last reading counted was away. */
  boolean away() {
    return awayInARow > 0;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(awayInARow);
    out.writeLong(awaySince);
  }

  /** {@code withSpan}: false for state written before the span counted; its count starts again. */
  void readFrom(DataInput in, boolean withSpan) throws IOException {
    int away = in.readInt();
    awayInARow = withSpan ? away : 0;
    awaySince = withSpan ? in.readLong() : Long.MIN_VALUE;
  }
}
