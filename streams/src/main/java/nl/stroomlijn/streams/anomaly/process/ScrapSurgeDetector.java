package nl.stroomlijn.streams.anomaly.process;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.streams.anomaly.detect.Finding;
import nl.stroomlijn.streams.anomaly.detect.Scores;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;

/**
 * Scrap-rate surges: a Bernoulli CUSUM over the units counted, pooled over counts and orders, so
 * that a machine counting one unit a minute shows a surge as surely as one counting ten a second.
 * Each unit adds the log-likelihood ratio of "scrap at {@link #SURGE} times the usual rate" against
 * "the usual rate"; the sum, floored at zero, scores as it nears the decision threshold. The usual
 * rate is a long-run average of the counts that did not score (a surge does not teach it).
 */
public final class ScrapSurgeDetector {

  /** The surge the sum is tuned to detect: scrap at this multiple of the usual rate. */
  private static final double SURGE = 4;
  /** Decision threshold (log-likelihood) at sensitivity 1: the score reaches 1 here. */
  private static final double THRESHOLD = 6;
  private static final double LONG_ALPHA = 0.02;
  private static final double MIN_RATE = 0.001;
  private static final int WARM_UP = 10;

  private final Sensitivity sensitivity;
  private double sum;
  private double longScrap;
  private double longTotal;
  private long counts;

  public ScrapSurgeDetector(Sensitivity sensitivity) {
    this.sensitivity = sensitivity;
  }

  public Finding assess(long good, long scrap) {
    long total = good + scrap;
    if (total <= 0) {
      return Finding.quiet(AnomalyKind.SCRAP_SURGE);
    }
    counts++;
    double usual = longTotal > 0 ? Math.max(longScrap / longTotal, MIN_RATE) : 0;
    double score = 0;
    if (counts > WARM_UP && usual > 0) {
      double surge = Math.min(0.95, SURGE * usual);
      sum = Math.max(0, sum + scrap * Math.log(surge / usual) + good * Math.log((1 - surge) / (1 - usual)));
      double threshold = sensitivity.deviations(THRESHOLD);
      score = Scores.ramp(sum, 0.5 * threshold, threshold);
    }
    if (score == 0) { // a surge does not teach what is usual
      longScrap = (1 - LONG_ALPHA) * longScrap + scrap;
      longTotal = (1 - LONG_ALPHA) * longTotal + total;
    }
    return new Finding(AnomalyKind.SCRAP_SURGE, score, score > 0, 100.0 * scrap / total, 100 * usual, "%");
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeDouble(sum);
    out.writeDouble(longScrap);
    out.writeDouble(longTotal);
    out.writeLong(counts);
  }

  void readFrom(DataInput in) throws IOException {
    sum = in.readDouble();
    longScrap = in.readDouble();
    longTotal = in.readDouble();
    counts = in.readLong();
  }
}
