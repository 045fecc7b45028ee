package nl.stroomlijn.ingest.truth;

import java.util.Arrays;

/**
 * The readings of one meter as a consumer sees them, per the spec: late ones (more than the reorder
 * window behind the meter's stream time) and duplicates (a timestamp seen before) set apart and
 * counted; the rest kept in timestamp order, BAD ones flagged.
 */
final class MeterLog {

  long delivered;
  long late;
  long duplicates;
  long bad;
  long behindInWindow;
  long valueSumMicro;
  private long streamTime = Long.MIN_VALUE;
  private int size;
  private long[] times = new long[64];
  private long[] values = new long[64];
  private boolean[] bads = new boolean[64];

  /** Takes a delivered reading; returns false when it takes no part in pairing because it is late or a duplicate. */
  void add(long t, long micro, boolean isBad, long reorderWindow) {
    delivered++;
    valueSumMicro += micro;
    if (streamTime != Long.MIN_VALUE && t < streamTime - reorderWindow) {
      late++;
      return;
    }
    int at = Arrays.binarySearch(times, 0, size, t);
    if (at >= 0) {
      duplicates++;
      return;
    }
    if (t < streamTime) {
      behindInWindow++;
    }
    streamTime = Math.max(streamTime, t);
    if (isBad) {
      bad++;
    }
    insert(-at - 1, t, micro, isBad);
  }

  private void insert(int at, long t, long micro, boolean isBad) {
    if (size == times.length) {
      times = Arrays.copyOf(times, size * 2);
      values = Arrays.copyOf(values, size * 2);
      bads = Arrays.copyOf(bads, size * 2);
    }
    System.arraycopy(times, at, times, at + 1, size - at);
    System.arraycopy(values, at, values, at + 1, size - at);
    System.arraycopy(bads, at, bads, at + 1, size - at);
    times[at] = t;
    values[at] = micro;
    bads[at] = isBad;
    size++;
  }

  int size() {
    return size;
  }

  long time(int i) {
    return times[i];
  }

  long value(int i) {
    return values[i];
  }

  boolean isBad(int i) {
    return bads[i];
  }
}
