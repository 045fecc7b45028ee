package nl.stroomlijn.ingest.gateway.validation;

/**
 * Why a record was not accepted: a stable machine-readable code (UPPER_SNAKE_CASE, the DeadLetter's
 * {@code reasonCode}) and a message naming the field, the rule and the offending value.
 *
 * @param code  e.g. {@code UNKNOWN_UNIT}
 * @param field the field the rule failed on, or null when the record as a whole is wrong
 * @param rule  the rule, as a phrase: "must be a known unit"
 * @param value the offending value as text, or null when there is none (a missing field)
 */
public record Rejection(String code, String field, String rule, String value) {

  /** Longest offending value quoted in a message; the DLQ keeps the whole payload anyway. */
  private static final int MAX_VALUE_CHARS = 200;

  public Rejection {
    value = value == null || value.length() <= MAX_VALUE_CHARS ? value : value.substring(0, MAX_VALUE_CHARS) + "...";
  }

  /** "field 'unit' must be a known unit, got 'furlong'". */
  public String message() {
    StringBuilder text = new StringBuilder();
    text.append(field == null ? "record" : "field '" + field + "'").append(' ').append(rule);
    if (value != null) {
      text.append(", got '").append(value).append('\'');
    }
    return text.toString();
  }
}
