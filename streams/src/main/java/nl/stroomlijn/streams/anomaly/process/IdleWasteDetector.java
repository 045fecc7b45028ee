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
 * time. The detector follows a stretch of consecutive idle slices (of all its electricity meters)
 * over which the machine drew more than the threshold on average; a stretch whose mean power falls
 * to the threshold ends, and the next idle slice starts a new one. So waste that begins in the
 * middle of a long stop is measured from where it began, not diluted by the quiet hours before it.
 * Once the stretch has lasted longer than the set time, its mean power scores from the threshold
 * (the plant's limit) to a quarter above it.
 */
public final class IdleWasteDetector {

  private static final double HOUR = 3_600_000.0;

  private long stretchStart = Long.MIN_VALUE;
  private long stretchEnd;
  private double energyKwh;

  /** Feeds one electricity slice; {@code thresholdKw} is the machine's, {@code minMillis} the time it may last. */
  public Finding assess(OperatingState state, long start, long end, double kwh, double thresholdKw, long minMillis) {
    if (state != OperatingState.IDLE && state != OperatingState.OFF) {
      stretchStart = Long.MIN_VALUE;
      return Finding.quiet(AnomalyKind.IDLE_WASTE);
    }
    // Whether the stretch fell back to the threshold is judged when time moves on past it, not
    // between the slices of the same minutes from the machine's several meters (own and shared).
    boolean fellBack = start >= stretchEnd && powerKw() <= thresholdKw;
    if (stretchStart == Long.MIN_VALUE || start > stretchEnd || fellBack) {
      stretchStart = start;
      stretchEnd = start;
      energyKwh = 0;
    }
    stretchStart = Math.min(stretchStart, start);
    stretchEnd = Math.max(stretchEnd, end);
    energyKwh += kwh;
    double powerKw = powerKw();
    // Longer than the set time: one slice of a meter read as often cannot be waste by itself.
    double score = stretchEnd - stretchStart > minMillis ? Scores.ramp(powerKw / thresholdKw, 1, 1.25) : 0;
    return new Finding(AnomalyKind.IDLE_WASTE, score, powerKw > thresholdKw, powerKw, thresholdKw, "kW");
  }

  private double powerKw() {
    long span = stretchEnd - stretchStart;
    return span > 0 ? energyKwh / (span / HOUR) : 0;
  }

  /** Since when the machine has drawn above its threshold while stopped, in the current stretch. */
  public long stretchStart() {
    return stretchStart;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(stretchStart);
    out.writeLong(stretchEnd);
    out.writeDouble(energyKwh);
  }

  void readFrom(DataInput in) throws IOException {
    stretchStart = in.readLong();
    stretchEnd = in.readLong();
    energyKwh = in.readDouble();
  }
}
