package nl.stroomlijn.ingest.gateway.payload;

import nl.stroomlijn.ingest.gateway.validation.RawRecord;
import nl.stroomlijn.ingest.gateway.validation.Rejection;

/**
 * One record as it arrived: its fields when its bytes could be read, else why not; always its
 * original bytes, which a dead letter carries unchanged.
 *
 * @param record     the fields, or null when the bytes are not a record
 * @param unreadable why the bytes are not a record, or null
 * @param original   the bytes of this record in the payload
 * @param line       1-based line in the payload where it starts, or 0 when the payload has no lines (MQTT, OPC UA)
 */
public record Incoming(RawRecord record, Rejection unreadable, byte[] original, long line) {

  public static Incoming of(RawRecord record, byte[] original, long line) {
    return new Incoming(record, null, original, line);
  }

  public static Incoming unreadable(Rejection why, byte[] original, long line) {
    return new Incoming(null, why, original, line);
  }
}
