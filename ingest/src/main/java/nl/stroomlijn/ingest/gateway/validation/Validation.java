package nl.stroomlijn.ingest.gateway.validation;

import org.apache.avro.specific.SpecificRecord;

/** The outcome of validating one record: a record for its raw topic, or a rejection. */
public sealed interface Validation {

  /** The key a record carries to the raw topic or the DLQ: its asset id, when it has one. */
  String key();

  /** @param eventTime the Kafka record timestamp, UTC epoch millis */
  record Valid(RecordKind kind, String key, SpecificRecord value, long eventTime) implements Validation {
  }

  /**
   * @param eventTime the record's event time when it could be read, else null
   * @param parked    true when the record is kept for later (unknown asset, PARK policy) rather than refused
   */
  record Invalid(Rejection rejection, String key, Long eventTime, boolean parked) implements Validation {
  }
}
