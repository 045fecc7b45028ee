package nl.stroomlijn.ingest.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import nl.stroomlijn.ingest.gateway.validation.ValidationRules;
import nl.stroomlijn.ingest.sink.Pace;
import nl.stroomlijn.ingest.sink.Progress;

/**
 * How to run a simulation.
 *
 * @param seed           the random seed; the same seed, plant and options give the same output, byte for byte
 * @param start          event time of the first records
 * @param duration       simulated time to run, or null to run until {@code maxRecords}
 * @param maxRecords     stop once this many records were delivered (the held-back ones still follow), or 0 for no limit
 * @param reorderWindow  the consumers' reorder window: out-of-order faults stay within it, late ones go beyond
 * @param gapThreshold   the consumers' gap threshold: gap faults last longer
 * @param publishPlant   first deliver the plant's asset definitions and emission factors
 * @param rules          the gateway's validation every record goes through, its time window judged against the
 *                       simulated time of delivery ({@code receivedAt}); default {@link ValidationRules#defaults()}
 */
public record SimulationOptions(long seed, Instant start, Duration duration, long maxRecords, Duration reorderWindow,
                                Duration gapThreshold, boolean publishPlant, Pace pace, Progress progress,
                                ValidationRules rules) {

  public static final Duration DEFAULT_REORDER_WINDOW = Duration.ofMinutes(2);
  public static final Duration DEFAULT_GAP_THRESHOLD = Duration.ofMinutes(5);

  public SimulationOptions {
    Objects.requireNonNull(start, "start");
    // A paced run may be endless: it ends when its thread is interrupted (a demo's Ctrl-C).
    if (duration == null && maxRecords <= 0 && (pace == null || pace.isUnlimited())) {
      throw new IllegalArgumentException("a simulation in load mode needs a duration or a number of records");
    }
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      throw new IllegalArgumentException("duration must be positive, got " + duration);
    }
    reorderWindow = reorderWindow == null ? DEFAULT_REORDER_WINDOW : reorderWindow;
    gapThreshold = gapThreshold == null ? DEFAULT_GAP_THRESHOLD : gapThreshold;
    pace = pace == null ? Pace.unlimited() : pace;
    progress = progress == null ? Progress.none() : progress;
    rules = rules == null ? ValidationRules.defaults() : rules;
  }

  /** Options with the default validation rules. */
  public SimulationOptions(long seed, Instant start, Duration duration, long maxRecords, Duration reorderWindow,
      Duration gapThreshold, boolean publishPlant, Pace pace, Progress progress) {
    this(seed, start, duration, maxRecords, reorderWindow, gapThreshold, publishPlant, pace, progress, null);
  }

  /** These options with other validation rules. */
  public SimulationOptions withRules(ValidationRules rules) {
    return new SimulationOptions(seed, start, duration, maxRecords, reorderWindow, gapThreshold, publishPlant, pace,
        progress, rules);
  }

  /** A simulation of {@code duration} from {@code start}, in load mode, with the default windows. */
  public static SimulationOptions of(long seed, Instant start, Duration duration) {
    return new SimulationOptions(seed, start, duration, 0, null, null, true, null, null);
  }
}
