package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.AnomalyKind;

/**
 * Missing data: no reading for much longer than the meter's cadence, which is its declared
 * interval or, when none is declared, the typical gap it has shown (a robust average in log
 * space; outages do not teach it). Repeated timestamps and out-of-order points are no gap.
 */
final class MissingDataDetector {

  private static final double LOG_ALPHA = 0.05;
  private static final double LOG_CLIP = Math.log(3);
  private static final int WARM_UP_GAPS = 20;
  private static final double MINUTE = 60_000.0;

  private final Sensitivity sensitivity;
  private final Long declaredIntervalMillis;
  private long lastTimestamp = Long.MIN_VALUE;
  private double logCadence;
  private long gaps;

  MissingDataDetector(Sensitivity sensitivity, Long declaredIntervalMillis) {
    this.sensitivity = sensitivity;
    this.declaredIntervalMillis = declaredIntervalMillis != null && declaredIntervalMillis > 0 ? declaredIntervalMillis : null;
  }

  Finding assess(long timestamp) {
    Finding finding = gapUntil(timestamp);
    if (lastTimestamp != Long.MIN_VALUE && timestamp > lastTimestamp) {
      double logGap = Math.log(timestamp - lastTimestamp);
      if (gaps == 0) {
        logCadence = logGap;
      } else {
        double deviation = Math.max(-LOG_CLIP, Math.min(LOG_CLIP, logGap - logCadence));
        logCadence += Math.max(LOG_ALPHA, 1.0 / (gaps + 1)) * deviation;
      }
      gaps++;
    }
    lastTimestamp = Math.max(lastTimestamp, timestamp);
    return finding;
  }

  /** The open gap from the last reading until {@code now}, scored; for a clock that ticks between readings. */
  Finding gapUntil(long now) {
    if (lastTimestamp == Long.MIN_VALUE || now <= lastTimestamp) {
      return Finding.quiet(AnomalyKind.MISSING_DATA);
    }
    double cadence;
    double low;
    double high;
    if (declaredIntervalMillis != null) {
      cadence = declaredIntervalMillis;
      low = 3;
      high = 6;
    } else if (gaps >= WARM_UP_GAPS) {
      cadence = Math.exp(logCadence);
      low = 5;
      high = 20;
    } else {
      return Finding.quiet(AnomalyKind.MISSING_DATA);
    }
    double gap = now - lastTimestamp;
    double score = Scores.ramp(gap / cadence, sensitivity.deviations(low), sensitivity.deviations(high));
    return Finding.of(AnomalyKind.MISSING_DATA, score, gap / MINUTE, cadence / MINUTE, "min");
  }

  long lastTimestamp() {
    return lastTimestamp;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeLong(lastTimestamp);
    out.writeDouble(logCadence);
    out.writeLong(gaps);
  }

  void readFrom(DataInput in) throws IOException {
    lastTimestamp = in.readLong();
    logCadence = in.readDouble();
    gaps = in.readLong();
  }
}
