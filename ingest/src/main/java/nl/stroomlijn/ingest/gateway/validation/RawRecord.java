package nl.stroomlijn.ingest.gateway.validation;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * One record as a payload format delivered it, before validation: field names to values. A value
 * is a {@link String}, a {@link java.math.BigDecimal} (a JSON number), a {@link Boolean}, null, or
 * {@link #NESTED} for a JSON object or array where a plain value belongs.
 *
 * @see RecordValidator
 */
public final class RawRecord {

  /** Stands for an object or array value, which no field of ours accepts. */
  public static final Object NESTED = new Object() {
    @Override
    public String toString() {
      return "an object or array";
    }
  };

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final Set<String> duplicateFields = new LinkedHashSet<>();
  private final boolean textual;

  /**
   * @param textual true when every value is text by nature (CSV cells): numbers are then parsed from
   *                text; in JSON a number in quotes is the wrong type
   */
  public RawRecord(boolean textual) {
    this.textual = textual;
  }

  /** Adds a field; a name given twice is remembered and rejects the record. */
  public RawRecord put(String name, Object value) {
    if (fields.containsKey(name)) {
      duplicateFields.add(name);
    }
    fields.put(name, value);
    return this;
  }

  public boolean has(String name) {
    return fields.get(name) != null;
  }

  public Object get(String name) {
    return fields.get(name);
  }

  public boolean textual() {
    return textual;
  }

  public Set<String> duplicateFields() {
    return Collections.unmodifiableSet(duplicateFields);
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
