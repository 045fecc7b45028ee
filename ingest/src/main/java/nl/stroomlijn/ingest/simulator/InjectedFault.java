package nl.stroomlijn.ingest.simulator;

import nl.stroomlijn.ingest.plant.FaultKind;

/**
 * One fault or anomaly the simulator injected: what, on which meter, machine or order, and when
 * (event time, inclusive span; a point fault has start = end).
 */
public record InjectedFault(FaultKind kind, String scopeId, long start, long end, String detail) {
}
