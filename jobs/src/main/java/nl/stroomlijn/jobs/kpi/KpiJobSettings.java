package nl.stroomlijn.jobs.kpi;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import nl.stroomlijn.service.ServiceConfig;

/**
 * How the KPI job computes: event-time tolerances, window closing, provisional updates, the
 * baseline, and the time range of a backfill. Read from the service configuration (file keys
 * below, or {@code STROOMLIJN_KPI_...} variables) and validated at start-up.
 *
 * @param maxOutOfOrderness   how far behind the newest record a record may arrive and still be in order
 * @param idleTimeout         a source partition without records for this long stops holding the watermark back
 * @param allowedLateness     how long after its end a window still takes records; then it is final
 * @param provisionalInterval how often open windows that changed emit provisional values; zero: finals only
 * @param baselineHistory     how far back a baseline's observations reach
 * @param baselineMinHours    fewest past hours a baseline is fitted on
 * @param anomalyRatio        actual / expected energy above which an hour opens an anomaly episode
 * @param backfill            the event-time range of a bounded run over history; empty for the streaming job
 */
public record KpiJobSettings(
    Duration maxOutOfOrderness,
    Duration idleTimeout,
    Duration allowedLateness,
    Duration provisionalInterval,
    Duration baselineHistory,
    int baselineMinHours,
    double anomalyRatio,
    Optional<TimeRange> backfill) implements Serializable {

  /** A half-open event-time range [from, to). */
  public record TimeRange(Instant from, Instant to) implements Serializable {
    public TimeRange {
      if (!from.isBefore(to)) {
        throw new IllegalArgumentException("backfill range is empty: from " + from + " is not before to " + to);
      }
    }

    public boolean contains(long time) {
      return time >= from.toEpochMilli() && time < to.toEpochMilli();
    }
  }

  public KpiJobSettings {
    Objects.requireNonNull(backfill, "backfill");
    requirePositive(maxOutOfOrderness, "kpi.max-out-of-orderness", true);
    requirePositive(idleTimeout, "kpi.idle-timeout", false);
    requirePositive(allowedLateness, "kpi.allowed-lateness", true);
    requirePositive(provisionalInterval, "kpi.provisional-interval", true);
    requirePositive(baselineHistory, "kpi.baseline.history", false);
    if (baselineMinHours < 2) {
      throw new IllegalArgumentException("kpi.baseline.min-hours must be at least 2, got " + baselineMinHours);
    }
    if (!(anomalyRatio > 1)) {
      throw new IllegalArgumentException("kpi.anomaly.ratio must be above 1, got " + anomalyRatio);
    }
  }

  /** The defaults: 1 min out of order, 30 s idleness, 5 min lateness, provisional every 10 s, 28-day baselines. */
  public static KpiJobSettings defaults() {
    return new KpiJobSettings(Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofMinutes(5),
        Duration.ofSeconds(10), Duration.ofDays(28), 8, 1.25, Optional.empty());
  }

  public KpiJobSettings withProvisionalInterval(Duration interval) {
    return new KpiJobSettings(maxOutOfOrderness, idleTimeout, allowedLateness, interval, baselineHistory,
        baselineMinHours, anomalyRatio, backfill);
  }

  /** A bounded run over a range of history: finals only, as the streaming run would have emitted them. */
  public KpiJobSettings withBackfill(TimeRange range) {
    return new KpiJobSettings(maxOutOfOrderness, idleTimeout, allowedLateness, Duration.ZERO, baselineHistory,
        baselineMinHours, anomalyRatio, Optional.of(range));
  }

  public KpiJobSettings withAllowedLateness(Duration lateness) {
    return new KpiJobSettings(maxOutOfOrderness, idleTimeout, lateness, provisionalInterval, baselineHistory,
        baselineMinHours, anomalyRatio, backfill);
  }

  public KpiJobSettings withBaseline(Duration history, int minHours, double ratio) {
    return new KpiJobSettings(maxOutOfOrderness, idleTimeout, allowedLateness, provisionalInterval, history,
        minHours, ratio, backfill);
  }

  /**
   * Reads the settings; wrong values are recorded on {@code config} (see
   * {@link ServiceConfig#requireValid()}), and missing ones take the defaults.
   */
  public static KpiJobSettings from(ServiceConfig config) {
    KpiJobSettings d = defaults();
    Duration ooo = config.duration("kpi.max-out-of-orderness").orElse(d.maxOutOfOrderness);
    Duration idle = config.duration("kpi.idle-timeout").orElse(d.idleTimeout);
    Duration lateness = config.duration("kpi.allowed-lateness").orElse(d.allowedLateness);
    Duration provisional = config.duration("kpi.provisional-interval").orElse(d.provisionalInterval);
    Duration history = config.duration("kpi.baseline.history").orElse(d.baselineHistory);
    int minHours = config.integer("kpi.baseline.min-hours", 2, 100_000).orElse(d.baselineMinHours);
    int ratioPercent = config.integer("kpi.anomaly.ratio-percent", 101, 100_000)
        .orElse((int) Math.round(d.anomalyRatio * 100));
    Optional<String> from = config.string("kpi.backfill.from").optional();
    Optional<String> to = config.string("kpi.backfill.to").optional();
    config.requireValid();
    if (from.isPresent() != to.isPresent()) {
      throw new IllegalArgumentException("kpi.backfill.from and kpi.backfill.to go together: give both or neither");
    }
    KpiJobSettings settings = new KpiJobSettings(ooo, idle, lateness, provisional, history, minHours,
        ratioPercent / 100.0, Optional.empty());
    return from.isEmpty() ? settings
        : settings.withBackfill(new TimeRange(instant("kpi.backfill.from", from.get()), instant("kpi.backfill.to", to.get())));
  }

  public boolean isBackfill() {
    return backfill.isPresent();
  }

  private static Instant instant(String key, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(key + " must be an ISO-8601 instant such as 2025-01-01T00:00:00Z, got '" + text + "'");
    }
  }

  private static void requirePositive(Duration value, String key, boolean zeroAllowed) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || (!zeroAllowed && value.isZero())) {
      throw new IllegalArgumentException(key + " must be " + (zeroAllowed ? "zero or more" : "above zero") + ", got " + value);
    }
  }
}
