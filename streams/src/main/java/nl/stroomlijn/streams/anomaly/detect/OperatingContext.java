package nl.stroomlijn.streams.anomaly.detect;

import nl.stroomlijn.schemas.OperatingState;

/** The operating state a meter's machine is in, and since when (event time). */
public record OperatingContext(OperatingState state, long since) implements MachineContext {
}
