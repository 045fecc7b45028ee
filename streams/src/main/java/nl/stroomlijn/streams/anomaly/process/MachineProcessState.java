package nl.stroomlijn.streams.anomaly.process;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import nl.stroomlijn.streams.anomaly.episode.EpisodeSettings;
import nl.stroomlijn.streams.anomaly.episode.EpisodeTracker;
import nl.stroomlijn.streams.state.StateBytes;

/**
 * Everything the per-process detectors keep about one machine: idle runs, scrap rates, the usual
 * energy per unit of its products, the orders still being counted (at most {@link #MAX_ORDERS})
 * and the open idle-waste and scrap-surge episodes. Fixed-size apart from those two bounded maps.
 */
public final class MachineProcessState {

  static final int MAX_ORDERS = 16;
  private static final int STATE_VERSION = 7;
  /** The version before energy per unit kept a window of orders per product: read on from its mean and deviation. */
  private static final int STATE_VERSION_WITHOUT_WINDOWS = 5;

  /** Energy drawn while running and good units counted for an order on this machine so far. */
  public static final class OrderTally {
    public String productId;
    public double kwh;
    public long runningMillis;
    /** End of the running time counted so far. */
    public long runningUntil = Long.MIN_VALUE;
    public long goodUnits;
    /** Whether an energy-per-unit episode was reported for it while it ran: one per order. */
    public boolean reported;
    /** Event time the order ended, {@link Long#MIN_VALUE} while it runs. */
    public long endedAt = Long.MIN_VALUE;

    /**
     * Counts a RUNNING slice's time, once: a machine's own meters and its shares of shared meters
     * each send slices of the same minutes.
     */
    public void countRunning(long start, long end) {
      long from = Math.max(start, runningUntil);
      if (end > from) {
        runningMillis += end - from;
      }
      runningUntil = Math.max(runningUntil, end);
    }
  }

  public final IdleWasteDetector idle = new IdleWasteDetector();
  public final ScrapSurgeDetector scrap;
  public final EnergyPerUnitDetector energyPerUnit;
  public final EpisodeTracker idleEpisode;
  public final EpisodeTracker scrapEpisode;
  private final Map<String, OrderTally> orders = new LinkedHashMap<>();

  public MachineProcessState(Sensitivity sensitivity, EpisodeSettings episodes) {
    scrap = new ScrapSurgeDetector(sensitivity);
    energyPerUnit = new EnergyPerUnitDetector(sensitivity);
    idleEpisode = new EpisodeTracker(episodes);
    scrapEpisode = new EpisodeTracker(episodes);
  }

  /** The tally of an order, started when first seen; the oldest is dropped beyond {@link #MAX_ORDERS}. */
  public OrderTally order(String orderId, String productId) {
    OrderTally tally = orders.computeIfAbsent(orderId, id -> new OrderTally());
    if (productId != null) {
      tally.productId = productId;
    }
    if (orders.size() > MAX_ORDERS) {
      orders.remove(orders.keySet().iterator().next());
    }
    return tally;
  }

  /** Removes and hands over, one by one, the orders that ended at or before {@code cutoff}. */
  public void finishOrders(long cutoff, BiConsumer<String, OrderTally> finished) {
    Iterator<Map.Entry<String, OrderTally>> entries = orders.entrySet().iterator();
    while (entries.hasNext()) {
      Map.Entry<String, OrderTally> entry = entries.next();
      if (entry.getValue().endedAt != Long.MIN_VALUE && entry.getValue().endedAt <= cutoff) {
        entries.remove();
        finished.accept(entry.getKey(), entry.getValue());
      }
    }
  }

  public byte[] toBytes() {
    return StateBytes.write(1024, out -> {
      out.writeInt(STATE_VERSION);
      idle.writeTo(out);
      scrap.writeTo(out);
      energyPerUnit.writeTo(out);
      idleEpisode.writeTo(out);
      scrapEpisode.writeTo(out);
      out.writeInt(orders.size());
      for (Map.Entry<String, OrderTally> entry : orders.entrySet()) {
        out.writeUTF(entry.getKey());
        out.writeUTF(entry.getValue().productId == null ? "" : entry.getValue().productId);
        out.writeDouble(entry.getValue().kwh);
        out.writeLong(entry.getValue().runningMillis);
        out.writeLong(entry.getValue().runningUntil);
        out.writeLong(entry.getValue().goodUnits);
        out.writeBoolean(entry.getValue().reported);
        out.writeLong(entry.getValue().endedAt);
      }
    });
  }

  public static MachineProcessState fromBytes(byte[] state, Sensitivity sensitivity, EpisodeSettings episodes) {
    return StateBytes.read(state, in -> {
      MachineProcessState machine = new MachineProcessState(sensitivity, episodes);
      int version = in.readInt();
      if (version != STATE_VERSION && version != STATE_VERSION_WITHOUT_WINDOWS) {
        return machine;
      }
      machine.idle.readFrom(in);
      machine.scrap.readFrom(in);
      machine.energyPerUnit.readFrom(in, version == STATE_VERSION);
      machine.idleEpisode.readFrom(in);
      machine.scrapEpisode.readFrom(in);
      int size = in.readInt();
      for (int i = 0; i < size; i++) {
        OrderTally tally = new OrderTally();
        String orderId = in.readUTF();
        String product = in.readUTF();
        tally.productId = product.isEmpty() ? null : product;
        tally.kwh = in.readDouble();
        tally.runningMillis = in.readLong();
        tally.runningUntil = in.readLong();
        tally.goodUnits = in.readLong();
        tally.reported = in.readBoolean();
        tally.endedAt = in.readLong();
        machine.orders.put(orderId, tally);
      }
      return machine;
    });
  }
}
