package nl.stroomlijn.ingest.gateway;

import java.util.Locale;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.validation.Rejection;

/**
 * What became of one record, once Kafka acknowledged it on its raw topic or in the DLQ.
 *
 * @param rejection why it was not accepted; null when accepted
 */
public record Outcome(Incoming incoming, Status status, Rejection rejection) {

  /** ACCEPTED: on its raw topic; REJECTED: in the DLQ, fix and resend; PARKED: in the DLQ for a later replay, do not resend. */
  public enum Status {
    ACCEPTED, REJECTED, PARKED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
