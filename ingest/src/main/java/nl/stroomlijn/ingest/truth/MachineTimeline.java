package nl.stroomlijn.ingest.truth;

import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import nl.stroomlijn.schemas.OperatingState;

/**
 * What a machine did over event time, from its delivered MachineState and ProductionEvent records:
 * its state and running order at any instant, and its unit counts. An event at time t applies from
 * t on; of two events at the same time, the later delivered wins.
 */
final class MachineTimeline {

  /** An order running on the machine, or {@link #NONE}. */
  record OrderRef(String orderId, String productId) {
  }

  static final OrderRef NONE = new OrderRef(null, null);

  private final TreeMap<Long, OperatingState> states = new TreeMap<>();
  private final TreeMap<Long, OrderRef> orders = new TreeMap<>();
  private final TreeMap<Long, Long> units = new TreeMap<>();

  void state(long t, OperatingState state) {
    states.put(t, state);
  }

  void orderStarted(long t, String orderId, String productId) {
    orders.put(t, new OrderRef(orderId, productId));
  }

  void orderEnded(long t) {
    orders.put(t, NONE);
  }

  void units(long t, long count) {
    units.merge(t, count, Long::sum);
  }

  /** The state in force at t; OFF before the first state record. */
  OperatingState stateAt(long t) {
    Map.Entry<Long, OperatingState> entry = states.floorEntry(t);
    return entry == null ? OperatingState.OFF : entry.getValue();
  }

  OrderRef orderAt(long t) {
    Map.Entry<Long, OrderRef> entry = orders.floorEntry(t);
    return entry == null ? NONE : entry.getValue();
  }

  /** Times strictly inside (a, b) where the state or the order changes. */
  NavigableMap<Long, OperatingState> stateChangesWithin(long a, long b) {
    return states.subMap(a, false, b, false);
  }

  NavigableMap<Long, OrderRef> orderChangesWithin(long a, long b) {
    return orders.subMap(a, false, b, false);
  }

  /** Milliseconds in RUNNING within [a, b). */
  long runningMillis(long a, long b) {
    long running = 0;
    long from = a;
    OperatingState state = stateAt(a);
    for (Map.Entry<Long, OperatingState> change : stateChangesWithin(a, b).entrySet()) {
      if (state == OperatingState.RUNNING) {
        running += change.getKey() - from;
      }
      from = change.getKey();
      state = change.getValue();
    }
    return state == OperatingState.RUNNING ? running + b - from : running;
  }

  /** Good plus scrap units counted at times within [a, b). */
  long unitsWithin(long a, long b) {
    long sum = 0;
    for (long count : units.subMap(a, true, b, false).values()) {
      sum += count;
    }
    return sum;
  }
}
