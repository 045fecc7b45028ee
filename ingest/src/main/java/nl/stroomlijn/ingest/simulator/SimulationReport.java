package nl.stroomlijn.ingest.simulator;

import java.util.List;
import java.util.Map;

/**
 * What a simulation did, beyond its records: its event-time span, the faults it injected, what
 * each meter physically measured and how many records each topic got (after the validation: a
 * rejected record counts on the DLQ, not on its raw topic).
 *
 * @param physicalMicro per meter (by plant index): the exact quantity that flowed through it, micro-units
 */
public record SimulationReport(long start, long end, List<InjectedFault> faults, long[] physicalMicro,
                               Map<String, Long> recordsPerTopic) {

  public long records() {
    return recordsPerTopic.values().stream().mapToLong(Long::longValue).sum();
  }
}
