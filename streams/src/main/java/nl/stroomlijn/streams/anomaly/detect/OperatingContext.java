package nl.stroomlijn.streams.anomaly.detect;

import nl.stroomlijn.schemas.OperatingState;

/**
 * The operating state a meter's machine is in, and since when (event time); and the product of
 * the order it runs, null when no order runs or the production events do not say, with the time
 * of the order event that made it so ({@link Long#MIN_VALUE} when not known).
 */
public record OperatingContext(OperatingState state, long since, String productId, long productSince)
    implements MachineContext {

  /** A machine whose product is not known. */
  public OperatingContext(OperatingState state, long since) {
    this(state, since, null, Long.MIN_VALUE);
  }
}
