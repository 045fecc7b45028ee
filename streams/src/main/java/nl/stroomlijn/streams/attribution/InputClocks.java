package nl.stroomlijn.streams.attribution;

import java.util.HashMap;
import java.util.Map;

/**
 * How far event time has been read, in this task, from each partition number of the input topics.
 *
 * <p>Partition {@code p} of the readings, states and production topics is one upstream task,
 * which takes its records in timestamp order across the three (Kafka Streams; it waits for data
 * already on the brokers) and writes them to the repartition topic in that order. So a record at
 * {@code t} read here from partition {@code p} means that every event of partition {@code p}
 * before {@code t - maxLag} has been read already, when no machine event is delivered more than
 * {@code maxLag} behind the records before it on its partition. Not state: after a restart the
 * first records read tell the same again.
 */
final class InputClocks {

  /** Event time of a partition between two scans for intervals its clock now releases. */
  private static final long SCAN_STEP = 10_000;

  private final long maxLag;
  private final Map<Integer, Long> latest = new HashMap<>();
  /** Per partition, its clock at the last scan: partitions may be read hours apart (one upstream task each). */
  private final Map<Integer, Long> scannedAt = new HashMap<>();

  InputClocks(long maxLag) {
    this.maxLag = maxLag;
  }

  /** Notes a record of {@code partition} at {@code time}; true when pending intervals are due for a scan. */
  boolean advance(int partition, long time) {
    long clock = latest.merge(partition, time, Math::max);
    Long scanned = scannedAt.get(partition);
    if (scanned == null || clock >= scanned + SCAN_STEP) {
      scannedAt.put(partition, clock);
      return true;
    }
    return false;
  }

  /** The time before which every machine event of {@code partition} has been read, or {@link MachineTimeline#NONE}. */
  long settled(int partition) {
    Long clock = latest.get(partition);
    return clock == null ? MachineTimeline.NONE : clock - maxLag;
  }
}
