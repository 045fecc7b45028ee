package nl.stroomlijn.registry.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import nl.stroomlijn.registry.ForwardingSchemaRegistry;
import nl.stroomlijn.registry.InMemorySchemaRegistry;
import nl.stroomlijn.registry.SchemaRegistryException;
import nl.stroomlijn.registry.SchemaRegistry;
import static nl.stroomlijn.registry.SampleReadings.reading;
import nl.stroomlijn.registry.avro.BadRecordException.Reason;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroCodecTest {

  private static final String SCOPE = "avro-codec-test";
  private static final String SUBJECT = "factory.readings.raw-value";

  private final SchemaRegistry registry = InMemorySchemaRegistry.forScope(SCOPE);
  private final AvroCodec<SensorReading> readings = AvroCodec.specific(SensorReading.class, registry, true);

  @AfterEach
  void dropRegistry() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void specificRecordsRoundTripWithTheConfluentHeader() {
    SensorReading reading = reading("em-1", 1234.567);
    byte[] bytes = readings.serialize(SUBJECT, reading);

    int id = registry.latest(SUBJECT).id();
    assertThat(Arrays.copyOf(bytes, 5)).containsExactly(0, (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id);
    assertThat(WireFormat.schemaId(bytes)).isEqualTo(id);
    assertThat(readings.deserialize(bytes)).isEqualTo(reading);
  }

  @Test
  void decimalsSurviveExactly() {
    AvroCodec<AttributedConsumption> codec = AvroCodec.specific(AttributedConsumption.class, registry, true);
    AttributedConsumption slice = AttributedConsumption.newBuilder().setMachineId("press-4").setSiteId("ede")
        .setMeterId("em-1").setMedium(Medium.ELECTRICITY).setState(OperatingState.RUNNING)
        .setStart(java.time.Instant.ofEpochMilli(0)).setEnd(java.time.Instant.ofEpochMilli(60_000))
        .setQuantity(new BigDecimal("0.123457")).setUnit("kWh").build();

    assertThat(codec.deserialize(codec.serialize("factory.consumption-value", slice)).getQuantity())
        .isEqualByComparingTo("0.123457");
  }

  @Test
  void publishedSchemaCarriesNoJavaOnlyProperties() {
    readings.serialize(SUBJECT, reading("em-1", 1));
    assertThat(registry.latest(SUBJECT).schema().toString()).doesNotContain("avro.java.string");
  }

  @Test
  void nullIsATombstoneBothWays() {
    assertThat(readings.serialize(SUBJECT, null)).isNull();
    assertThat(readings.deserialize(null)).isNull();
  }

  @Test
  void aRecordWrittenWithAnOlderSchemaIsReadWithTheReadersSchema() {
    // Version 0 of the reading: no quality, no original value or unit.
    Schema old = new Schema.Parser().parse("""
        {"type":"record","name":"SensorReading","namespace":"nl.stroomlijn.schemas","fields":[
          {"name":"sensorId","type":"string"},
          {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"value","type":"double"},
          {"name":"unit","type":"string"},
          {"name":"source","type":"string"},
          {"name":"receivedAt","type":{"type":"long","logicalType":"timestamp-millis"}}]}""");
    GenericRecord written = new GenericData.Record(old);
    written.put("sensorId", "em-1");
    written.put("timestamp", 1_000L);
    written.put("value", 42.5);
    written.put("unit", "kWh");
    written.put("source", "mqtt");
    written.put("receivedAt", 2_000L);
    byte[] bytes = AvroCodec.generic(registry, null, true).serialize(SUBJECT, written);

    SensorReading read = readings.deserialize(bytes);

    assertThat(read.getSensorId()).isEqualTo("em-1");
    assertThat(read.getValue()).isEqualTo(42.5);
    assertThat(read.getQuality()).as("default of the new field").isEqualTo(Quality.GOOD);
    assertThat(read.getOriginalUnit()).isNull();
  }

  @Test
  void genericReaderWithoutSchemaReadsAsWritten() {
    byte[] bytes = readings.serialize(SUBJECT, reading("em-2", 7));
    GenericRecord read = AvroCodec.generic(registry, null, true).deserialize(bytes);
    assertThat(read.get("sensorId").toString()).isEqualTo("em-2");
    assertThat(read.get("value")).isEqualTo(7.0);
  }

  @Test
  void aGenericCodecWritesGeneratedRecordsWithTheirOwnLogicalTypes() {
    SensorReading reading = reading("em-3", 3);
    byte[] bytes = AvroCodec.generic(registry, null, true).serialize(SUBJECT, reading);
    assertThat(readings.deserialize(bytes)).isEqualTo(reading);
  }

  @Test
  void wrongMagicByte() {
    byte[] bytes = readings.serialize(SUBJECT, reading("em-1", 1));
    bytes[0] = 1;
    assertBad(bytes, Reason.WRONG_MAGIC_BYTE, "magic byte 0");
  }

  @Test
  void shorterThanTheHeader() {
    assertBad(new byte[] {0, 0, 1}, Reason.TRUNCATED_PAYLOAD, "fewer than the 5-byte header");
    assertBad(new byte[0], Reason.TRUNCATED_PAYLOAD, "0 byte(s)");
  }

  @Test
  void payloadCutShort() {
    byte[] bytes = readings.serialize(SUBJECT, reading("em-1", 1));
    assertBad(Arrays.copyOf(bytes, bytes.length - 4), Reason.TRUNCATED_PAYLOAD, "ends before the record");
  }

  @Test
  void bytesLeftOver() {
    byte[] bytes = readings.serialize(SUBJECT, reading("em-1", 1));
    assertBad(Arrays.copyOf(bytes, bytes.length + 3), Reason.MALFORMED_PAYLOAD, "left over");
  }

  @Test
  void unknownSchemaId() {
    byte[] bytes = readings.serialize(SUBJECT, reading("em-1", 1));
    bytes[4] = 99;
    assertBad(bytes, Reason.UNKNOWN_SCHEMA_ID, "no schema with id 99");
  }

  @Test
  void aRegistryAnswering404WithoutItsOwnErrorCodeIsNotABadRecord() {
    byte[] bytes = readings.serialize(SUBJECT, reading("em-1", 1));
    // What a wrong base URL or a proxy answers: 404, but not the registry's "schema not found".
    SchemaRegistry misconfigured = new ForwardingSchemaRegistry(registry) {
      @Override
      public Schema schemaById(int id) {
        throw new SchemaRegistryException("HTTP 404 (Not Found)", null, id, 404, 0, null);
      }
    };
    assertThatThrownBy(() -> AvroCodec.specific(SensorReading.class, misconfigured, false).deserialize(bytes))
        .isExactlyInstanceOf(SchemaRegistryException.class);
  }

  @Test
  void aSchemaThatCannotBeResolved() {
    Schema unrelated = new Schema.Parser().parse("""
        {"type":"record","name":"Other","namespace":"x","fields":[{"name":"n","type":"int"}]}""");
    GenericRecord other = new GenericData.Record(unrelated);
    other.put("n", 3);
    byte[] bytes = AvroCodec.generic(registry, null, true).serialize("other-value", other);
    assertBad(bytes, Reason.UNRESOLVABLE_SCHEMA, "cannot be read as nl.stroomlijn.schemas.SensorReading");
  }

  @Test
  void withoutAutoRegistrationAnUnregisteredSchemaIsAnError() {
    AvroCodec<SensorReading> lookupOnly = AvroCodec.specific(SensorReading.class, registry, false);
    assertThatThrownBy(() -> lookupOnly.serialize(SUBJECT, reading("em-1", 1)))
        .hasMessageContaining(SUBJECT);
    readings.serialize(SUBJECT, reading("em-1", 1));
    assertThat(lookupOnly.deserialize(lookupOnly.serialize(SUBJECT, reading("em-1", 2))).getValue()).isEqualTo(2.0);
  }

  private void assertBad(byte[] bytes, Reason reason, String message) {
    assertThatThrownBy(() -> readings.deserialize(bytes))
        .isInstanceOfSatisfying(BadRecordException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageStartingWith(reason.name())
        .hasMessageContaining(message);
  }
}
