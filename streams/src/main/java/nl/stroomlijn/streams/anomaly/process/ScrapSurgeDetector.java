package nl.stroomlijn.streams.anomaly.process;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.streams.anomaly.detect.Finding;
import nl.stroomlijn.streams.anomaly.detect.Scores;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;

/**
 * Scrap-rate surges: the recent scrap rate of a machine (the last few unit counts, decayed) against
 * its long-run rate, as a binomial z-score. A surge must also be at least double the usual rate,
 * so a machine that scraps 0.1% is not alarmed by 0.3% on a small count.
 */
public final class ScrapSurgeDetector {

  private static final double RECENT_ALPHA = 0.3;
  private static final double LONG_ALPHA = 0.02;
  private static final int WARM_UP = 10;

  private final Sensitivity sensitivity;
  private double recentScrap;
  private double recentTotal;
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
    recentScrap = (1 - RECENT_ALPHA) * recentScrap + scrap;
    recentTotal = (1 - RECENT_ALPHA) * recentTotal + total;
    double usual = longTotal > 0 ? Math.max(longScrap / longTotal, 0.001) : 0;
    double recent = recentScrap / recentTotal;
    double score = 0;
    if (counts > WARM_UP && recent > 2 * usual) {
      double z = (recent - usual) / Math.sqrt(usual * (1 - usual) / recentTotal);
      score = Scores.deviation(z, sensitivity.deviations(3), sensitivity.deviations(12));
    }
    if (score == 0) { // a surge does not teach what is usual
      longScrap = (1 - LONG_ALPHA) * longScrap + scrap;
      longTotal = (1 - LONG_ALPHA) * longTotal + total;
    }
    return new Finding(AnomalyKind.SCRAP_SURGE, score, recent > 2 * usual && counts > WARM_UP, 100 * recent, 100 * usual, "%");
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeDouble(recentScrap);
    out.writeDouble(recentTotal);
    out.writeDouble(longScrap);
    out.writeDouble(longTotal);
    out.writeLong(counts);
  }

  void readFrom(DataInput in) throws IOException {
    recentScrap = in.readDouble();
    recentTotal = in.readDouble();
    longScrap = in.readDouble();
    longTotal = in.readDouble();
    counts = in.readLong();
  }
}
