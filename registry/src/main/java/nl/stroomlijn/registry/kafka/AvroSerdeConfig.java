package nl.stroomlijn.registry.kafka;

import java.util.Map;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.avro.AvroCodec;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;

/** The client properties of the Avro serde, beyond Confluent's registry properties. */
public final class AvroSerdeConfig {

  /** Class name of the generated record to read into; absent for generic records. */
  public static final String SPECIFIC_TYPE = "stroomlijn.avro.specific.type";
  /** Register a writer's schema if it is not yet registered (default true), else only look it up. */
  public static final String AUTO_REGISTER = "auto.register.schemas";

  private AvroSerdeConfig() {
  }

  @SuppressWarnings("unchecked")
  static <T extends IndexedRecord> AvroCodec<T> codec(Map<String, ?> configs) {
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
      clazz = type instanceof Class<?> c ? c : Class.forName(type.toString(), true, AvroSerdeConfig.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new ConfigException(SPECIFIC_TYPE, type, "no such class on the classpath");
    }
    if (!SpecificRecord.class.isAssignableFrom(clazz)) {
      throw new ConfigException(SPECIFIC_TYPE, type, "not a generated Avro record class");
    }
    return (AvroCodec<T>) AvroCodec.specific(clazz.asSubclass(SpecificRecord.class), registry, autoRegister);
  }
}
