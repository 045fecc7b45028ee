package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.AnomalyKind;

/**
 * Flat line (a stuck sensor): the same value repeated for far longer than this series has ever
 * repeated a value. Series that are often flat (quantised signals, machines off at night) teach it
 * a long normal run; a series flat from its first point never scores, it has shown nothing else.
 */
final class FlatLineDetector {

  /** A run shorter than this many repeats never scores. */
  private static final int MIN_RUN = 10;
  /**
   * The score rises from this multiple of the longest normal run to about 0.97 at twice it;
   * beyond, it fades (the start was the news) while the run stays ongoing.
   */
  private static final double LOW = 3;
  /** Runs must have changed this often before the detector trusts what it learned. */
  private static final int WARM_UP_CHANGES = 20;
  /** How fast the memory of the longest run fades, per ended run. */
  private static final double FORGET = 0.995;

  private final Sensitivity sensitivity;
  private double previous = Double.NaN;
  private long repeats;
  private long runStart;
  private double longestRun;
  private long changes;

  FlatLineDetector(Sensitivity sensitivity) {
    this.sensitivity = sensitivity;
  }

  Finding assess(long timestamp, double value, String unit) {
    return assess(timestamp, value, MIN_RUN, LOW, true, unit);
  }

  /**
   * For a meter whose machine's state tells what it should read: a value that is flat because
   * nothing flows ({@code flatIsNormal}) ends the run and teaches nothing, and any other run is
   * suspect once it is as long as the longest such run seen (a noisy flow never repeats a value).
   * A run that reached the full score teaches nothing either: learned, a stuck counter's two
   * hours made the next stuck spell of the same meter normal (seed 3, station-1); shorter runs are
   * learned, so the longest normal run can still grow. A plain series learns every run, a flat
   * night included, since it has nothing else to tell it what is normal.
   */
  Finding assessFlowing(long timestamp, double value, String unit, boolean flatIsNormal) {
    if (flatIsNormal) {
      previous = Double.NaN;
      repeats = 0;
      runStart = timestamp;
      return Finding.quiet(AnomalyKind.FLAT_LINE);
    }
    return assess(timestamp, value, 1, 1, false, unit);
  }

  private Finding assess(long timestamp, double value, int minRun, double lowMultiple, boolean learnSuspectRuns,
      String unit) {
    if (value == previous) {
      repeats++;
    } else {
      if (!Double.isNaN(previous)) {
        if (learnSuspectRuns || repeats < runOf(minRun, 2 * lowMultiple) || changes < WARM_UP_CHANGES) {
          longestRun = Math.max(longestRun * FORGET, repeats);
        }
        changes++;
      }
      repeats = 0;
      runStart = timestamp;
      previous = value;
    }
    if (changes < WARM_UP_CHANGES) {
      return Finding.quiet(AnomalyKind.FLAT_LINE);
    }
    double low = runOf(minRun, lowMultiple);
    double high = runOf(minRun, 2 * lowMultiple);
    double score = repeats <= high ? Scores.ramp(repeats, low, high) : (high / repeats) * (high / repeats);
    return new Finding(AnomalyKind.FLAT_LINE, score, repeats >= low, value, Double.NaN, unit);
  }

  /** {@code multiple} times the longest normal run (at least {@code minRun}), at the sensitivity. */
  private double runOf(int minRun, double multiple) {
    return sensitivity.deviations(multiple) * Math.max(minRun, longestRun);
  }

  /** Event time of the first point of the current run of equal values. */
  long runStart() {
    return runStart;
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeDouble(previous);
    out.writeLong(repeats);
    out.writeLong(runStart);
    out.writeDouble(longestRun);
    out.writeLong(changes);
  }

  void readFrom(DataInput in) throws IOException {
    previous = in.readDouble();
    repeats = in.readLong();
    runStart = in.readLong();
    longestRun = in.readDouble();
    changes = in.readLong();
  }
}
