package nl.stroomlijn.registry.kafka;

import java.util.Map;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.avro.AvroCodec;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for Avro records in the Confluent wire format, subject {@code <topic>-value} (or
 * {@code <topic>-key} for keys). Build one with {@link #specific} / {@link #generic} for Kafka
 * Streams, or name {@link AvroSerde.Ser} / {@link AvroSerde.De} as a client's
 * {@code value.serializer} / {@code value.deserializer} and configure it with Confluent's
 * properties ({@code schema.registry.url}, {@code basic.auth.user.info}, ...) plus
 * {@value #SPECIFIC_TYPE} for generated classes.
 */
public final class AvroSerde<T extends IndexedRecord> implements Serde<T> {

  /** Class name of the generated record to read into; absent for generic records. */
  public static final String SPECIFIC_TYPE = "stroomlijn.avro.specific.type";
  /** Register a writer's schema if it is not yet registered (default true), else only look it up. */
  public static final String AUTO_REGISTER = "auto.register.schemas";

  private final Ser<T> serializer = new Ser<>();
  private final De<T> deserializer = new De<>();

  private AvroSerde() {
  }

  private AvroSerde(AvroCodec<T> codec, boolean isKey) {
    serializer.use(codec, isKey);
    deserializer.use(codec, isKey);
  }

  /** A value serde for a generated record class. */
  public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistry registry) {
    return new AvroSerde<>(AvroCodec.specific(type, registry, true), false);
  }

  /** A serde for generic records, resolved to {@code readerSchema} or, when null, read as written. */
  public static AvroSerde<GenericRecord> generic(SchemaRegistry registry, Schema readerSchema, boolean isKey) {
    return new AvroSerde<>(AvroCodec.generic(registry, readerSchema, true), isKey);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serializer.configure(configs, isKey);
    deserializer.configure(configs, isKey);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return deserializer;
  }

  /** Serializer half; configurable by properties when Kafka creates it by class name. */
  public static final class Ser<T extends IndexedRecord> implements Serializer<T> {
    private AvroCodec<T> codec;
    private String suffix = "-value";

    void use(AvroCodec<T> codec, boolean isKey) {
      this.codec = codec;
      this.suffix = isKey ? "-key" : "-value";
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      if (codec == null) {
        use(codecFrom(configs), isKey);
      }
    }

    @Override
    public byte[] serialize(String topic, T record) {
      return codec.serialize(topic + suffix, record);
    }
  }

  /** Deserializer half; configurable by properties when Kafka creates it by class name. */
  public static final class De<T extends IndexedRecord> implements Deserializer<T> {
    private AvroCodec<T> codec;

    void use(AvroCodec<T> codec, boolean isKey) {
      this.codec = codec;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
      if (codec == null) {
        use(codecFrom(configs), isKey);
      }
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
      return codec.deserialize(bytes);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T extends IndexedRecord> AvroCodec<T> codecFrom(Map<String, ?> configs) {
    SchemaRegistry registry;
    try {
      registry = SchemaRegistries.connect(RegistryConfig.fromProperties(configs));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(e.getMessage());
    }
    boolean autoRegister = !"false".equalsIgnoreCase(String.valueOf(configs.get(AUTO_REGISTER)));
    Object type = configs.get(SPECIFIC_TYPE);
    if (type == null) {
      return (AvroCodec<T>) AvroCodec.generic(registry, null, autoRegister);
    }
    Class<?> clazz;
    try {
      clazz = type instanceof Class<?> c ? c : Class.forName(type.toString(), true, AvroSerde.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ConfigException(SPECIFIC_TYPE, type, "no such class on the classpath");
    }
    if (!SpecificRecord.class.isAssignableFrom(clazz)) {
      throw new ConfigException(SPECIFIC_TYPE, type, "not a generated Avro record class");
    }
    return (AvroCodec<T>) AvroCodec.specific(clazz.asSubclass(SpecificRecord.class), registry, autoRegister);
  }
}
