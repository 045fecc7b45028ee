package nl.stroomlijn.streams.anomaly.series;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Timestamps of series files: {@code 2014-01-01 00:00:00} (UTC) or ISO-8601, with or without offset. */
public final class Timestamps {

  private Timestamps() {
  }

  /** Epoch milliseconds of {@code text}; a time without an offset is UTC. */
  public static long parse(String text) {
    String trimmed = unquote(text.trim());
    String iso = trimmed.length() > 10 && trimmed.charAt(10) == ' ' ? trimmed.substring(0, 10) + 'T' + trimmed.substring(11) : trimmed;
    try {
      if (iso.endsWith("Z") || iso.endsWith("z")) {
        return Instant.parse(iso.toUpperCase()).toEpochMilli();
      }
      if (iso.length() > 10 && (iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10)) {
        return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
      }
      if (iso.length() == 10) {
        return LocalDate.parse(iso).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
      }
      return LocalDateTime.parse(iso).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a timestamp: '" + text + "' (expected e.g. 2014-01-01 00:00:00 or ISO-8601)");
    }
  }

  static String unquote(String text) {
    return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
  }
}
