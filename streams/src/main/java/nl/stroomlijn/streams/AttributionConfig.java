package nl.stroomlijn.streams;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import nl.stroomlijn.registry.SchemaRegistry;

/**
 * What the attribution topology depends on.
 *
 * @param reorderWindow     a reading at most this far behind its meter's stream time is put in its place; further is LATE
 * @param gapThreshold      an interval longer than this spans a gap: its slices are flagged estimated
 * @param timelineGrace     an interval ending at {@code b} is sliced once each of its machines' state and
 *                          production streams are known up to {@code b + timelineGrace}: by an event at or after
 *                          it, or by the input of the stream's partition having moved on past it plus the max lag
 * @param timelineMaxLag    how far a machine event may be delivered behind the records before it on its partition of
 *                          the input topics; one further behind is late
 * @param timelineMaxWait   or once it has waited this long (wall clock) for them, when caught up
 * @param idleFlush         after this long (wall clock) without input for a site, its buffered readings are made
 *                          final and its pending intervals sliced on the timelines as known
 * @param timelineRetention how far behind a machine's latest event its history is kept for intervals still to come
 * @param inputCaughtUp     whether the app has read all its input there is now: the wall-clock rules (max wait,
 *                          idle flush) apply only then, so that a backlog or a restart never looks like silence
 */
public record AttributionConfig(SchemaRegistry registry, Duration reorderWindow, Duration gapThreshold,
                                Duration timelineGrace, Duration timelineMaxLag, Duration timelineMaxWait,
                                Duration idleFlush, Duration timelineRetention, AttributionMetrics metrics,
                                BooleanSupplier inputCaughtUp) {

  public static final Duration DEFAULT_REORDER_WINDOW = Duration.ofMinutes(2);
  public static final Duration DEFAULT_GAP_THRESHOLD = Duration.ofMinutes(5);
  public static final Duration DEFAULT_TIMELINE_GRACE = Duration.ofMinutes(1);
  public static final Duration DEFAULT_TIMELINE_MAX_LAG = Duration.ofMinutes(2);
  public static final Duration DEFAULT_TIMELINE_MAX_WAIT = Duration.ofMinutes(2);
  public static final Duration DEFAULT_IDLE_FLUSH = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMELINE_RETENTION = Duration.ofDays(1);

  /** The documented defaults, with metrics in a registry of their own. */
  public static AttributionConfig defaults(SchemaRegistry registry) {
    return new AttributionConfig(registry, DEFAULT_REORDER_WINDOW, DEFAULT_GAP_THRESHOLD, DEFAULT_TIMELINE_GRACE,
        DEFAULT_TIMELINE_MAX_LAG, DEFAULT_TIMELINE_MAX_WAIT, DEFAULT_IDLE_FLUSH, DEFAULT_TIMELINE_RETENTION,
        new AttributionMetrics(new PrometheusRegistry()), () -> true);
  }

  public AttributionConfig withReorderWindow(Duration value) {
    return new AttributionConfig(registry, value, gapThreshold, timelineGrace, timelineMaxLag, timelineMaxWait,
        idleFlush, timelineRetention, metrics, inputCaughtUp);
  }

  public AttributionConfig withTimelineGrace(Duration value) {
    return new AttributionConfig(registry, reorderWindow, gapThreshold, value, timelineMaxLag, timelineMaxWait,
        idleFlush, timelineRetention, metrics, inputCaughtUp);
  }

  public AttributionConfig withTimelineMaxLag(Duration value) {
    return new AttributionConfig(registry, reorderWindow, gapThreshold, timelineGrace, value, timelineMaxWait,
        idleFlush, timelineRetention, metrics, inputCaughtUp);
  }

  public AttributionConfig withTimelineMaxWait(Duration value) {
    return new AttributionConfig(registry, reorderWindow, gapThreshold, timelineGrace, timelineMaxLag, value,
        idleFlush, timelineRetention, metrics, inputCaughtUp);
  }

  public AttributionConfig withIdleFlush(Duration value) {
    return new AttributionConfig(registry, reorderWindow, gapThreshold, timelineGrace, timelineMaxLag, timelineMaxWait,
        value, timelineRetention, metrics, inputCaughtUp);
  }

  public AttributionConfig withMetrics(AttributionMetrics value) {
    return new AttributionConfig(registry, reorderWindow, gapThreshold, timelineGrace, timelineMaxLag, timelineMaxWait,
        idleFlush, timelineRetention, value, inputCaughtUp);
  }

}
