package nl.stroomlijn.streams.anomaly.process;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.streams.anomaly.detect.Finding;
import nl.stroomlijn.streams.anomaly.detect.Scores;

/**
 * Idle waste: a machine drawing power while IDLE or OFF above its threshold for longer than a set
 * time. Consecutive idle slices (of all its electricity meters) form a run; the run's mean power
 * is its energy over its span. The threshold is the plant's limit: the score rises from it to a
 * quarter above it, once the run is long enough.
 */
public final class IdleWasteDetector {

  private static final double HOUR = 3_600_000.0;

  private long runStart = Long.MIN_VALUE;
  private long runEnd;
  private double energyKwh;

  /** Feeds one electricity slice; {@code thresholdKw} is the machine's, {@code minMillis} the time it may last. */
  public Finding assess(OperatingState state, long start, long end, double kwh, double thresholdKw, long minMillis) {
    if (state != OperatingState.IDLE && state != OperatingState.OFF) {
      runStart = Long.MIN_VALUE;
      return Finding.quiet(AnomalyKind.IDLE_WASTE);
    }
    if (runStart == Long.MIN_VALUE || start > runEnd) {
      runStart = start;
      runEnd = start;
      energyKwh = 0;
    }
    runEnd = Math.max(runEnd, end);
    energyKwh += kwh;
    long span = runEnd - runStart;
    double powerKw = span > 0 ? energyKwh / (span / HOUR) : 0;
    double score = span >= minMillis ? Scores.ramp(powerKw / thresholdKw, 1, 1.25) : 0;
    return new Finding(AnomalyKind.IDLE_WASTE, score, powerKw > thresholdKw, powerKw, thresholdKw, "kW");
  }

  /** Since when the machine has been idle in the current run. */
  public long runStart() {
    return runStart;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(runStart);
    out.writeLong(runEnd);
    out.writeDouble(energyKwh);
  }

  void readFrom(DataInput in) throws IOException {
    runStart = in.readLong();
    runEnd = in.readLong();
    energyKwh = in.readDouble();
  }
}
