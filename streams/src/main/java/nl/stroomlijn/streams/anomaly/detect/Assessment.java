package nl.stroomlijn.streams.anomaly.detect;

import java.util.List;

/** Every per-meter detector's finding about one point, one per kind of {@link MeterDetector#KINDS}. */
public record Assessment(long timestamp, double value, List<Finding> findings) {

  /** The point's anomaly score: the strongest finding's score, in [0, 1]. */
  public double score() {
    return strongest().score();
  }

  public Finding strongest() {
    Finding strongest = findings.get(0);
    for (Finding finding : findings) {
      if (finding.score() > strongest.score()) {
        strongest = finding;
      }
    }
    return strongest;
  }
}
