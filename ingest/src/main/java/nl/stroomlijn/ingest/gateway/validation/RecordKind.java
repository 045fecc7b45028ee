package nl.stroomlijn.ingest.gateway.validation;

/** What a record is, which decides its fields, its rules and (by the gateway's topics) its raw topic. */
public enum RecordKind {
  READING("sensorId"),
  MACHINE_STATE("machineId"),
  PRODUCTION_EVENT("machineId");

  private final String idField;

  RecordKind(String idField) {
    this.idField = idField;
  }

  /** The field naming the asset a record is about, which is also its key. */
  public String idField() {
    return idField;
  }
}
