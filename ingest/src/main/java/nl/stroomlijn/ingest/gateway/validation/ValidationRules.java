package nl.stroomlijn.ingest.gateway.validation;

import java.time.Duration;

/**
 * The configurable part of the validation.
 *
 * @param maxAge        oldest event time accepted, before now; null accepts any past time (replays of history)
 * @param maxAhead      latest event time accepted, after now (clock skew of the sources); null accepts any
 * @param unknownAssets what happens to a record of a meter, machine or product the asset table does not know
 */
public record ValidationRules(Duration maxAge, Duration maxAhead, UnknownAssets unknownAssets) {

  /** REJECT: a rejection like any other; PARK: kept in the DLQ under {@code *_PARKED} for a later replay, and the sender is told not to resend. */
  public enum UnknownAssets { REJECT, PARK }

  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
  public static final Duration DEFAULT_MAX_AHEAD = Duration.ofMinutes(5);

  public static ValidationRules defaults() {
    return new ValidationRules(DEFAULT_MAX_AGE, DEFAULT_MAX_AHEAD, UnknownAssets.REJECT);
  }
}
