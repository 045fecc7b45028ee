package nl.stroomlijn.registry.flink;

import static org.assertj.core.api.Assertions.assertThat;

import nl.stroomlijn.registry.InMemorySchemaRegistry;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SampleReadings;
import nl.stroomlijn.schemas.SensorReading;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Flink ships these schemas to task managers by Java serialization, then calls open() there. */
class ConfluentAvroSchemasTest {

  private static final String SCOPE = "flink-schemas-test";
  private final RegistryConfig registry = RegistryConfig.of("mock://" + SCOPE);

  @AfterEach
  void drop() {
    InMemorySchemaRegistry.dropScope(SCOPE);
  }

  @Test
  void survivesShippingAndRoundTrips() throws Exception {
    ConfluentAvroSerializationSchema<SensorReading> writer = shipped(
        ConfluentAvroSerializationSchema.forSpecific(SensorReading.class, "factory.readings.raw", registry));
    ConfluentAvroDeserializationSchema<SensorReading> reader = shipped(
        ConfluentAvroDeserializationSchema.forSpecific(SensorReading.class, registry));
    writer.open(null);
    reader.open(null);

    SensorReading reading = SampleReadings.reading("em-1", 12.5);
    byte[] bytes = writer.serialize(reading);

    assertThat(reader.deserialize(bytes)).isEqualTo(reading);
    assertThat(bytes[0]).isZero();
    assertThat(InMemorySchemaRegistry.forScope(SCOPE).subjects()).containsExactly("factory.readings.raw-value");
    assertThat(reader.getProducedType().getTypeClass()).isEqualTo(SensorReading.class);
  }

  @Test
  void genericReaderResolvesToItsSchema() throws Exception {
    ConfluentAvroSerializationSchema<SensorReading> writer = shipped(
        ConfluentAvroSerializationSchema.forSpecific(SensorReading.class, "t", registry));
    var reader = shipped(ConfluentAvroDeserializationSchema.forGeneric(SensorReading.getClassSchema(), registry));
    writer.open(null);
    reader.open(null);

    var record = reader.deserialize(writer.serialize(SampleReadings.reading("em-2", 3)));
    assertThat(record.get("sensorId").toString()).isEqualTo("em-2");
  }

  @SuppressWarnings("unchecked")
  private static <T> T shipped(T schema) throws Exception {
    return (T) InstantiationUtil.deserializeObject(InstantiationUtil.serializeObject(schema),
        ConfluentAvroSchemasTest.class.getClassLoader());
  }
}
