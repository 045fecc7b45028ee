package nl.stroomlijn.streams.attribution;

import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.streams.state.StateBytes;
import nl.stroomlijn.streams.state.StateSerde;

/**
 * One machine's states, orders and unit counts over time, as far back as a pending interval may
 * need them. An event at time t applies from t on; of two events at the same millisecond, the
 * later delivered wins (a machine's events come in order: each topic is keyed by machine).
 * Before the first state record a machine is OFF; an order runs from its ORDER_STARTED until the
 * next ORDER_STARTED or ORDER_ENDED.
 */
public final class MachineTimeline {

  static final long NONE = Long.MIN_VALUE;
  private static final long QUARTER_HOUR = 15 * 60 * 1000L;

  /** An order and its product. */
  public record Order(String orderId, String productId) {
  }

  /** One production event as the timeline keeps it. */
  record ProductionEntry(long time, ProductionEventType type, String orderId, String productId, long units) {
  }

  /**
   * Largest event time seen on each of the machine's two streams. Each topic is keyed by machine,
   * so each stream arrives in order; the timeline is known up to the smaller of the two.
   */
  private long stateClock = NONE;
  private long productionClock = NONE;
  /** Partition number each stream is read from, or -1 before its first event (see {@link InputClocks}). */
  private int statePartition = -1;
  private int productionPartition = -1;
  /** History before this time is folded into the baseline state and order. */
  private long baselineTime = NONE;
  private OperatingState baselineState = OperatingState.OFF;
  private Order baselineOrder;
  private final TreeMap<Long, OperatingState> states = new TreeMap<>();
  /** By time; events of the same millisecond in arrival order. */
  private final List<ProductionEntry> production = new ArrayList<>();

  /**
   * True when both streams are known up to {@code time}: no state or order change before it can
   * still come. A stream is known up to its latest event, and up to where the input clock of its
   * partition has settled (a stream silent while its partition moved on had nothing to say). A
   * stream without events yet is taken to be on its other stream's partition: both are keyed by
   * the machine.
   */
  boolean knows(long time, InputClocks clocks) {
    return knownUntil(stateClock, statePartition, clocks) >= time
        && knownUntil(productionClock, productionPartition, clocks) >= time;
  }

  /** True when an event at {@code time} on the state stream comes after that stream was known past {@code time + grace}. */
  boolean isLateState(long time, long grace, InputClocks clocks) {
    long known = knownUntil(stateClock, statePartition, clocks);
    return known != NONE && time + grace < known;
  }

  /** True when an event at {@code time} on the production stream comes after that stream was known past {@code time + grace}. */
  boolean isLateProduction(long time, long grace, InputClocks clocks) {
    long known = knownUntil(productionClock, productionPartition, clocks);
    return known != NONE && time + grace < known;
  }

  private long knownUntil(long streamClock, int partition, InputClocks clocks) {
    int from = partition >= 0 ? partition : Math.max(statePartition, productionPartition);
    return from < 0 ? streamClock : Math.max(streamClock, clocks.settled(from));
  }

  /** The latest event time seen on either stream, or {@link #NONE}. */
  public long latestEvent() {
    return Math.max(stateClock, productionClock);
  }

  /** Records a state entered at {@code time}, read from {@code partition}; a second record at the same millisecond replaces the first. */
  public void addState(long time, OperatingState state, int partition) {
    states.put(time, state);
    stateClock = Math.max(stateClock, time);
    statePartition = partition;
  }

  /** Records a production event read from {@code partition}, after those of the same millisecond delivered before it. */
  public void addProduction(long time, ProductionEventType type, String orderId, String productId, long units,
                            int partition) {
    int at = production.size();
    while (at > 0 && production.get(at - 1).time() > time) {
      at--;
    }
    production.add(at, new ProductionEntry(time, type, orderId, productId, units));
    productionClock = Math.max(productionClock, time);
    productionPartition = partition;
  }

  /** The state in force at {@code time} (OFF before the first state record). */
  public OperatingState stateAt(long time) {
    Map.Entry<Long, OperatingState> entry = states.floorEntry(time);
    return entry == null ? baselineState : entry.getValue();
  }

  /** The order running at {@code time}, or null. */
  public Order orderAt(long time) {
    Order running = baselineOrder;
    for (ProductionEntry entry : production) {
      if (entry.time() > time) {
        break;
      }
      if (entry.type() == ProductionEventType.ORDER_STARTED) {
        running = new Order(entry.orderId(), entry.productId());
      } else if (entry.type() == ProductionEventType.ORDER_ENDED) {
        running = null;
      }
    }
    return running;
  }

  /** {@code start}, every cut point strictly inside {@code (start, end)}, and {@code end}, ascending. */
  public long[] cutPoints(long start, long end) {
    TreeSet<Long> cuts = new TreeSet<>();
    cuts.add(start);
    cuts.add(end);
    cuts.addAll(states.subMap(start, false, end, false).keySet());
    for (ProductionEntry entry : production) {
      if (entry.type() != ProductionEventType.UNITS_PRODUCED && entry.time() > start && entry.time() < end) {
        cuts.add(entry.time());
      }
    }
    for (long quarter = Math.floorDiv(start, QUARTER_HOUR) * QUARTER_HOUR + QUARTER_HOUR; quarter < end;
         quarter += QUARTER_HOUR) {
      cuts.add(quarter);
    }
    return cuts.stream().mapToLong(Long::longValue).toArray();
  }

  /** Milliseconds spent RUNNING within {@code [start, end)}. */
  public long runningMillis(long start, long end) {
    long running = 0;
    long from = start;
    OperatingState state = stateAt(start);
    for (Map.Entry<Long, OperatingState> change : states.subMap(start, false, end, false).entrySet()) {
      if (state == OperatingState.RUNNING) {
        running += change.getKey() - from;
      }
      from = change.getKey();
      state = change.getValue();
    }
    if (state == OperatingState.RUNNING) {
      running += end - from;
    }
    return running;
  }

  /** Good plus scrap units of UNITS_PRODUCED events with timestamps in {@code [start, end)}. */
  public long unitsProduced(long start, long end) {
    long units = 0;
    for (ProductionEntry entry : production) {
      if (entry.type() == ProductionEventType.UNITS_PRODUCED && entry.time() >= start && entry.time() < end) {
        units += entry.units();
      }
    }
    return units;
  }

  /** Folds everything before {@code horizon} into the baseline: no interval starting before it will be asked about. */
  public void forgetBefore(long horizon) {
    if (horizon <= baselineTime) {
      return;
    }
    baselineState = stateAt(horizon);
    baselineOrder = orderAt(horizon);
    baselineTime = horizon;
    states.headMap(horizon, false).clear();
    production.removeIf(entry -> entry.time() < horizon);
  }

  /** True when an event at {@code time} arrived after history before it was folded away. */
  public boolean isBeforeBaseline(long time) {
    return baselineTime != NONE && time < baselineTime;
  }

  /** State store serde. */
  public static final StateSerde<MachineTimeline> SERDE = new StateSerde<>(MachineTimeline::write, MachineTimeline::read);

  private static void write(MachineTimeline timeline, DataOutput out) throws IOException {
    out.writeLong(timeline.stateClock);
    out.writeLong(timeline.productionClock);
    out.writeLong(timeline.baselineTime);
    out.writeByte(timeline.baselineState.ordinal());
    StateSerde.writeNullable(out, timeline.baselineOrder == null ? null : timeline.baselineOrder.orderId());
    StateSerde.writeNullable(out, timeline.baselineOrder == null ? null : timeline.baselineOrder.productId());
    out.writeInt(timeline.states.size());
    for (Map.Entry<Long, OperatingState> state : timeline.states.entrySet()) {
      out.writeLong(state.getKey());
      out.writeByte(state.getValue().ordinal());
    }
    out.writeInt(timeline.production.size());
    for (ProductionEntry entry : timeline.production) {
      out.writeLong(entry.time());
      out.writeByte(entry.type().ordinal());
      out.writeUTF(entry.orderId());
      out.writeUTF(entry.productId());
      out.writeLong(entry.units());
    }
    out.writeInt(timeline.statePartition);
    out.writeInt(timeline.productionPartition);
  }

  private static MachineTimeline read(StateBytes.Input in) throws IOException {
    MachineTimeline timeline = new MachineTimeline();
    timeline.stateClock = in.readLong();
    timeline.productionClock = in.readLong();
    timeline.baselineTime = in.readLong();
    timeline.baselineState = OperatingState.values()[in.readByte()];
    String orderId = StateSerde.readNullable(in);
    String productId = StateSerde.readNullable(in);
    timeline.baselineOrder = orderId == null ? null : new Order(orderId, Objects.requireNonNullElse(productId, ""));
    int states = in.readInt();
    for (int i = 0; i < states; i++) {
      timeline.states.put(in.readLong(), OperatingState.values()[in.readByte()]);
    }
    int entries = in.readInt();
    for (int i = 0; i < entries; i++) {
      timeline.production.add(new ProductionEntry(in.readLong(), ProductionEventType.values()[in.readByte()],
          in.readUTF(), in.readUTF(), in.readLong()));
    }
    // Written before the partitions were kept: learnt again from the next events.
    timeline.statePartition = in.available() > 0 ? in.readInt() : -1;
    timeline.productionPartition = in.available() > 0 ? in.readInt() : -1;
    return timeline;
  }
}
