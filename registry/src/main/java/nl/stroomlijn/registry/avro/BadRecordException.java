package nl.stroomlijn.registry.avro;

import org.apache.kafka.common.errors.SerializationException;

/**
 * Bytes that cannot be a record: the record itself is bad, so retrying cannot help and it belongs
 * in the dead-letter topic with {@link #reason()} as its reason code. (A registry that cannot be
 * reached is not this: that is a {@link nl.stroomlijn.registry.SchemaRegistryException}, and
 * retrying may help.)
 */
public class BadRecordException extends SerializationException {

  /** Which way the bytes are bad. */
  public enum Reason {
    /** The first byte is not the Confluent wire format's magic byte 0. */
    WRONG_MAGIC_BYTE,
    /** Fewer bytes than the header needs, or the Avro payload ends early. */
    TRUNCATED_PAYLOAD,
    /** The registry has no schema with the id in the header. */
    UNKNOWN_SCHEMA_ID,
    /** The writer's schema cannot be resolved to the reader's (Avro schema resolution). */
    UNRESOLVABLE_SCHEMA,
    /** The payload does not decode with the writer's schema, or has bytes left over. */
    MALFORMED_PAYLOAD
  }

  private final Reason reason;
  private final Integer schemaId;

  public BadRecordException(Reason reason, Integer schemaId, String message, Throwable cause) {
    super(reason + ": " + message, cause);
    this.reason = reason;
    this.schemaId = schemaId;
  }

  public Reason reason() {
    return reason;
  }

  /** The schema id from the header, or null when the header could not be read. */
  public Integer schemaId() {
    return schemaId;
  }
}
