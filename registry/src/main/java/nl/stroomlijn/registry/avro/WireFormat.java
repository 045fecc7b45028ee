package nl.stroomlijn.registry.avro;

import nl.stroomlijn.registry.avro.BadRecordException.Reason;

/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian int, then the
 * Avro binary encoding of the record.
 */
public final class WireFormat {

  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {
  }

  /** Writes the header for a schema id into the first five bytes of {@code target}. */
  static void writeHeader(int schemaId, byte[] target) {
    target[0] = MAGIC_BYTE;
    target[1] = (byte) (schemaId >>> 24);
    target[2] = (byte) (schemaId >>> 16);
    target[3] = (byte) (schemaId >>> 8);
    target[4] = (byte) schemaId;
  }

  /** The schema id in the header of a record in the wire format. */
  public static int schemaId(byte[] record) {
    if (record.length < HEADER_LENGTH) {
      throw new BadRecordException(Reason.TRUNCATED_PAYLOAD, null,
          "record has " + record.length + " byte(s), fewer than the " + HEADER_LENGTH + "-byte header", null);
    }
    if (record[0] != MAGIC_BYTE) {
      throw new BadRecordException(Reason.WRONG_MAGIC_BYTE, null,
          "first byte is " + (record[0] & 0xff) + ", expected magic byte 0 of the Confluent wire format", null);
    }
    return ((record[1] & 0xff) << 24) | ((record[2] & 0xff) << 16) | ((record[3] & 0xff) << 8) | (record[4] & 0xff);
  }
}
