package nl.stroomlijn.ingest.replay;

/** A row that cannot become records, with the dead-letter reason code and the column at fault. */
final class RowException extends Exception {

  final String reasonCode;
  final String field;

  RowException(String reasonCode, String field, String message) {
    super(message, null, false, false);
    this.reasonCode = reasonCode;
    this.field = field;
  }
}
