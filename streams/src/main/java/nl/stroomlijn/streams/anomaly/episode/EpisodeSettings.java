package nl.stroomlijn.streams.anomaly.episode;

/**
 * When episodes open, report and close.
 *
 * @param openAt          a score at or above this opens an episode
 * @param closeBelow      the episode ends once scores stay below this (and the condition is not ongoing) ...
 * @param quietPoints     ... for this many points in a row (hysteresis: no flapping on a noisy edge)
 * @param updateEvery     an open episode reports an UPDATED record every this many points ...
 * @param peakStep        ... or when its peak score grew by this much since the last report
 */
public record EpisodeSettings(double openAt, double closeBelow, int quietPoints, int updateEvery, double peakStep) {

  public static final EpisodeSettings DEFAULT = new EpisodeSettings(0.6, 0.3, 5, 60, 0.2);

  public EpisodeSettings {
    if (!(closeBelow > 0 && closeBelow <= openAt && openAt <= 1)) {
      throw new IllegalArgumentException("need 0 < closeBelow <= openAt <= 1, got " + closeBelow + " and " + openAt);
    }
    if (quietPoints < 1 || updateEvery < 1) {
      throw new IllegalArgumentException("quietPoints and updateEvery must be at least 1");
    }
  }
}
