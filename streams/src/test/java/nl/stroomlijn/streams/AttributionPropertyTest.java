package nl.stroomlijn.streams;

import static nl.stroomlijn.streams.AttributionDriver.MINUTE;
import static nl.stroomlijn.streams.AttributionDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import nl.stroomlijn.schemas.AllocationRule;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.Quality;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random plants' worth of readings, states, orders and faults (duplicates, BAD, reordering, late
 * readings, gaps, resets, rollovers, lagging machine events) through the topology, against a
 * reference written here from the spec page alone: which readings count by delivery order,
 * intervals with BigInteger arithmetic, and attribution millisecond by millisecond (the increment
 * of {@code floor(Q·(t−a)/(b−a))} at each millisecond goes to the state, order and quarter hour
 * of that millisecond). Totals per meter, machine, order, state and quarter hour must be equal.
 */
class AttributionPropertyTest {

  private static final long QUARTER = 15 * MINUTE;
  private static final long WINDOW = 2 * MINUTE;
  private static final long GAP = 5 * MINUTE;
  private static final List<String> MACHINES = List.of("m-0", "m-1", "m-2");
  private static final OperatingState[] STATES = OperatingState.values();

  /** One meter of the random plant. */
  private record Meter(String id, MeasurementKind kind, String machineId, Double rolloverKwh, Long intervalMillis,
                       AllocationRule rule, double[] shares) {
  }

  /** Something delivered, at a delivery time, in delivery order. */
  private record Delivery(long deliveredAt, int sequence, Runnable pipe) {
  }

  private record ReadingIn(String meterId, long time, long micro, boolean bad) {
  }

  private record MachineEventIn(String machineId, long time, OperatingState state, ProductionEventType type,
                                String orderId, String productId, long units) {
  }

  /** A cell of the comparison. */
  private record Cell(String meterId, String machineId, String orderId, OperatingState state, long quarter) {
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
  void attributionEqualsTheReferenceAndConservesEveryMeter(long seed) {
    Random random = new Random(seed);
    long span = (30 + random.nextInt(60)) * MINUTE;
    Duration grace = random.nextBoolean() ? Duration.ZERO : Duration.ofMinutes(1);
    AllocationRule sharedRule = AllocationRule.values()[random.nextInt(3)];
    List<Meter> meters = List.of(
        new Meter("counter", MeasurementKind.CUMULATIVE_COUNTER, "m-0", 1000.0, null, null, null),
        new Meter("rate", MeasurementKind.INSTANTANEOUS_RATE, "m-1", null, null, null, null),
        new Meter("total", MeasurementKind.INTERVAL_TOTAL, "m-2", null, 5 * MINUTE, null, null),
        new Meter("average", MeasurementKind.INTERVAL_AVERAGE_RATE, "m-0", null, 15 * MINUTE, null, null),
        new Meter("shared", MeasurementKind.CUMULATIVE_COUNTER, null, null, null, sharedRule, new double[] {0.2, 0.3, 0.5}));

    List<Delivery> deliveries = new ArrayList<>();
    List<ReadingIn> readingsInOrder = new ArrayList<>();
    List<MachineEventIn> eventsInOrder = new ArrayList<>();
    int[] sequence = {0};

    // Machine streams lag behind the readings by up to 3 min (below): within the max lag, so never late.
    try (AttributionDriver app = new AttributionDriver(config -> config.withTimelineGrace(grace)
        .withTimelineMaxLag(Duration.ofMinutes(3)))) {
      MACHINES.forEach(app::machine);
      for (Meter meter : meters) {
        if (meter.rule() == null) {
          app.meter(meter.id(), meter.machineId(), meter.kind(), meter.kind() == MeasurementKind.INSTANTANEOUS_RATE
              || meter.kind() == MeasurementKind.INTERVAL_AVERAGE_RATE ? "kW" : "kWh", meter.rolloverKwh(),
              meter.intervalMillis());
        } else {
          app.sharedMeter(meter.id(), meter.rule(), MACHINES, meter.rule() == AllocationRule.FIXED_SHARES
              ? meter.shares() : new double[0]);
        }
      }

      // Machine events: in order per machine and stream, each stream of each machine lagging by its own delay.
      for (String machineId : MACHINES) {
        long stateLag = random.nextInt(4) * MINUTE;
        long productionLag = random.nextInt(4) * MINUTE;
        String order = null;
        int orders = 0;
        for (long t = T0 - 10 * MINUTE + random.nextInt(60_000); t < T0 + span + 20 * MINUTE;
             t += 1 + random.nextInt((int) (8 * MINUTE))) {
          MachineEventIn event;
          int what = random.nextInt(10);
          if (what < 4) {
            event = new MachineEventIn(machineId, t, STATES[random.nextInt(STATES.length)], null, null, null, 0);
          } else if (what < 6) {
            order = machineId + "-o" + (++orders);
            event = new MachineEventIn(machineId, t, null, ProductionEventType.ORDER_STARTED, order, "p-" + orders % 2, 0);
          } else if (what < 7 && order != null) {
            event = new MachineEventIn(machineId, t, null, ProductionEventType.ORDER_ENDED, order, "p-" + orders % 2, 0);
            order = null;
          } else {
            event = new MachineEventIn(machineId, t, null, ProductionEventType.UNITS_PRODUCED,
                order == null ? "none" : order, "p", random.nextInt(3) == 0 ? 0 : random.nextInt(20));
          }
          if (random.nextInt(8) == 0) {
            // Two events in the same millisecond: the later delivered wins.
            t--;
          }
          MachineEventIn delivered = event;
          deliveries.add(new Delivery(t + (event.state() != null ? stateLag : productionLag), sequence[0]++, () -> {
            eventsInOrder.add(delivered);
            if (delivered.state() != null) {
              app.state(delivered.machineId(), delivered.time(), delivered.state());
            } else {
              app.production(delivered.machineId(), delivered.time(), delivered.type(), delivered.orderId(),
                  delivered.productId(), delivered.units(), 0);
            }
          }));
        }
      }

      // Readings with faults.
      for (Meter meter : meters) {
        long register = meter.rolloverKwh() != null ? 998_500_000L : random.nextInt(1_000_000_000);
        long step = meter.intervalMillis() != null ? meter.intervalMillis() : 0;
        for (long t = T0 + random.nextInt(30_000); t < T0 + span; ) {
          long value;
          if (meter.kind() == MeasurementKind.CUMULATIVE_COUNTER) {
            register += random.nextInt(3_000_000);
            if (meter.rolloverKwh() != null && register >= 1_000_000_000L) {
              register -= 1_000_000_000L;
            }
            if (random.nextInt(40) == 0) {
              register = random.nextInt(5_000_000);
            }
            value = register;
          } else {
            value = random.nextInt(50_000_000);
          }
          boolean bad = random.nextInt(15) == 0;
          long delay = 0;
          int fault = random.nextInt(20);
          if (fault == 0) {
            delay = WINDOW + MINUTE + random.nextInt((int) (5 * MINUTE));
          } else if (fault <= 2) {
            delay = random.nextInt((int) WINDOW);
          }
          ReadingIn reading = new ReadingIn(meter.id(), t, bad ? random.nextInt(1000) : value, bad);
          deliveries.add(new Delivery(t + delay, sequence[0]++, () -> pipe(app, readingsInOrder, reading)));
          if (random.nextInt(15) == 0) {
            ReadingIn duplicate = new ReadingIn(meter.id(), t, random.nextInt(1000), false);
            deliveries.add(new Delivery(t + delay + random.nextInt(30_000), sequence[0]++,
                () -> pipe(app, readingsInOrder, duplicate)));
          }
          long next = step > 0 ? step : 5_000 + random.nextInt(90_000);
          if (random.nextInt(25) == 0) {
            next += GAP + random.nextInt((int) (10 * MINUTE));
          }
          t += next;
        }
      }

      deliveries.sort(Comparator.comparingLong(Delivery::deliveredAt).thenComparingInt(Delivery::sequence));
      deliveries.forEach(delivery -> delivery.pipe().run());
      app.flush();

      Reference reference = new Reference(meters, readingsInOrder, eventsInOrder);
      Map<Cell, Long> actual = new HashMap<>();
      Map<String, Long> perMeter = new HashMap<>();
      for (AttributedConsumption slice : app.slices()) {
        long start = slice.getStart().toEpochMilli();
        long end = slice.getEnd().toEpochMilli();
        long quarter = Math.floorDiv(start, QUARTER) * QUARTER;
        assertThat(end).isGreaterThan(start).isLessThanOrEqualTo(quarter + QUARTER);
        long micro = AttributionDriver.micro(slice.getQuantity());
        assertThat(micro).isNotNegative();
        actual.merge(new Cell(slice.getMeterId(), slice.getMachineId(), slice.getOrderId(), slice.getState(), quarter),
            micro, Long::sum);
        perMeter.merge(slice.getMeterId(), micro, Long::sum);
      }
      actual.values().removeIf(micro -> micro == 0);
      assertThat(perMeter).as("conservation per meter").isEqualTo(reference.meteredPerMeter);
      assertThat(actual).as("attribution per meter, machine, order, state and quarter hour").isEqualTo(reference.cells);
      List<DeadLetter> letters = app.deadLetters();
      assertThat(letters).allSatisfy(letter -> assertThat(letter.getReasonCode()).isEqualTo("LATE"));
      assertThat(letters).hasSize(reference.late);
    }
  }

  private static void pipe(AttributionDriver app, List<ReadingIn> delivered, ReadingIn reading) {
    delivered.add(reading);
    app.reading(reading.meterId(), reading.time(), BigDecimal.valueOf(reading.micro(), 6).doubleValue(),
        reading.bad() ? Quality.BAD : Quality.GOOD);
  }

  /** The spec page, computed the simple way. */
  private static final class Reference {
    final Map<String, Long> meteredPerMeter = new HashMap<>();
    final Map<Cell, Long> cells = new HashMap<>();
    int late;
    private final Map<String, TreeMap<Long, OperatingState>> states = new HashMap<>();
    /** Order from each order event on; null value = no order. Later delivered at the same ms wins. */
    private final Map<String, TreeMap<Long, String[]>> orders = new HashMap<>();
    private final Map<String, TreeMap<Long, Long>> units = new HashMap<>();

    Reference(List<Meter> meters, List<ReadingIn> readings, List<MachineEventIn> events) {
      for (String machineId : MACHINES) {
        states.put(machineId, new TreeMap<>());
        orders.put(machineId, new TreeMap<>());
        units.put(machineId, new TreeMap<>());
      }
      for (MachineEventIn event : events) {
        if (event.state() != null) {
          states.get(event.machineId()).put(event.time(), event.state());
        } else if (event.type() == ProductionEventType.UNITS_PRODUCED) {
          units.get(event.machineId()).merge(event.time(), event.units(), Long::sum);
        } else {
          orders.get(event.machineId()).put(event.time(), event.type() == ProductionEventType.ORDER_STARTED
              ? new String[] {event.orderId()} : new String[] {null});
        }
      }
      for (Meter meter : meters) {
        TreeMap<Long, Long> good = new TreeMap<>();
        Set<Long> seen = new HashSet<>();
        long streamTime = Long.MIN_VALUE;
        for (ReadingIn reading : readings) {
          if (!reading.meterId().equals(meter.id())) {
            continue;
          }
          if (streamTime != Long.MIN_VALUE && reading.time() < streamTime - WINDOW) {
            late++;
            continue;
          }
          if (!seen.add(reading.time())) {
            continue;
          }
          streamTime = Math.max(streamTime, reading.time());
          if (!reading.bad()) {
            good.put(reading.time(), reading.micro());
          }
        }
        meteredPerMeter.put(meter.id(), 0L);
        Long previousTime = null;
        for (Map.Entry<Long, Long> reading : good.entrySet()) {
          long t = reading.getKey();
          long v = reading.getValue();
          switch (meter.kind()) {
            case INTERVAL_TOTAL -> attribute(meter, t - meter.intervalMillis(), t, v);
            case INTERVAL_AVERAGE_RATE -> attribute(meter, t - meter.intervalMillis(), t,
                halfEven(BigInteger.valueOf(v).multiply(BigInteger.valueOf(meter.intervalMillis())), 3_600_000));
            default -> {
              if (previousTime != null) {
                long p = good.get(previousTime);
                long q;
                if (meter.kind() == MeasurementKind.INSTANTANEOUS_RATE) {
                  q = halfEven(BigInteger.valueOf(p + v).multiply(BigInteger.valueOf(t - previousTime)), 7_200_000);
                } else if (v >= p) {
                  q = v - p;
                } else if (meter.rolloverKwh() != null && p * 10 >= 9 * (long) (meter.rolloverKwh() * 1_000_000)) {
                  q = (long) (meter.rolloverKwh() * 1_000_000) - p + v;
                } else {
                  q = v;
                }
                attribute(meter, previousTime, t, q);
              }
              previousTime = t;
            }
          }
        }
      }
      cells.values().removeIf(micro -> micro == 0);
    }

    private static long halfEven(BigInteger numerator, long denominator) {
      return new BigDecimal(numerator).divide(BigDecimal.valueOf(denominator), 0, RoundingMode.HALF_EVEN).longValueExact();
    }

    private void attribute(Meter meter, long a, long b, long q) {
      meteredPerMeter.merge(meter.id(), q, Long::sum);
      if (meter.rule() == null) {
        perMillisecond(meter.id(), meter.machineId(), a, b, q);
        return;
      }
      long[] weights = new long[MACHINES.size()];
      for (int i = 0; i < weights.length; i++) {
        String machineId = MACHINES.get(i);
        weights[i] = switch (meter.rule()) {
          case FIXED_SHARES -> new BigDecimal(Double.toString(meter.shares()[i])).movePointRight(6).longValueExact();
          case RUNTIME_SHARE -> {
            long running = 0;
            for (long t = a; t < b; t++) {
              running += stateAt(machineId, t) == OperatingState.RUNNING ? 1 : 0;
            }
            yield running;
          }
          case UNITS_SHARE -> units.get(machineId).subMap(a, true, b, false).values().stream().mapToLong(x -> x).sum();
        };
      }
      BigInteger total = BigInteger.valueOf(java.util.Arrays.stream(weights).sum());
      if (total.signum() == 0) {
        java.util.Arrays.fill(weights, 1);
        total = BigInteger.valueOf(weights.length);
      }
      BigInteger running = BigInteger.ZERO;
      BigInteger given = BigInteger.ZERO;
      for (int i = 0; i < weights.length; i++) {
        running = running.add(BigInteger.valueOf(weights[i]));
        BigInteger upTo = BigInteger.valueOf(q).multiply(running).divide(total);
        perMillisecond(meter.id(), MACHINES.get(i), a, b, upTo.subtract(given).longValueExact());
        given = upTo;
      }
    }

    /** The increment of floor(q·(t+1−a)/(b−a)) at each millisecond t goes to that millisecond's cell. */
    private void perMillisecond(String meterId, String machineId, long a, long b, long q) {
      long before = 0;
      for (long t = a; t < b; t++) {
        long upTo = Math.multiplyExact(q, t + 1 - a) / (b - a);
        if (upTo != before) {
          Map.Entry<Long, String[]> order = orders.get(machineId).floorEntry(t);
          cells.merge(new Cell(meterId, machineId, order == null ? null : order.getValue()[0], stateAt(machineId, t),
              Math.floorDiv(t, QUARTER) * QUARTER), upTo - before, Long::sum);
          before = upTo;
        }
      }
    }

    private OperatingState stateAt(String machineId, long t) {
      Map.Entry<Long, OperatingState> entry = states.get(machineId).floorEntry(t);
      return entry == null ? OperatingState.OFF : entry.getValue();
    }
  }
}
