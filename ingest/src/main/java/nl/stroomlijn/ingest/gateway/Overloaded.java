package nl.stroomlijn.ingest.gateway;

/** The in-flight bound is reached: the sender should retry later. */
public final class Overloaded extends RuntimeException {

  public Overloaded(String message) {
    super(message, null, false, false);
  }
}
