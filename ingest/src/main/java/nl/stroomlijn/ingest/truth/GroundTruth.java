package nl.stroomlijn.ingest.truth;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.sink.RecordSink;
import nl.stroomlijn.ingest.units.Units;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topic;
import org.apache.avro.specific.SpecificRecord;

/**
 * The exact ground truth of delivered records, computed by the rules of
 * docs/metering-and-attribution.md: a sink that watches what a source delivers, in delivery order,
 * and then {@link #compute()}s the quantities a correct pipeline must find, per meter, machine,
 * line, site, order, product, state and window, in integer micro-units, with CO2e from the
 * emission factors that were delivered.
 */
public final class GroundTruth implements RecordSink {

  static final long QUARTER_MILLIS = 15 * 60_000L;
  private static final long HOUR_MILLIS = 3_600_000L;
  private static final long DAY_MILLIS = 86_400_000L;
  /** The states column of a total over all states. */
  public static final String ALL_STATES = "ALL";

  /** Levels of the plant that quantities add up to; UNASSIGNED is a machine's consumption with no order running. */
  public enum Scope { METER, MACHINE, LINE, SITE, ORDER, PRODUCT, UNASSIGNED }

  /** The windows quantities are given for; TOTAL is the whole run (window start 0). */
  public enum Window {
    TOTAL(0), MINUTES_15(QUARTER_MILLIS), HOUR_1(HOUR_MILLIS), DAY_1(DAY_MILLIS);

    final long millis;

    Window(long millis) {
      this.millis = millis;
    }

    long startOf(long t) {
      return millis == 0 ? 0 : Math.floorDiv(t, millis) * millis;
    }
  }

  /**
   * One cell of the truth.
   *
   * @param quantity what was consumed: the medium, or {@code MATERIAL:<materialId>}
   * @param state    a machine state, or {@value #ALL_STATES}
   */
  public record Key(Scope scope, String scopeId, String quantity, Window window, long windowStart, String state) {
  }

  /** Sums of one cell: quantity in micro-units, slices, and CO2e in kg × 10^12. */
  public static final class Amount {
    long micro;
    long slices;
    long co2Pico;
    BigInteger co2Overflow = BigInteger.ZERO;
    boolean hasFactor;

    public long micro() {
      return micro;
    }

    public long slices() {
      return slices;
    }

    /** Exact CO2e in kg, or null when no emission factor applied. */
    public BigDecimal co2eKg() {
      return hasFactor ? new BigDecimal(co2Overflow.add(BigInteger.valueOf(co2Pico)), 12) : null;
    }

    void add(long quantity, long pico, boolean factor) {
      micro += quantity;
      slices++;
      hasFactor |= factor;
      try {
        co2Pico = Math.addExact(co2Pico, pico);
      } catch (ArithmeticException overflow) {
        co2Overflow = co2Overflow.add(BigInteger.valueOf(co2Pico)).add(BigInteger.valueOf(pico));
        co2Pico = 0;
      }
    }
  }

  /** What one meter delivered and what it measured by the spec. */
  public static final class MeterTruth {
    final Plant.Meter meter;
    final MeterLog log = new MeterLog();
    public long intervals;
    public long estimatedIntervals;
    public long meteredMicro;
    public long estimatedMicro;
    public long slices;
    public long resets;
    public long rollovers;

    MeterTruth(Plant.Meter meter) {
      this.meter = meter;
    }

    public Plant.Meter meter() {
      return meter;
    }

    public long delivered() {
      return log.delivered;
    }

    public long late() {
      return log.late;
    }

    public long duplicates() {
      return log.duplicates;
    }

    public long bad() {
      return log.bad;
    }

    /** Readings that came behind their meter's stream time but within the reorder window. */
    public long reordered() {
      return log.behindInWindow;
    }

    /** Sum of the values of every delivered reading (including late, duplicate and BAD), micro-units. */
    public long valueSumMicro() {
      return log.valueSumMicro;
    }
  }

  /** A cell of the units: an order, product, machine, line or site in a window (TOTAL: start 0). */
  public record UnitKey(Scope scope, String scopeId, Window window, long windowStart) {
  }

  /** Units counted in a {@link UnitKey}, with their output mass (good units × the product's unit mass). */
  public static final class UnitCount {
    public long good;
    public long scrap;
    /** Σ good units × unit mass, over the good units whose product declares a unit mass. */
    public BigDecimal outputMassKg = BigDecimal.ZERO;
    /** Good units whose product declares no unit mass: the output mass is then unknown. */
    public long goodWithoutMass;

    /** The output mass in kg, or null when some good unit's product declares no unit mass. */
    public BigDecimal outputMass() {
      return goodWithoutMass == 0 ? outputMassKg : null;
    }
  }

  /** An order as its production events tell it. */
  public static final class OrderTruth {
    public final String orderId;
    public final String machineId;
    public final String productId;
    public long started = Long.MIN_VALUE;
    public long ended = Long.MIN_VALUE;
    public long good;
    public long scrap;

    OrderTruth(String orderId, String machineId, String productId) {
      this.orderId = orderId;
      this.machineId = machineId;
      this.productId = productId;
    }
  }

  private final Plant plant;
  private final long reorderWindow;
  private final long gapThreshold;
  private final Map<String, MeterTruth> meters = new LinkedHashMap<>();
  private final Map<String, MachineTimeline> timelines = new HashMap<>();
  private final Map<String, Plant.Machine> machines = new HashMap<>();
  private final Map<String, TreeMap<Long, Long>> factorsMicro = new HashMap<>();
  private final List<EmissionFactor> factors = new ArrayList<>();
  private final Map<String, Long> recordsPerTopic = new TreeMap<>();
  private final Map<Key, Amount> amounts = new HashMap<>();
  private final Map<String, OrderTruth> orders = new LinkedHashMap<>();
  private final Map<UnitKey, UnitCount> units = new HashMap<>();
  private boolean computed;

  public GroundTruth(Plant plant, long reorderWindowMillis, long gapThresholdMillis) {
    this.plant = plant;
    this.reorderWindow = reorderWindowMillis;
    this.gapThreshold = gapThresholdMillis;
    for (Plant.Meter meter : plant.meters()) {
      meters.put(meter.id(), new MeterTruth(meter));
    }
    for (Plant.Machine machine : plant.machines()) {
      machines.put(machine.id(), machine);
      timelines.put(machine.id(), new MachineTimeline());
    }
  }

  @Override
  public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value, long timestamp) {
    recordsPerTopic.merge(topic.name(), 1L, Long::sum);
    if (value instanceof SensorReading reading) {
      MeterTruth meter = meters.get(reading.getSensorId());
      if (meter == null) {
        throw new IllegalArgumentException("a reading of unknown meter " + reading.getSensorId());
      }
      meter.log.add(reading.getTimestamp().toEpochMilli(), Units.toMicro(reading.getValue()),
          reading.getQuality() == Quality.BAD, reorderWindow);
    } else if (value instanceof MachineState state) {
      timeline(state.getMachineId()).state(state.getTimestamp().toEpochMilli(), state.getState());
    } else if (value instanceof ProductionEvent event) {
      production(event);
    } else if (value instanceof EmissionFactor factor) {
      factors.add(factor);
      factorsMicro.computeIfAbsent(factor.getZoneId() + "/" + factor.getMedium(), z -> new TreeMap<>())
          .put(factor.getValidFrom().toEpochMilli(), Units.toMicro(factor.getKgCo2ePerUnit()));
    }
  }

  private MachineTimeline timeline(String machineId) {
    MachineTimeline timeline = timelines.get(machineId);
    if (timeline == null) {
      throw new IllegalArgumentException("an event of unknown machine " + machineId);
    }
    return timeline;
  }

  private void production(ProductionEvent event) {
    long t = event.getTimestamp().toEpochMilli();
    MachineTimeline timeline = timeline(event.getMachineId());
    OrderTruth order = orders.computeIfAbsent(event.getOrderId(),
        id -> new OrderTruth(id, event.getMachineId(), event.getProductId()));
    switch (event.getType()) {
      case ORDER_STARTED -> {
        timeline.orderStarted(t, event.getOrderId(), event.getProductId());
        order.started = t;
      }
      case ORDER_ENDED -> {
        timeline.orderEnded(t);
        order.ended = t;
      }
      case UNITS_PRODUCED -> {
        timeline.units(t, event.getGoodUnits() + event.getScrapUnits());
        order.good += event.getGoodUnits();
        order.scrap += event.getScrapUnits();
        Plant.Machine machine = machines.get(event.getMachineId());
        units(Scope.ORDER, event.getOrderId(), t, event);
        units(Scope.PRODUCT, event.getProductId(), t, event);
        units(Scope.MACHINE, machine.id(), t, event);
        units(Scope.LINE, machine.lineId(), t, event);
        units(Scope.SITE, machine.siteId(), t, event);
      }
      default -> throw new IllegalStateException("unknown event type " + event.getType());
    }
  }

  /** Counts the event's units for a scope in every window holding its time. */
  private void units(Scope scope, String scopeId, long t, ProductionEvent event) {
    BigDecimal mass = outputMassKg(event.getProductId(), event.getGoodUnits());
    for (Window window : Window.values()) {
      UnitCount u = units.computeIfAbsent(new UnitKey(scope, scopeId, window, window.startOf(t)), k -> new UnitCount());
      u.good += event.getGoodUnits();
      u.scrap += event.getScrapUnits();
      if (mass == null) {
        u.goodWithoutMass += event.getGoodUnits();
      } else {
        u.outputMassKg = u.outputMassKg.add(mass);
      }
    }
  }

  /** Good units × the product's unit mass, exact; null when the product declares no unit mass. */
  public BigDecimal outputMassKg(String productId, long good) {
    Double unitMass = plant.products().get(productId).unitMassKg();
    // The plant file's decimal as written: Double.toString gives back the shortest exact form.
    return unitMass == null ? null : new BigDecimal(Double.toString(unitMass)).multiply(BigDecimal.valueOf(good));
  }

  /** Computes the truth from everything delivered; call once, after the source finished. */
  public GroundTruth compute() {
    if (computed) {
      return this;
    }
    computed = true;
    for (MeterTruth meter : meters.values()) {
      intervals(meter);
    }
    return this;
  }

  /** Turns a meter's readings into interval quantities and attributes each. */
  private void intervals(MeterTruth truth) {
    MeterLog log = truth.log;
    Plant.Meter meter = truth.meter;
    MeasurementKind kind = meter.measurement();
    if (kind == MeasurementKind.INTERVAL_TOTAL || kind == MeasurementKind.INTERVAL_AVERAGE_RATE) {
      long length = meter.intervalMillis();
      for (int i = 0; i < log.size(); i++) {
        if (log.isBad(i)) {
          continue;
        }
        long q = kind == MeasurementKind.INTERVAL_TOTAL ? log.value(i)
            : Exact.mulDivHalfEven(log.value(i), length, Units.MILLIS_PER_HOUR);
        interval(truth, log.time(i) - length, log.time(i), q, false, 1);
      }
      return;
    }
    int previous = -1;
    for (int i = 0; i < log.size(); i++) {
      if (log.isBad(i)) {
        continue;
      }
      if (previous >= 0) {
        long a = log.time(previous);
        long b = log.time(i);
        long q;
        if (kind == MeasurementKind.CUMULATIVE_COUNTER) {
          q = log.value(i) - log.value(previous);
          if (q < 0) {
            long r = meter.rolloverMicro();
            if (r > 0 && log.value(previous) * 10 >= r * 9) {
              q = r - log.value(previous) + log.value(i);
              truth.rollovers++;
            } else {
              q = log.value(i);
              truth.resets++;
            }
          }
        } else {
          q = Exact.mulDivHalfEven(log.value(previous) + log.value(i), b - a, 2 * Units.MILLIS_PER_HOUR);
        }
        interval(truth, a, b, q, b - a > gapThreshold, 2);
      }
      previous = i;
    }
  }

  private void interval(MeterTruth truth, long a, long b, long q, boolean estimated, int sourceReadings) {
    truth.intervals++;
    truth.meteredMicro += q;
    if (estimated) {
      truth.estimatedIntervals++;
      truth.estimatedMicro += q;
    }
    Plant.Meter meter = truth.meter;
    if (!meter.isShared()) {
      slices(truth, meter.machine(), a, b, q);
      return;
    }
    List<Plant.Machine> targets = meter.targets();
    long[] weights = new long[targets.size()];
    long total = 0;
    for (int i = 0; i < weights.length; i++) {
      MachineTimeline timeline = timelines.get(targets.get(i).id());
      weights[i] = switch (meter.allocationRule()) {
        case FIXED_SHARES -> meter.sharesPpm()[i];
        case RUNTIME_SHARE -> timeline.runningMillis(a, b);
        case UNITS_SHARE -> timeline.unitsWithin(a, b);
      };
      total += weights[i];
    }
    if (total == 0) {
      java.util.Arrays.fill(weights, 1);
      total = weights.length;
    }
    long running = 0;
    long given = 0;
    for (int i = 0; i < weights.length; i++) {
      running += weights[i];
      long upTo = Exact.mulDivFloor(q, running, total);
      slices(truth, targets.get(i), a, b, upTo - given);
      given = upTo;
    }
  }

  /** Cuts [a, b) with quantity q on a machine's timeline and books each slice. */
  private void slices(MeterTruth truth, Plant.Machine machine, long a, long b, long q) {
    MachineTimeline timeline = timelines.get(machine.id());
    TreeSet<Long> cuts = new TreeSet<>(timeline.stateChangesWithin(a, b).keySet());
    cuts.addAll(timeline.orderChangesWithin(a, b).keySet());
    for (long c = Math.floorDiv(a, QUARTER_MILLIS) * QUARTER_MILLIS + QUARTER_MILLIS; c < b; c += QUARTER_MILLIS) {
      cuts.add(c);
    }
    cuts.add(b);
    long from = a;
    long given = 0;
    for (long to : cuts) {
      long upTo = Exact.mulDivFloor(q, to - a, b - a);
      book(truth, machine, from, timeline.stateAt(from), timeline.orderAt(from), upTo - given);
      given = upTo;
      from = to;
    }
  }

  private void book(MeterTruth truth, Plant.Machine machine, long start, OperatingState state,
      MachineTimeline.OrderRef order, long q) {
    truth.slices++;
    Plant.Meter meter = truth.meter;
    String quantity = meter.medium() == Medium.MATERIAL ? "MATERIAL:" + meter.spec().materialId()
        : meter.medium().name();
    Long factor = factorAt(machine.siteId(), meter.medium(), start);
    long pico = factor == null ? 0 : Math.multiplyExact(q, factor);
    add(Scope.METER, meter.id(), quantity, start, state, q, pico, factor != null);
    add(Scope.MACHINE, machine.id(), quantity, start, state, q, pico, factor != null);
    add(Scope.LINE, machine.lineId(), quantity, start, state, q, pico, factor != null);
    add(Scope.SITE, machine.siteId(), quantity, start, state, q, pico, factor != null);
    if (order.orderId() == null) {
      add(Scope.UNASSIGNED, machine.id(), quantity, start, state, q, pico, factor != null);
    } else {
      add(Scope.ORDER, order.orderId(), quantity, start, state, q, pico, factor != null);
      add(Scope.PRODUCT, order.productId(), quantity, start, state, q, pico, factor != null);
    }
  }

  private void add(Scope scope, String id, String quantity, long start, OperatingState state, long q, long pico,
      boolean factor) {
    for (Window window : Window.values()) {
      long windowStart = window.startOf(start);
      amounts.computeIfAbsent(new Key(scope, id, quantity, window, windowStart, ALL_STATES), k -> new Amount())
          .add(q, pico, factor);
      amounts.computeIfAbsent(new Key(scope, id, quantity, window, windowStart, state.name()), k -> new Amount())
          .add(q, pico, factor);
    }
  }

  /** The emission factor (micro kg CO2e per unit) of the site's zone for this medium at t, or null. */
  private Long factorAt(String siteId, Medium medium, long t) {
    if (medium != Medium.ELECTRICITY && medium != Medium.NATURAL_GAS) {
      return null;
    }
    TreeMap<Long, Long> zone = factorsMicro.get(plant.site(siteId).spec().gridZone() + "/" + medium);
    Map.Entry<Long, Long> entry = zone == null ? null : zone.floorEntry(t);
    return entry == null ? null : entry.getValue();
  }

  // ---------------------------------------------------------------- results

  public Map<Key, Amount> amounts() {
    return amounts;
  }

  /** A cell's quantity in micro-units, 0 when nothing was booked there. */
  public long micro(Scope scope, String scopeId, String quantity, Window window, long windowStart, String state) {
    Amount amount = amounts.get(new Key(scope, scopeId, quantity, window, windowStart, state));
    return amount == null ? 0 : amount.micro;
  }

  public Map<String, MeterTruth> meters() {
    return meters;
  }

  public Map<String, OrderTruth> orders() {
    return orders;
  }

  /** Units per ORDER, PRODUCT, MACHINE, LINE and SITE, per window (TOTAL and each time window). */
  public Map<UnitKey, UnitCount> units() {
    return units;
  }

  public Map<String, Long> recordsPerTopic() {
    return recordsPerTopic;
  }

  public List<EmissionFactor> emissionFactors() {
    return factors;
  }

  public Plant plant() {
    return plant;
  }

  public long reorderWindowMillis() {
    return reorderWindow;
  }

  public long gapThresholdMillis() {
    return gapThreshold;
  }
}
