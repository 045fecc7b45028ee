package nl.stroomlijn.ingest.gateway.validation;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import nl.stroomlijn.ingest.gateway.validation.ValidationRules.UnknownAssets;
import nl.stroomlijn.ingest.units.Units;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.MeterSpec;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks and normalises one record of any path into its Avro form: required fields, field types,
 * known assets, known units converted to the canonical unit of the meter's medium, finite numbers in
 * sane ranges, event times within a window around now. Stateless and thread-safe; the asset catalog
 * is read as it is at the moment of the check.
 *
 * <p>Fields. Readings: {@code sensorId, timestamp, value} and optionally {@code unit} (default the
 * meter's declared unit) and {@code quality} (GOOD, UNCERTAIN, BAD; default GOOD). Machine states:
 * {@code machineId, timestamp, state} and optionally {@code reason}. Production events:
 * {@code machineId, timestamp, type, orderId, productId} and optionally {@code goodUnits, scrapUnits}.
 * A timestamp is epoch milliseconds or an ISO-8601 instant with offset. Other fields are ignored.
 *
 * <p>Sources that build the Avro records themselves (the simulator) are checked by
 * {@link #validate(SpecificRecord, long)}: the same rules on the typed fields, nothing to parse or convert.
 */
public final class RecordValidator {

  /** Largest magnitude of a canonical value: a petawatt-hour register is a broken sensor, not a plant. */
  public static final double MAX_MAGNITUDE = 1e12;
  /** Most units one production event may count. */
  public static final long MAX_UNITS = 1_000_000_000L;
  /** Longest id or text field. */
  public static final int MAX_TEXT = 256;

  private final AssetCatalog assets;
  private final ValidationRules rules;
  /** The time window in millis; Long.MAX_VALUE where the rules set no bound. */
  private final long maxAgeMillis;
  private final long maxAheadMillis;

  public RecordValidator(AssetCatalog assets, ValidationRules rules) {
    this.assets = assets;
    this.rules = rules;
    this.maxAgeMillis = rules.maxAge() == null ? Long.MAX_VALUE : rules.maxAge().toMillis();
    this.maxAheadMillis = rules.maxAhead() == null ? Long.MAX_VALUE : rules.maxAhead().toMillis();
  }

  /**
   * Validates one record.
   *
   * @param source the path it came in by ({@code http}, {@code mqtt}, {@code opcua}, {@code replay})
   * @param now    the time of receipt, UTC epoch millis: {@code receivedAt}, and the centre of the time window
   */
  public Validation validate(RecordKind kind, RawRecord raw, String source, long now) {
    Check check = new Check(raw);
    try {
      if (!raw.duplicateFields().isEmpty()) {
        String field = raw.duplicateFields().iterator().next();
        throw new Rejected(new Rejection("DUPLICATE_FIELD", field, "must be given once", null));
      }
      return switch (kind) {
        case READING -> reading(check, source, now);
        case MACHINE_STATE -> machineState(check, source, now);
        case PRODUCTION_EVENT -> productionEvent(check, source, now);
      };
    } catch (Rejected e) {
      return new Validation.Invalid(e.rejection, check.key, check.eventTime, e.parked);
    }
  }

  private Validation reading(Check check, String source, long now) {
    String sensorId = check.key = check.text("sensorId");
    long t = check.timestamp(now);
    MeterSpec meter = meter(sensorId);
    Quality quality = check.optionalEnum("quality", Quality.class).orElse(Quality.GOOD);
    String unitName = check.optionalText("unit").orElse(meter.getUnit());
    BigDecimal raw = check.number("value");
    BigDecimal device = raw.multiply(BigDecimal.valueOf(meter.getScale()));
    String canonicalUnit;
    BigDecimal canonical;
    if (meter.getMedium() == Medium.PROCESS_VALUE) {
      // A process value (temperature, pressure ...) keeps the unit its meter declares: nothing to convert.
      checkUnit(sensorId, meter, unitName);
      canonicalUnit = unitName;
      canonical = device;
    } else {
      Units.Unit unit = checkUnit(sensorId, meter, unitName);
      canonicalUnit = unit.canonical();
      canonical = unit.toCanonical(device);
    }
    double value = canonical.doubleValue();
    checkValue(meter, value, canonicalUnit, raw);
    boolean converted = !canonicalUnit.equals(unitName) || meter.getScale() != 1.0;
    SensorReading reading = new SensorReading(sensorId, Instant.ofEpochMilli(t), value, canonicalUnit, quality, source,
        Instant.ofEpochMilli(now), converted ? raw.doubleValue() : null, converted ? unitName : null);
    return new Validation.Valid(RecordKind.READING, sensorId, reading, t);
  }

  private Validation machineState(Check check, String source, long now) {
    String machineId = check.key = check.text("machineId");
    long t = check.timestamp(now);
    OperatingState state = check.enumValue("state", OperatingState.class);
    String reason = check.optionalText("reason").orElse(null);
    asset(machineId, "machineId", AssetKind.MACHINE, "UNKNOWN_MACHINE");
    return new Validation.Valid(RecordKind.MACHINE_STATE, machineId,
        new MachineState(machineId, Instant.ofEpochMilli(t), state, reason, source), t);
  }

  private Validation productionEvent(Check check, String source, long now) {
    String machineId = check.key = check.text("machineId");
    long t = check.timestamp(now);
    ProductionEventType type = check.enumValue("type", ProductionEventType.class);
    String orderId = check.text("orderId");
    String productId = check.text("productId");
    long good = check.count("goodUnits");
    long scrap = check.count("scrapUnits");
    checkProduction(type, good, scrap, machineId, productId);
    return new Validation.Valid(RecordKind.PRODUCTION_EVENT, machineId,
        new ProductionEvent(machineId, Instant.ofEpochMilli(t), type, orderId, productId, good, scrap, source), t);
  }

  /**
   * Validates a record a source built as Avro itself, by the same rules: required fields, known
   * assets, event time within the window around {@code now} (its receipt), finite values in range.
   * Its value must already be in the canonical unit of its meter; a valid record is passed on as it is.
   * A record of another type (asset definitions, emission factors) is not a raw record and is refused.
   */
  public Validation validate(SpecificRecord record, long now) {
    Typed check = new Typed();
    try {
      if (record instanceof SensorReading reading) {
        return typedReading(check, reading, now);
      }
      if (record instanceof MachineState state) {
        return typedMachineState(check, state, now);
      }
      if (record instanceof ProductionEvent event) {
        return typedProductionEvent(check, event, now);
      }
      throw new IllegalArgumentException("not a raw record: " + record.getClass().getSimpleName());
    } catch (Rejected e) {
      return new Validation.Invalid(e.rejection, check.key, check.eventTime, e.parked);
    }
  }

  private Validation typedReading(Typed check, SensorReading reading, long now) {
    String sensorId = check.key = required("sensorId", reading.getSensorId());
    long t = check.time(reading.getTimestamp(), now);
    MeterSpec meter = meter(sensorId);
    String unitName = required("unit", reading.getUnit());
    Units.Unit unit = checkUnit(sensorId, meter, unitName);
    if (unit != null && !unit.canonical().equals(unitName)) {
      throw new Rejected(new Rejection("UNIT_MISMATCH", "unit", "must be the canonical unit '" + unit.canonical()
          + "' in a record built as Avro", unitName));
    }
    if (reading.getQuality() == null) {
      throw missing("quality");
    }
    checkValue(meter, reading.getValue(), unitName, reading.getValue());
    return new Validation.Valid(RecordKind.READING, sensorId, reading, t);
  }

  private Validation typedMachineState(Typed check, MachineState state, long now) {
    String machineId = check.key = required("machineId", state.getMachineId());
    long t = check.time(state.getTimestamp(), now);
    if (state.getState() == null) {
      throw missing("state");
    }
    optional("reason", state.getReason());
    asset(machineId, "machineId", AssetKind.MACHINE, "UNKNOWN_MACHINE");
    return new Validation.Valid(RecordKind.MACHINE_STATE, machineId, state, t);
  }

  private Validation typedProductionEvent(Typed check, ProductionEvent event, long now) {
    String machineId = check.key = required("machineId", event.getMachineId());
    long t = check.time(event.getTimestamp(), now);
    if (event.getType() == null) {
      throw missing("type");
    }
    required("orderId", event.getOrderId());
    String productId = required("productId", event.getProductId());
    checkCount("goodUnits", BigDecimal.valueOf(event.getGoodUnits()));
    checkCount("scrapUnits", BigDecimal.valueOf(event.getScrapUnits()));
    checkProduction(event.getType(), event.getGoodUnits(), event.getScrapUnits(), machineId, productId);
    return new Validation.Valid(RecordKind.PRODUCTION_EVENT, machineId, event, t);
  }

  /** The key and event time of a typed record, for its dead letter. */
  private final class Typed {
    String key;
    Long eventTime;

    long time(Instant timestamp, long now) {
      if (timestamp == null) {
        throw missing("timestamp");
      }
      eventTime = timestamp.toEpochMilli();
      checkWindow(eventTime, now);
      return eventTime;
    }
  }

  // The rules both forms share.

  private static String required(String field, String text) {
    if (text == null || text.isBlank()) {
      throw missing(field);
    }
    return checkLength(field, text);
  }

  private static Optional<String> optional(String field, String text) {
    return text == null || text.isBlank() ? Optional.empty() : Optional.of(required(field, text));
  }

  private static String checkLength(String field, String text) {
    if (text.length() > MAX_TEXT) {
      throw new Rejected(new Rejection("OUT_OF_RANGE", field, "must be at most " + MAX_TEXT + " characters", text));
    }
    return text;
  }

  private void checkWindow(long t, long now) {
    String field = "timestamp";
    if (maxAgeMillis != Long.MAX_VALUE && t < now - maxAgeMillis) {
      throw new Rejected(new Rejection("TIMESTAMP_TOO_OLD", field, "must be at most " + rules.maxAge()
          + " before receipt (" + Instant.ofEpochMilli(now) + ")", Instant.ofEpochMilli(t).toString()));
    }
    if (maxAheadMillis != Long.MAX_VALUE && t > now + maxAheadMillis) {
      throw new Rejected(new Rejection("TIMESTAMP_IN_FUTURE", field, "must be at most " + rules.maxAhead()
          + " after receipt (" + Instant.ofEpochMilli(now) + ")", Instant.ofEpochMilli(t).toString()));
    }
  }

  private MeterSpec meter(String sensorId) {
    MeterSpec meter = asset(sensorId, "sensorId", AssetKind.METER, "UNKNOWN_METER").getMeter();
    if (meter == null) {
      throw new Rejected(new Rejection("UNKNOWN_METER", "sensorId", "must name a meter with a meter definition", sensorId));
    }
    return meter;
  }

  /** The unit, if it is one the meter may report in; null for a process value, which keeps its declared unit. */
  private static Units.Unit checkUnit(String sensorId, MeterSpec meter, String unitName) {
    if (meter.getMedium() == Medium.PROCESS_VALUE) {
      if (!unitName.equals(meter.getUnit())) {
        throw new Rejected(new Rejection("UNIT_MISMATCH", "unit", "must be '" + meter.getUnit()
            + "', the unit meter " + sensorId + " declares", unitName));
      }
      return null;
    }
    Units.Unit unit = Units.find(unitName).orElse(null);
    if (unit == null) {
      throw new Rejected(new Rejection("UNKNOWN_UNIT", "unit", "must be a known unit", unitName));
    }
    Optional<String> misfit = Units.misfit(unit, meter.getMedium(), meter.getMeasurement());
    if (misfit.isPresent()) {
      throw new Rejected(new Rejection("UNIT_MISMATCH", "unit", "must fit meter " + sensorId + ": " + misfit.get(),
          unitName));
    }
    return unit;
  }

  /**
   * A canonical value: finite, sane in magnitude, not negative where it counts an amount.
   *
   * @param shown the value as received, made text only for a rejection (this runs for every reading)
   */
  private static void checkValue(MeterSpec meter, double value, String canonicalUnit, Object shown) {
    if (!Double.isFinite(value) || Math.abs(value) > MAX_MAGNITUDE) {
      throw new Rejected(new Rejection("OUT_OF_RANGE", "value", "must be at most " + MAX_MAGNITUDE + " " + canonicalUnit
          + " in magnitude", shown.toString()));
    }
    boolean amount = meter.getMeasurement() == MeasurementKind.CUMULATIVE_COUNTER
        || meter.getMeasurement() == MeasurementKind.INTERVAL_TOTAL;
    if (amount && value < 0) {
      throw new Rejected(new Rejection("OUT_OF_RANGE", "value", "must not be negative for a "
          + meter.getMeasurement() + " meter", shown.toString()));
    }
  }

  private static void checkCount(String field, BigDecimal number) {
    if (number.signum() < 0 || number.compareTo(BigDecimal.valueOf(MAX_UNITS)) > 0) {
      throw new Rejected(new Rejection("OUT_OF_RANGE", field, "must be from 0 to " + MAX_UNITS, number.toString()));
    }
  }

  private void checkProduction(ProductionEventType type, long good, long scrap, String machineId, String productId) {
    if (type != ProductionEventType.UNITS_PRODUCED && good + scrap > 0) {
      throw new Rejected(new Rejection("OUT_OF_RANGE", good > 0 ? "goodUnits" : "scrapUnits",
          "must be 0 unless type is UNITS_PRODUCED", Long.toString(good > 0 ? good : scrap)));
    }
    asset(machineId, "machineId", AssetKind.MACHINE, "UNKNOWN_MACHINE");
    asset(productId, "productId", AssetKind.PRODUCT, "UNKNOWN_PRODUCT");
  }

  /** The asset of that id and kind; an unknown one is rejected or parked by the rules. */
  private AssetDefinition asset(String id, String field, AssetKind kind, String code) {
    Optional<AssetDefinition> asset = assets.find(id, kind);
    if (asset.isPresent()) {
      return asset.get();
    }
    boolean park = rules.unknownAssets() == UnknownAssets.PARK;
    throw new Rejected(new Rejection(park ? code + "_PARKED" : code, field,
        "must name a " + kind.name().toLowerCase(Locale.ROOT) + " of the asset table", id), park);
  }

  private static Rejected missing(String field) {
    return new Rejected(new Rejection("MISSING_FIELD", field, "is required", null));
  }

  /** The typed reading of the fields of one record; remembers the key and event time for a dead letter. */
  private final class Check {
    private final RawRecord raw;
    String key;
    Long eventTime;

    Check(RawRecord raw) {
      this.raw = raw;
    }

    String text(String field) {
      return optionalText(field).orElseThrow(() -> missing(field));
    }

    Optional<String> optionalText(String field) {
      Object value = raw.get(field);
      if (value == null || value instanceof String s && s.isBlank()) {
        return Optional.empty();
      }
      if (!(value instanceof String text)) {
        throw wrongType(field, "must be text", value);
      }
      return optional(field, text).map(String::trim);
    }

    BigDecimal number(String field) {
      Object value = raw.get(field);
      if (value == null || value instanceof String s && s.isBlank()) {
        throw missing(field);
      }
      if (value instanceof Double d) {
        // Only a non-finite number arrives as a double (JSON's NaN and Infinity tokens); finite ones are exact decimals.
        throw new Rejected(new Rejection("NOT_FINITE", field, "must be a finite number", d.toString()));
      }
      if (value instanceof BigDecimal decimal) {
        return decimal;
      }
      if (value instanceof String text && raw.textual()) {
        String trimmed = text.trim();
        if (trimmed.matches("[+-]?(?i)(nan|inf|infinity)")) {
          throw new Rejected(new Rejection("NOT_FINITE", field, "must be a finite number", trimmed));
        }
        try {
          return new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
          throw new Rejected(new Rejection("BAD_NUMBER", field, "must be a number", trimmed));
        }
      }
      throw wrongType(field, "must be a number", value);
    }

    long count(String field) {
      if (!raw.has(field) || raw.get(field) instanceof String s && s.isBlank()) {
        return 0;
      }
      BigDecimal number = number(field);
      checkCount(field, number);
      try {
        return number.longValueExact();
      } catch (ArithmeticException e) {
        throw new Rejected(new Rejection("BAD_NUMBER", field, "must be a whole number", number.toString()));
      }
    }

    long timestamp(long now) {
      String field = "timestamp";
      Object value = raw.get(field);
      if (value == null || value instanceof String s && s.isBlank()) {
        throw missing(field);
      }
      long t;
      if (value instanceof BigDecimal || value instanceof String text && raw.textual() && text.trim().matches("-?\\d+")) {
        t = epochMillis(field, value instanceof BigDecimal d ? d : new BigDecimal(((String) value).trim()));
      } else if (value instanceof String text) {
        try {
          t = OffsetDateTime.parse(text.trim()).toInstant().toEpochMilli();
        } catch (DateTimeException | ArithmeticException e) {
          throw new Rejected(new Rejection("BAD_TIME", field,
              "must be epoch milliseconds or an ISO-8601 time with offset (2026-01-05T10:15:00Z)", text));
        }
      } else {
        throw wrongType(field, "must be epoch milliseconds or an ISO-8601 time", value);
      }
      eventTime = t;
      checkWindow(t, now);
      return t;
    }

    private long epochMillis(String field, BigDecimal millis) {
      try {
        return millis.longValueExact();
      } catch (ArithmeticException e) {
        throw new Rejected(new Rejection("BAD_TIME", field, "must be whole epoch milliseconds", millis.toString()));
      }
    }

    <E extends Enum<E>> E enumValue(String field, Class<E> type) {
      return optionalEnum(field, type).orElseThrow(() -> missing(field));
    }

    <E extends Enum<E>> Optional<E> optionalEnum(String field, Class<E> type) {
      return optionalText(field).map(text -> Arrays.stream(type.getEnumConstants())
          .filter(c -> c.name().equals(text.toUpperCase(Locale.ROOT)))
          .findFirst()
          .orElseThrow(() -> new Rejected(new Rejection("BAD_VALUE", field, "must be one of "
              + Arrays.toString(type.getEnumConstants()), text))));
    }

    private Rejected wrongType(String field, String rule, Object value) {
      return new Rejected(new Rejection("WRONG_TYPE", field, rule, value instanceof String s ? s : String.valueOf(value)));
    }
  }

  /** Ends the checks of one record at its first broken rule. */
  private static final class Rejected extends RuntimeException {
    final Rejection rejection;
    final boolean parked;

    Rejected(Rejection rejection) {
      this(rejection, false);
    }

    Rejected(Rejection rejection, boolean parked) {
      super(rejection.code(), null, false, false);
      this.rejection = rejection;
      this.parked = parked;
    }
  }
}
