package nl.stroomlijn.streams.anomaly.episode;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.streams.anomaly.detect.Finding;

/**
 * The episode state machine of one (scope, kind): opened when a score crosses
 * {@link EpisodeSettings#openAt()}, updated now and then while it lasts, closed when scores have
 * stayed below {@link EpisodeSettings#closeBelow()} for {@link EpisodeSettings#quietPoints()}
 * points and the condition is no longer ongoing. An hour-long fault is one episode.
 */
public final class EpisodeTracker {

  private final EpisodeSettings settings;
  private boolean open;
  private long start;
  private long lastSeen;
  private long lastActive;
  private long points;
  private double score;
  private double peakScore;
  private double reportedPeak;
  private double observed = Double.NaN;
  private double expected = Double.NaN;
  private String unit;
  private int quietRun;
  private int sinceReport;

  public EpisodeTracker(EpisodeSettings settings) {
    this.settings = settings;
  }

  /**
   * Feeds one point's finding; returns what the episode reports now (OPENED, UPDATED or CLOSED),
   * or null when it reports nothing.
   */
  public EpisodeStatus observe(long timestamp, Finding finding) {
    double pointScore = finding.score();
    if (!open) {
      if (pointScore < settings.openAt()) {
        return null;
      }
      open = true;
      start = timestamp;
      lastActive = timestamp;
      points = 0;
      peakScore = -1;
      quietRun = 0;
    }
    points++;
    lastSeen = timestamp;
    score = pointScore;
    if (pointScore > peakScore) {
      peakScore = pointScore;
      observed = finding.observed();
      expected = finding.expected();
      unit = finding.unit();
    }
    if (points == 1) {
      return report(EpisodeStatus.OPENED);
    }
    if (pointScore >= settings.closeBelow() || finding.ongoing()) {
      quietRun = 0;
      lastActive = timestamp;
    } else if (++quietRun >= settings.quietPoints()) {
      open = false;
      return report(EpisodeStatus.CLOSED);
    }
    if (++sinceReport >= settings.updateEvery() || peakScore >= reportedPeak + settings.peakStep()) {
      return report(EpisodeStatus.UPDATED);
    }
    return null;
  }

  private EpisodeStatus report(EpisodeStatus status) {
    sinceReport = 0;
    reportedPeak = peakScore;
    return status;
  }

  public boolean isOpen() {
    return open;
  }

  /** Event time of the episode's first point. */
  public long start() {
    return start;
  }

  /** Event time of its last anomalous point: the end of a closed episode. */
  public long lastActive() {
    return lastActive;
  }

  public long lastSeen() {
    return lastSeen;
  }

  public long points() {
    return points;
  }

  public double score() {
    return score;
  }

  public double peakScore() {
    return peakScore;
  }

  /** Observed value at the most anomalous point so far. */
  public double observed() {
    return observed;
  }

  public double expected() {
    return expected;
  }

  public String unit() {
    return unit;
  }

  public void writeTo(DataOutput out) throws IOException {
    out.writeBoolean(open);
    out.writeLong(start);
    out.writeLong(lastSeen);
    out.writeLong(lastActive);
    out.writeLong(points);
    out.writeDouble(score);
    out.writeDouble(peakScore);
    out.writeDouble(reportedPeak);
    out.writeDouble(observed);
    out.writeDouble(expected);
    out.writeUTF(unit == null ? "" : unit);
    out.writeInt(quietRun);
    out.writeInt(sinceReport);
  }

  public void readFrom(DataInput in) throws IOException {
    open = in.readBoolean();
    start = in.readLong();
    lastSeen = in.readLong();
    lastActive = in.readLong();
    points = in.readLong();
    score = in.readDouble();
    peakScore = in.readDouble();
    reportedPeak = in.readDouble();
    observed = in.readDouble();
    expected = in.readDouble();
    String storedUnit = in.readUTF();
    unit = storedUnit.isEmpty() ? null : storedUnit;
    quietRun = in.readInt();
    sinceReport = in.readInt();
  }
}
