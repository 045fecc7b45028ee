package nl.stroomlijn.streams.anomaly.detect;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Turns a cumulative counter's readings into a rate per hour, telling rollovers from resets the
 * way docs/metering-and-attribution.md defines them: a drop is a rollover when a rollover value is
 * declared and the previous reading was at 90% of it or more, otherwise a reset.
 */
final class CounterRegister {

  private static final double HOUR = 3_600_000.0;
  private static final double ROLLOVER_ZONE = 0.9;

  /** One reading decoded: its rate since the previous one (NaN when there is none), and whether the counter reset. */
  record Step(double ratePerHour, boolean reset, double previous) {
  }

  private boolean started;
  private long previousTimestamp;
  private double previousValue;

  Step next(long timestamp, double value, Double rolloverValue) {
    if (!started || timestamp <= previousTimestamp) {
      boolean first = !started;
      started = true;
      if (first) {
        previousTimestamp = timestamp;
        previousValue = value;
      }
      return new Step(Double.NaN, false, previousValue);
    }
    double previous = previousValue;
    double delta = value - previous;
    boolean reset = false;
    if (delta < 0) {
      if (rolloverValue != null && previous >= ROLLOVER_ZONE * rolloverValue) {
        delta = rolloverValue - previous + value;
      } else {
        delta = value;
        reset = true;
      }
    }
    double rate = delta / ((timestamp - previousTimestamp) / HOUR);
    previousTimestamp = timestamp;
    previousValue = value;
    return new Step(rate, reset, previous);
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeBoolean(started);
    out.writeLong(previousTimestamp);
    out.writeDouble(previousValue);
  }

  void readFrom(DataInput in) throws IOException {
    started = in.readBoolean();
    previousTimestamp = in.readLong();
    previousValue = in.readDouble();
  }
}
