package nl.stroomlijn.registry;

/**
 * A schema registry call failed. The message names the operation, the subject or schema id, and
 * for the REST registry the HTTP status and the registry's own error code.
 */
public class SchemaRegistryException extends RuntimeException {

  /** Confluent error code: subject not found. */
  public static final int SUBJECT_NOT_FOUND = 40401;
  /** Confluent error code: version not found. */
  public static final int VERSION_NOT_FOUND = 40402;
  /** Confluent error code: schema not found. */
  public static final int SCHEMA_NOT_FOUND = 40403;
  /** Confluent error code: the schema is incompatible with an earlier one. */
  public static final int INCOMPATIBLE_SCHEMA = 409;

  private final String subject;
  private final Integer schemaId;
  private final int httpStatus;
  private final int errorCode;

  public SchemaRegistryException(String message, String subject, Integer schemaId, int httpStatus, int errorCode,
      Throwable cause) {
    super(message, cause);
    this.subject = subject;
    this.schemaId = schemaId;
    this.httpStatus = httpStatus;
    this.errorCode = errorCode;
  }

  /** The subject the call was about, or null. */
  public String subject() {
    return subject;
  }

  /** The schema id the call was about, or null. */
  public Integer schemaId() {
    return schemaId;
  }

  /** The HTTP status of the failed call; 0 when the registry could not be reached. */
  public int httpStatus() {
    return httpStatus;
  }

  /** The registry's error code (e.g. {@link #SCHEMA_NOT_FOUND}); 0 when none was given. */
  public int errorCode() {
    return errorCode;
  }

  /** True when the registry answered that the subject, version or schema does not exist. */
  public boolean isNotFound() {
    return httpStatus == 404;
  }
}
