package nl.stroomlijn.registry.flink;

import java.io.Serial;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.avro.AvroCodec;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.GenericRecordAvroTypeInfo;

/**
 * Reads Avro records in the Confluent wire format in a Flink source. Carries only the registry
 * configuration; each parallel instance connects in {@link #open}. Bad bytes throw a
 * {@link nl.stroomlijn.registry.avro.BadRecordException} saying what is wrong with them.
 */
public final class ConfluentAvroDeserializationSchema<T extends IndexedRecord> implements DeserializationSchema<T> {

  @Serial
  private static final long serialVersionUID = 1L;

  private final RegistryConfig registryConfig;
  private final Class<T> specificType;
  private final String readerSchemaJson;
  private transient AvroCodec<T> codec;

  private ConfluentAvroDeserializationSchema(RegistryConfig registryConfig, Class<T> specificType, String readerSchemaJson) {
    this.registryConfig = registryConfig;
    this.specificType = specificType;
    this.readerSchemaJson = readerSchemaJson;
  }

  /** Reads generated records of the given class. */
  public static <T extends SpecificRecord> ConfluentAvroDeserializationSchema<T> forSpecific(
      Class<T> type, RegistryConfig registryConfig) {
    return new ConfluentAvroDeserializationSchema<>(registryConfig, type, null);
  }

  /** Reads generic records, resolved to the reader schema. */
  public static ConfluentAvroDeserializationSchema<GenericRecord> forGeneric(
      Schema readerSchema, RegistryConfig registryConfig) {
    return new ConfluentAvroDeserializationSchema<>(registryConfig, null, readerSchema.toString());
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void open(InitializationContext context) {
    var registry = SchemaRegistries.connect(registryConfig);
    codec = specificType != null
        ? (AvroCodec<T>) AvroCodec.specific((Class) specificType, registry, false)
        : (AvroCodec<T>) AvroCodec.generic(registry, new Schema.Parser().parse(readerSchemaJson), false);
  }

  @Override
  public T deserialize(byte[] message) {
    return codec.deserialize(message);
  }

  @Override
  public boolean isEndOfStream(T nextElement) {
    return false;
  }

  @Override
  @SuppressWarnings("unchecked")
  public TypeInformation<T> getProducedType() {
    return specificType != null ? TypeInformation.of(specificType)
        : (TypeInformation<T>) new GenericRecordAvroTypeInfo(new Schema.Parser().parse(readerSchemaJson));
  }
}
