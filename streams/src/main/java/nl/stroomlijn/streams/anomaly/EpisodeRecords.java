package nl.stroomlijn.streams.anomaly;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.ScopeType;
import nl.stroomlijn.streams.anomaly.episode.EpisodeTracker;

/** Builds the published episode records and their one-line explanations: one place for both. */
final class EpisodeRecords {

  static final String DETECTOR = "stroomlijn-anomalies/1";

  private EpisodeRecords() {
  }

  /** What an episode is about. */
  record Scope(ScopeType type, String id, String name, String siteId, String machineId, String meterId,
      String orderId, String productId) {
  }

  static AnomalyEpisode of(Scope scope, AnomalyKind kind, EpisodeStatus status, EpisodeTracker episode, String explanation) {
    return AnomalyEpisode.newBuilder()
        .setEpisodeId(scope.id() + "/" + kind + "/" + episode.start())
        .setStatus(status)
        .setKind(kind)
        .setScopeType(scope.type())
        .setScopeId(scope.id())
        .setSiteId(scope.siteId())
        .setMachineId(scope.machineId())
        .setMeterId(scope.meterId())
        .setOrderId(scope.orderId())
        .setProductId(scope.productId())
        .setStart(Instant.ofEpochMilli(episode.start()))
        .setEnd(status == EpisodeStatus.CLOSED ? Instant.ofEpochMilli(episode.lastActive()) : null)
        .setLastSeen(Instant.ofEpochMilli(episode.lastSeen()))
        .setObserved(finite(episode.observed()))
        .setExpected(finite(episode.expected()))
        .setUnit(episode.unit())
        .setScore(episode.score())
        .setPeakScore(episode.peakScore())
        .setPoints(episode.points())
        .setDetector(DETECTOR)
        .setExplanation(explanation)
        .build();
  }

  /** One line a plant engineer understands, e.g. "press-4 drew 12.3 kW while IDLE for 47 min (threshold 2.0 kW)". */
  static String explain(String name, AnomalyKind kind, EpisodeTracker episode, String detail) {
    return explain(name, kind, episode, detail, episode.start());
  }

  /** As {@link #explain(String, AnomalyKind, EpisodeTracker, String)}, the condition having lasted since {@code since}. */
  static String explain(String name, AnomalyKind kind, EpisodeTracker episode, String detail, long since) {
    double observed = episode.observed();
    double expected = episode.expected();
    String unit = episode.unit() == null ? "" : " " + episode.unit();
    String lasting = minutes(episode.lastSeen() - since);
    return switch (kind) {
      case SPIKE -> String.format(Locale.ROOT, "%s read %s%s where about %s%s was expected (spike, %s)", name, number(observed), unit, number(expected), unit, lasting);
      case DIP -> String.format(Locale.ROOT, "%s read %s%s where about %s%s was expected (dip, %s)", name, number(observed), unit, number(expected), unit, lasting);
      case LEVEL_SHIFT -> String.format(Locale.ROOT, "%s moved to about %s%s from its usual %s%s (level shift, %s)", name, number(observed), unit, number(expected), unit, lasting);
      case DRIFT -> String.format(Locale.ROOT, "%s drifted to about %s%s from its long-run %s%s (%s)", name, number(observed), unit, number(expected), unit, lasting);
      case FLAT_LINE -> String.format(Locale.ROOT, "%s stuck at %s%s for %s (sensor or transmitter frozen?)", name, number(observed), unit, lasting);
      case MISSING_DATA -> String.format(Locale.ROOT, "%s sent no reading for %s min (expected one every %s min)", name, number(observed), number(expected));
      case COUNTER_RESET -> String.format(Locale.ROOT, "%s counter dropped from %s%s to %s%s: a reset, not a rollover", name, number(expected), unit, number(observed), unit);
      case IMPOSSIBLE_VALUE -> String.format(Locale.ROOT, "%s reported an impossible value %s%s%s", name, number(observed), unit,
          Double.isNaN(expected) ? "" : " (limit " + number(expected) + unit + ")");
      case IDLE_WASTE -> String.format(Locale.ROOT, "%s drew %s kW while %s for %s (threshold %s kW)", name, number(observed), detail, lasting, number(expected));
      case SCRAP_SURGE -> String.format(Locale.ROOT, "%s scrapped %s%% of its units recently, usually %s%% (%s)", name, number(observed), number(expected), lasting);
      case ENERGY_PER_UNIT -> String.format(Locale.ROOT, "%s used %s kWh per good unit of %s, usually %s kWh", name, number(observed), detail, number(expected));
      default -> name + " " + kind;
    };
  }

  private static String minutes(long millis) {
    long minutes = Duration.ofMillis(Math.max(0, millis)).toMinutes();
    return minutes + " min";
  }

  private static String number(double value) {
    if (Double.isNaN(value)) {
      return "?";
    }
    double magnitude = Math.abs(value);
    return String.format(Locale.ROOT, magnitude >= 100 || magnitude == 0 ? "%.0f" : magnitude >= 1 ? "%.1f" : "%.3g", value);
  }

  private static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
