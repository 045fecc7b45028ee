package nl.stroomlijn.service;

import java.util.Optional;

/**
 * A typed setting read from a {@link ServiceConfig}. A wrong value has already been recorded
 * as a problem; a missing one is recorded only when the setting is {@link #required()}.
 */
public final class Setting<T> {

  private final T value;
  private final Runnable reportMissing;

  Setting(T value, Runnable reportMissing) {
    this.value = value;
    this.reportMissing = reportMissing;
  }

  /** The value, or {@code fallback} when it is missing or wrong. */
  public T orElse(T fallback) {
    return value != null ? value : fallback;
  }

  /** The value; when it is missing that is recorded as a problem and {@code null} returned. */
  public T required() {
    if (value == null) {
      reportMissing.run();
    }
    return value;
  }

  public Optional<T> optional() {
    return Optional.ofNullable(value);
  }
}
