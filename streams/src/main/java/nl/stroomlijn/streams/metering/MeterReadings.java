package nl.stroomlijn.streams.metering;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.streams.assets.MeterDefinition;
import nl.stroomlijn.streams.state.StateSerde;

/**
 * One meter's readings in event-time order, by docs/metering-and-attribution.md: readings wait in
 * a reorder buffer until the meter's stream time is {@code reorderWindow} past them; then no
 * accepted reading can land before them any more, and they are final: paired (counters, rate
 * meters) or taken alone (interval meters) into {@link MeteredInterval}s.
 */
public final class MeterReadings {

  /** What became of an offered reading. */
  public enum Admission {
    /** Buffered, and will count. */
    ACCEPTED,
    /** BAD quality: buffered only to recognise its duplicates; never counts. */
    BAD,
    /** Same timestamp as a reading already seen: dropped. */
    DUPLICATE,
    /** Too far behind the meter's stream time (or before what is already final): to the DLQ. */
    LATE
  }

  static final long NONE = Long.MIN_VALUE;
  private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000);
  private static final BigDecimal TWO_HOURS_MILLIS = BigDecimal.valueOf(7_200_000);

  private final String siteId;
  private long streamTime = NONE;
  /** Timestamp of the latest final reading (good or BAD); nothing at or before it can be accepted. */
  private long finalTime = NONE;
  /** The latest final good reading of a paired meter: the "previous" of the next pair. */
  private long previousTime = NONE;
  private long previousValue;
  /** Readings not yet final, by timestamp; a null value marks a BAD reading. */
  private final TreeMap<Long, Long> buffer = new TreeMap<>();

  public MeterReadings(String siteId) {
    this.siteId = siteId;
  }

  public String siteId() {
    return siteId;
  }

  public boolean hasBufferedReadings() {
    return !buffer.isEmpty();
  }

  /** Offers a reading of {@code value} micro-units (per hour for rates) at {@code timestamp}. */
  public Admission offer(long timestamp, long value, boolean bad, long reorderWindowMillis) {
    if ((streamTime != NONE && timestamp < streamTime - reorderWindowMillis) || (finalTime != NONE && timestamp < finalTime)) {
      return Admission.LATE;
    }
    if (timestamp == finalTime || buffer.containsKey(timestamp)) {
      return Admission.DUPLICATE;
    }
    buffer.put(timestamp, bad ? null : value);
    streamTime = Math.max(streamTime, timestamp);
    return bad ? Admission.BAD : Admission.ACCEPTED;
  }

  /** Makes final every reading {@code reorderWindow} or more behind the stream time; returns the intervals they close. */
  public List<MeteredInterval> release(MeterDefinition meter, long reorderWindowMillis, long gapThresholdMillis) {
    return finalizeUpTo(streamTime - reorderWindowMillis, meter, gapThresholdMillis);
  }

  /** Makes every buffered reading final, as when the input has gone quiet; later readings before them are late. */
  public List<MeteredInterval> flush(MeterDefinition meter, long gapThresholdMillis) {
    return finalizeUpTo(streamTime, meter, gapThresholdMillis);
  }

  private List<MeteredInterval> finalizeUpTo(long horizon, MeterDefinition meter, long gapThresholdMillis) {
    List<MeteredInterval> intervals = new ArrayList<>();
    while (!buffer.isEmpty() && buffer.firstKey() <= horizon) {
      Map.Entry<Long, Long> reading = buffer.pollFirstEntry();
      finalTime = reading.getKey();
      if (reading.getValue() == null) {
        continue;
      }
      long time = reading.getKey();
      long value = reading.getValue();
      if (!meter.isPaired()) {
        intervals.add(single(meter, time, value));
      } else {
        if (previousTime != NONE) {
          intervals.add(pair(meter, previousTime, previousValue, time, value, gapThresholdMillis));
        }
        previousTime = time;
        previousValue = value;
      }
    }
    return intervals;
  }

  private static MeteredInterval single(MeterDefinition meter, long time, long value) {
    long interval = meter.intervalMillis();
    long quantity = meter.measurement() == MeasurementKind.INTERVAL_TOTAL ? value
        : BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(interval))
            .divide(MILLIS_PER_HOUR, 0, RoundingMode.HALF_EVEN).longValueExact();
    return new MeteredInterval(time - interval, time, quantity, false, 1, false);
  }

  private static MeteredInterval pair(MeterDefinition meter, long startTime, long startValue, long endTime, long endValue,
                                      long gapThresholdMillis) {
    boolean gap = endTime - startTime > gapThresholdMillis;
    if (meter.measurement() == MeasurementKind.INSTANTANEOUS_RATE) {
      long quantity = BigDecimal.valueOf(startValue).add(BigDecimal.valueOf(endValue))
          .multiply(BigDecimal.valueOf(endTime - startTime))
          .divide(TWO_HOURS_MILLIS, 0, RoundingMode.HALF_EVEN).longValueExact();
      return new MeteredInterval(startTime, endTime, quantity, gap, 2, false);
    }
    long delta = endValue - startValue;
    if (delta >= 0) {
      return new MeteredInterval(startTime, endTime, delta, gap, 2, false);
    }
    Long rollover = meter.rolloverMicro();
    if (rollover != null && BigDecimal.valueOf(startValue).multiply(BigDecimal.TEN)
        .compareTo(BigDecimal.valueOf(rollover).multiply(BigDecimal.valueOf(9))) >= 0) {
      return new MeteredInterval(startTime, endTime, rollover - startValue + endValue, gap, 2, false);
    }
    return new MeteredInterval(startTime, endTime, endValue, gap, 2, true);
  }

  /** State store serde. */
  public static final StateSerde<MeterReadings> SERDE = new StateSerde<>(MeterReadings::write, MeterReadings::read);

  private static void write(MeterReadings state, DataOutput out) throws IOException {
    out.writeUTF(state.siteId);
    out.writeLong(state.streamTime);
    out.writeLong(state.finalTime);
    out.writeLong(state.previousTime);
    out.writeLong(state.previousValue);
    out.writeInt(state.buffer.size());
    for (Map.Entry<Long, Long> reading : state.buffer.entrySet()) {
      out.writeLong(reading.getKey());
      out.writeBoolean(reading.getValue() == null);
      out.writeLong(reading.getValue() == null ? 0 : reading.getValue());
    }
  }

  private static MeterReadings read(DataInput in) throws IOException {
    MeterReadings state = new MeterReadings(in.readUTF());
    state.streamTime = in.readLong();
    state.finalTime = in.readLong();
    state.previousTime = in.readLong();
    state.previousValue = in.readLong();
    int buffered = in.readInt();
    for (int i = 0; i < buffered; i++) {
      long time = in.readLong();
      boolean bad = in.readBoolean();
      long value = in.readLong();
      state.buffer.put(time, bad ? null : value);
    }
    return state;
  }
}
