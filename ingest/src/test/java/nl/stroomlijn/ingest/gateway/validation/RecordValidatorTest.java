package nl.stroomlijn.ingest.gateway.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import nl.stroomlijn.ingest.gateway.TestAssets;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecordValidatorTest {

  private static final TestAssets ASSETS = new TestAssets("site-t");
  private static final long NOW = Instant.parse("2026-03-01T12:00:00Z").toEpochMilli();
  private final RecordValidator validator = new RecordValidator(ASSETS.catalog(), ValidationRules.defaults());

  private static RawRecord reading(String sensor, Object value, String unit) {
    return reading(sensor, value, unit, new BigDecimal(NOW - 1000));
  }

  private static RawRecord reading(String sensor, Object value, String unit, Object timestamp) {
    return new RawRecord(false).put("sensorId", sensor).put("timestamp", timestamp).put("value", value).put("unit", unit);
  }

  private Validation validate(RecordKind kind, RawRecord raw) {
    return validator.validate(kind, raw, "http", NOW);
  }

  private Rejection rejection(RecordKind kind, RawRecord raw) {
    Validation validation = validate(kind, raw);
    assertThat(validation).isInstanceOf(Validation.Invalid.class);
    return ((Validation.Invalid) validation).rejection();
  }

  @Test
  void aReadingInWhIsConvertedToKwhAndKeepsWhatWasReceived() {
    Validation.Valid valid = (Validation.Valid) validate(RecordKind.READING, reading(ASSETS.counter, new BigDecimal("1500"), "Wh"));
    SensorReading reading = (SensorReading) valid.value();
    assertThat(reading.getValue()).isEqualTo(1.5);
    assertThat(reading.getUnit()).isEqualTo("kWh");
    assertThat(reading.getOriginalValue()).isEqualTo(1500.0);
    assertThat(reading.getOriginalUnit()).isEqualTo("Wh");
    assertThat(reading.getQuality()).isEqualTo(Quality.GOOD);
    assertThat(reading.getSource()).isEqualTo("http");
    assertThat(reading.getReceivedAt()).isEqualTo(Instant.ofEpochMilli(NOW));
    assertThat(valid.key()).isEqualTo(ASSETS.counter);
    assertThat(valid.eventTime()).isEqualTo(NOW - 1000);
  }

  @Test
  void aMissingUnitIsTheMetersDeclaredUnitAndACanonicalOneIsKeptAsIs() {
    RawRecord raw = new RawRecord(false).put("sensorId", ASSETS.power).put("timestamp", "2026-03-01T11:59:00Z")
        .put("value", new BigDecimal("12.5")).put("quality", "uncertain");
    SensorReading reading = (SensorReading) ((Validation.Valid) validate(RecordKind.READING, raw)).value();
    assertThat(reading.getValue()).isEqualTo(12.5);
    assertThat(reading.getUnit()).isEqualTo("kW");
    assertThat(reading.getOriginalUnit()).isNull();
    assertThat(reading.getQuality()).isEqualTo(Quality.UNCERTAIN);
  }

  @Test
  void aProcessValueKeepsItsDeclaredUnit() {
    SensorReading reading = (SensorReading) ((Validation.Valid) validate(RecordKind.READING,
        reading(ASSETS.temperature, new BigDecimal("81.5"), "degC"))).value();
    assertThat(reading.getUnit()).isEqualTo("degC");
    assertThat(rejection(RecordKind.READING, reading(ASSETS.temperature, BigDecimal.ONE, "K")).code())
        .isEqualTo("UNIT_MISMATCH");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown unit|site-t/line-1/press-1/em|1|furlong|UNKNOWN_UNIT|unit",
      "rate unit on a counter|site-t/line-1/press-1/em|1|kW|UNIT_MISMATCH|unit",
      "mass unit on electricity|site-t/line-1/press-1/em|1|kg|UNIT_MISMATCH|unit",
      "unknown meter|site-x/nope|1|kWh|UNKNOWN_METER|sensorId",
      "a machine is no meter|site-t/line-1/press-1|1|kWh|UNKNOWN_METER|sensorId",
      "negative counter|site-t/line-1/press-1/em|-5|Wh|OUT_OF_RANGE|value",
      "huge value|site-t/line-1/press-1/em|1e400|Wh|OUT_OF_RANGE|value",
      "beyond the sane range|site-t/line-1/press-1/kw|2e12|kW|OUT_OF_RANGE|value"})
  void readingRules(String name, String sensor, String value, String unit, String code, String field) {
    Rejection rejection = rejection(RecordKind.READING, reading(sensor, new BigDecimal(value), unit));
    assertThat(rejection.code()).isEqualTo(code);
    assertThat(rejection.field()).isEqualTo(field);
    assertThat(rejection.message()).contains("'" + field + "'");
  }

  @Test
  void typesAndPresenceAreChecked() {
    assertThat(rejection(RecordKind.READING, reading(ASSETS.power, "12", "kW")))
        .extracting(Rejection::code, Rejection::field, Rejection::value).containsExactly("WRONG_TYPE", "value", "12");
    assertThat(rejection(RecordKind.READING, reading(ASSETS.power, Double.NaN, "kW")).code()).isEqualTo("NOT_FINITE");
    assertThat(rejection(RecordKind.READING, reading(ASSETS.power, RawRecord.NESTED, "kW")).code()).isEqualTo("WRONG_TYPE");
    assertThat(rejection(RecordKind.READING, reading(ASSETS.power, null, "kW")))
        .extracting(Rejection::code, Rejection::field).containsExactly("MISSING_FIELD", "value");
    assertThat(rejection(RecordKind.READING, reading(null, BigDecimal.ONE, "kW")).code()).isEqualTo("MISSING_FIELD");
    assertThat(rejection(RecordKind.READING, reading(ASSETS.power, BigDecimal.ONE, "kW").put("sensorId", "again")))
        .extracting(Rejection::code, Rejection::field).containsExactly("DUPLICATE_FIELD", "sensorId");
    assertThat(rejection(RecordKind.READING, reading(ASSETS.power, BigDecimal.ONE, "kW").put("quality", "SUPERB")))
        .extracting(Rejection::code, Rejection::value).containsExactly("BAD_VALUE", "SUPERB");
  }

  @Test
  void textualRecordsParseNumbersFromText() {
    RawRecord csv = new RawRecord(true).put("sensorId", ASSETS.power).put("timestamp", Long.toString(NOW))
        .put("value", "3.25").put("unit", "W");
    SensorReading reading = (SensorReading) ((Validation.Valid) validate(RecordKind.READING, csv)).value();
    assertThat(reading.getValue()).isEqualTo(0.00325);
    assertThat(rejection(RecordKind.READING, new RawRecord(true).put("sensorId", ASSETS.power)
        .put("timestamp", Long.toString(NOW)).put("value", "NaN")).code()).isEqualTo("NOT_FINITE");
    assertThat(rejection(RecordKind.READING, new RawRecord(true).put("sensorId", ASSETS.power)
        .put("timestamp", Long.toString(NOW)).put("value", "12,5")).code()).isEqualTo("BAD_NUMBER");
  }

  @Test
  void timestampsMustBeReadableAndWithinTheWindow() {
    RawRecord old = reading(ASSETS.power, BigDecimal.ONE, "kW", new BigDecimal(NOW - Duration.ofDays(8).toMillis()));
    assertThat(rejection(RecordKind.READING, old).code()).isEqualTo("TIMESTAMP_TOO_OLD");
    RawRecord future = reading(ASSETS.power, BigDecimal.ONE, "kW", "2026-03-01T12:10:00Z");
    assertThat(rejection(RecordKind.READING, future).code()).isEqualTo("TIMESTAMP_IN_FUTURE");
    assertThat(rejection(RecordKind.READING, reading(ASSETS.power, BigDecimal.ONE, "kW", "yesterday")).code())
        .isEqualTo("BAD_TIME");
    assertThat(rejection(RecordKind.READING, reading(ASSETS.power, BigDecimal.ONE, "kW", new BigDecimal("1.5e30"))).code())
        .isEqualTo("BAD_TIME");
    ValidationRules noWindow = new ValidationRules(null, null, ValidationRules.UnknownAssets.REJECT);
    assertThat(new RecordValidator(ASSETS.catalog(), noWindow).validate(RecordKind.READING, old, "replay", NOW))
        .isInstanceOf(Validation.Valid.class);
  }

  @Test
  void unknownAssetsAreParkedWhenConfigured() {
    RecordValidator parking = new RecordValidator(ASSETS.catalog(),
        new ValidationRules(Duration.ofDays(1), Duration.ofMinutes(1), ValidationRules.UnknownAssets.PARK));
    Validation.Invalid parked = (Validation.Invalid) parking.validate(RecordKind.READING,
        reading("site-x/new-meter", BigDecimal.ONE, "kWh"), "mqtt", NOW);
    assertThat(parked.parked()).isTrue();
    assertThat(parked.rejection().code()).isEqualTo("UNKNOWN_METER_PARKED");
    assertThat(parked.key()).isEqualTo("site-x/new-meter");
    assertThat(parked.eventTime()).isEqualTo(NOW - 1000);
  }

  private static RawRecord units(String type) {
    return new RawRecord(false).put("machineId", ASSETS.machine).put("timestamp", new BigDecimal(NOW))
        .put("type", type).put("orderId", "o-1").put("productId", ASSETS.product)
        .put("goodUnits", new BigDecimal(40)).put("scrapUnits", new BigDecimal(2));
  }

  @Test
  void machineStatesAndProductionEvents() {
    MachineState state = (MachineState) ((Validation.Valid) validate(RecordKind.MACHINE_STATE, new RawRecord(false)
        .put("machineId", ASSETS.machine).put("timestamp", new BigDecimal(NOW)).put("state", "IDLE"))).value();
    assertThat(state.getState()).isEqualTo(OperatingState.IDLE);
    assertThat(rejection(RecordKind.MACHINE_STATE, new RawRecord(false).put("machineId", "nope")
        .put("timestamp", new BigDecimal(NOW)).put("state", "IDLE")).code()).isEqualTo("UNKNOWN_MACHINE");

    ProductionEvent event = (ProductionEvent) ((Validation.Valid) validate(RecordKind.PRODUCTION_EVENT,
        units("UNITS_PRODUCED"))).value();
    assertThat(event.getGoodUnits()).isEqualTo(40);
    assertThat(rejection(RecordKind.PRODUCTION_EVENT, units("ORDER_STARTED")).field()).isEqualTo("goodUnits");
    RawRecord fraction = new RawRecord(false).put("machineId", ASSETS.machine).put("timestamp", new BigDecimal(NOW))
        .put("type", "UNITS_PRODUCED").put("orderId", "o-1").put("productId", ASSETS.product)
        .put("goodUnits", new BigDecimal("1.5"));
    assertThat(rejection(RecordKind.PRODUCTION_EVENT, fraction).code()).isEqualTo("BAD_NUMBER");
    RawRecord unknownProduct = new RawRecord(false).put("machineId", ASSETS.machine).put("timestamp", new BigDecimal(NOW))
        .put("type", "ORDER_STARTED").put("orderId", "o-1").put("productId", "nope");
    assertThat(rejection(RecordKind.PRODUCTION_EVENT, unknownProduct).code()).isEqualTo("UNKNOWN_PRODUCT");
  }

  // Records a source built as Avro (the simulator): the same rules, nothing converted.

  private Validation validateTyped(org.apache.avro.specific.SpecificRecord record) {
    return validator.validate(record, NOW);
  }

  private SensorReading typedReading(String sensor, double value, String unit, Quality quality) {
    return new SensorReading(sensor, Instant.ofEpochMilli(NOW - 1000), value, unit, quality, "simulator",
        Instant.ofEpochMilli(NOW), null, null);
  }

  @Test
  void aTypedReadingInTheCanonicalUnitPassesUnchangedEvenWhenBadOrAReset() {
    for (SensorReading reading : java.util.List.of(typedReading(ASSETS.counter, 0, "kWh", Quality.BAD),
        typedReading(ASSETS.counter, 0, "kWh", Quality.GOOD), typedReading(ASSETS.power, 9.5e5, "kW", Quality.UNCERTAIN))) {
      Validation validation = validateTyped(reading);
      assertThat(validation).isInstanceOf(Validation.Valid.class);
      assertThat(((Validation.Valid) validation).value()).isSameAs(reading);
      assertThat(((Validation.Valid) validation).eventTime()).isEqualTo(NOW - 1000);
    }
  }

  @ParameterizedTest
  @CsvSource({
      "em, 1500, Wh, UNIT_MISMATCH, unit",
      "em, 1, kW, UNIT_MISMATCH, unit",
      "em, 1, furlong, UNKNOWN_UNIT, unit",
      "em, -1, kWh, OUT_OF_RANGE, value",
      "em, NaN, kWh, OUT_OF_RANGE, value",
      "kw, 2e12, kW, OUT_OF_RANGE, value",
      "nope, 1, kWh, UNKNOWN_METER, sensorId",
  })
  void aTypedReadingBreakingARuleIsRejectedWithTheGatewaysCode(String meter, double value, String unit, String code,
      String field) {
    Validation validation = validateTyped(typedReading(ASSETS.machine + "/" + meter, value, unit, Quality.GOOD));
    assertThat(validation).isInstanceOf(Validation.Invalid.class);
    Validation.Invalid invalid = (Validation.Invalid) validation;
    assertThat(invalid.rejection().code()).isEqualTo(code);
    assertThat(invalid.rejection().field()).isEqualTo(field);
    assertThat(invalid.key()).isEqualTo(ASSETS.machine + "/" + meter);
    assertThat(invalid.eventTime()).isEqualTo(NOW - 1000);
  }

  @Test
  void typedEventsAreCheckedForTheirAssetsCountsAndTimeWindow() {
    Instant t = Instant.ofEpochMilli(NOW);
    assertThat(validateTyped(new MachineState(ASSETS.machine, t, OperatingState.RUNNING, "because", "simulator")))
        .isInstanceOf(Validation.Valid.class);
    assertThat(validateTyped(new ProductionEvent(ASSETS.machine, t,
        nl.stroomlijn.schemas.ProductionEventType.UNITS_PRODUCED, "PO-1", ASSETS.product, 10L, 1L, "simulator")))
        .isInstanceOf(Validation.Valid.class);
    assertThat(((Validation.Invalid) validateTyped(new MachineState("ghost", t, OperatingState.RUNNING, null,
        "simulator"))).rejection().code()).isEqualTo("UNKNOWN_MACHINE");
    assertThat(((Validation.Invalid) validateTyped(new ProductionEvent(ASSETS.machine, t,
        nl.stroomlijn.schemas.ProductionEventType.ORDER_STARTED, "PO-1", ASSETS.product, 3L, 0L, "simulator")))
        .rejection().code()).isEqualTo("OUT_OF_RANGE");
    assertThat(((Validation.Invalid) validateTyped(new ProductionEvent(ASSETS.machine, t,
        nl.stroomlijn.schemas.ProductionEventType.ORDER_STARTED, "PO-1", "ghost", 0L, 0L, "simulator")))
        .rejection().code()).isEqualTo("UNKNOWN_PRODUCT");
    assertThat(((Validation.Invalid) validateTyped(new MachineState(ASSETS.machine, t.minus(Duration.ofDays(8)),
        OperatingState.IDLE, null, "simulator"))).rejection().code()).isEqualTo("TIMESTAMP_TOO_OLD");
    assertThat(((Validation.Invalid) validateTyped(new MachineState(ASSETS.machine, t, null, null, "simulator")))
        .rejection()).isEqualTo(new Rejection("MISSING_FIELD", "state", "is required", null));
  }
}
