package nl.stroomlijn.streams;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import nl.stroomlijn.registry.SchemaRegistry;

/**
 * What the attribution topology depends on.
 *
 * @param reorderWindow     a reading at most this far behind its meter's stream time is put in its place; further is LATE
 * @param gapThreshold      an interval longer than this spans a gap: its slices are flagged estimated
 * @param timelineGrace     an interval ending at {@code b} is sliced once each of its machines has a state or
 *                          production event at or after {@code b + timelineGrace}
 * @param idleFlush         after this long (wall clock) without input for a site, its buffered readings are made
 *                          final and its pending intervals sliced on the timelines as known
 * @param timelineRetention how far behind a machine's latest event its history is kept for intervals still to come
 */
public record AttributionConfig(SchemaRegistry registry, Duration reorderWindow, Duration gapThreshold,
                                Duration timelineGrace, Duration idleFlush, Duration timelineRetention,
                                AttributionMetrics metrics) {

  public static final Duration DEFAULT_REORDER_WINDOW = Duration.ofMinutes(2);
  public static final Duration DEFAULT_GAP_THRESHOLD = Duration.ofMinutes(5);
  public static final Duration DEFAULT_TIMELINE_GRACE = Duration.ofMinutes(1);
  public static final Duration DEFAULT_IDLE_FLUSH = Duration.ofSeconds(30);
  public static final Duration DEFAULT_TIMELINE_RETENTION = Duration.ofDays(1);

  /** The documented defaults, with metrics in a registry of their own. */
  public static AttributionConfig defaults(SchemaRegistry registry) {
    return new AttributionConfig(registry, DEFAULT_REORDER_WINDOW, DEFAULT_GAP_THRESHOLD, DEFAULT_TIMELINE_GRACE,
        DEFAULT_IDLE_FLUSH, DEFAULT_TIMELINE_RETENTION, new AttributionMetrics(new PrometheusRegistry()));
  }

  public AttributionConfig withReorderWindow(Duration value) {
    return new AttributionConfig(registry, value, gapThreshold, timelineGrace, idleFlush, timelineRetention, metrics);
  }

  public AttributionConfig withGapThreshold(Duration value) {
    return new AttributionConfig(registry, reorderWindow, value, timelineGrace, idleFlush, timelineRetention, metrics);
  }

  public AttributionConfig withTimelineGrace(Duration value) {
    return new AttributionConfig(registry, reorderWindow, gapThreshold, value, idleFlush, timelineRetention, metrics);
  }

  public AttributionConfig withIdleFlush(Duration value) {
    return new AttributionConfig(registry, reorderWindow, gapThreshold, timelineGrace, value, timelineRetention, metrics);
  }

  public AttributionConfig withTimelineRetention(Duration value) {
    return new AttributionConfig(registry, reorderWindow, gapThreshold, timelineGrace, idleFlush, value, metrics);
  }

  public AttributionConfig withMetrics(AttributionMetrics value) {
    return new AttributionConfig(registry, reorderWindow, gapThreshold, timelineGrace, idleFlush, timelineRetention, value);
  }
}
