package nl.stroomlijn.streams.attribution;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.streams.metering.MeteredInterval;
import nl.stroomlijn.streams.state.StateSerde;

/**
 * A metered interval waiting for its machines' timelines, with the meter's definition as it was
 * when the interval was metered (the interval is attributed by that definition).
 */
public record PendingInterval(AssetDefinition meter, MeteredInterval interval) {

  private static final char SEPARATOR = '\u0000';

  /**
   * Store key: by site, then the machine whose timeline it waits for, then end time; so a site's
   * intervals are one key range, and those waiting for one machine a range within it, oldest end first.
   */
  public static String key(String siteId, String machineId, String meterId, MeteredInterval interval) {
    return siteId + SEPARATOR + machineId + SEPARATOR + String.format("%019d", interval.end()) + SEPARATOR + meterId
        + SEPARATOR + String.format("%019d", interval.start());
  }

  /** First key of the intervals waiting for a machine (inclusive). */
  public static String machineFrom(String siteId, String machineId) {
    return siteId + SEPARATOR + machineId + SEPARATOR;
  }

  /** End of the intervals waiting for a machine (exclusive). */
  public static String machineTo(String siteId, String machineId) {
    return siteId + SEPARATOR + machineId + '\u0001';
  }

  /** First key of a site's range (inclusive). */
  public static String siteFrom(String siteId) {
    return siteId + SEPARATOR;
  }

  /** Last key of a site's range (exclusive upper bound by prefix). */
  public static String siteTo(String siteId) {
    return siteId + '\u0001';
  }

  /** State store serde. */
  public static final StateSerde<PendingInterval> SERDE = new StateSerde<>(PendingInterval::write, PendingInterval::read);

  private static void write(PendingInterval pending, DataOutput out) throws IOException {
    ByteBuffer meter = pending.meter().toByteBuffer();
    out.writeInt(meter.remaining());
    out.write(meter.array(), meter.arrayOffset() + meter.position(), meter.remaining());
    MeteredInterval interval = pending.interval();
    out.writeLong(interval.start());
    out.writeLong(interval.end());
    out.writeLong(interval.quantity());
    out.writeBoolean(interval.estimated());
    out.writeInt(interval.sourceReadings());
    out.writeBoolean(interval.counterReset());
  }

  private static PendingInterval read(DataInput in) throws IOException {
    byte[] meter = new byte[in.readInt()];
    in.readFully(meter);
    return new PendingInterval(AssetDefinition.fromByteBuffer(ByteBuffer.wrap(meter)),
        new MeteredInterval(in.readLong(), in.readLong(), in.readLong(), in.readBoolean(), in.readInt(), in.readBoolean()));
  }
}
