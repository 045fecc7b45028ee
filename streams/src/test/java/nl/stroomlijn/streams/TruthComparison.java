package nl.stroomlijn.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.ingest.truth.GroundTruth.Key;
import nl.stroomlijn.ingest.truth.GroundTruth.Scope;
import nl.stroomlijn.ingest.truth.GroundTruth.Window;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.Medium;

/** The app's slices booked into the cells of the simulator's ground truth, and compared with it exactly. */
final class TruthComparison {

  private static final long QUARTER = 15 * 60_000L;
  private static final long HOUR = 3_600_000L;
  private static final long DAY = 86_400_000L;

  private final Map<Key, Long> booked = new HashMap<>();
  private long slices;

  void add(AttributedConsumption slice) {
    slices++;
    long micro = AttributionDriver.micro(slice.getQuantity());
    long start = slice.getStart().toEpochMilli();
    String quantity = slice.getMedium() == Medium.MATERIAL ? "MATERIAL:" + slice.getMaterialId() : slice.getMedium().name();
    book(Scope.METER, slice.getMeterId(), quantity, start, slice, micro);
    book(Scope.MACHINE, slice.getMachineId(), quantity, start, slice, micro);
    book(Scope.LINE, slice.getLineId(), quantity, start, slice, micro);
    book(Scope.SITE, slice.getSiteId(), quantity, start, slice, micro);
    if (slice.getOrderId() == null) {
      book(Scope.UNASSIGNED, slice.getMachineId(), quantity, start, slice, micro);
    } else {
      book(Scope.ORDER, slice.getOrderId(), quantity, start, slice, micro);
      book(Scope.PRODUCT, slice.getProductId(), quantity, start, slice, micro);
    }
  }

  private void book(Scope scope, String id, String quantity, long start, AttributedConsumption slice, long micro) {
    for (Window window : Window.values()) {
      long size = switch (window) {
        case TOTAL -> 0;
        case MINUTES_15 -> QUARTER;
        case HOUR_1 -> HOUR;
        case DAY_1 -> DAY;
      };
      long windowStart = size == 0 ? 0 : Math.floorDiv(start, size) * size;
      booked.merge(new Key(scope, id, quantity, window, windowStart, GroundTruth.ALL_STATES), micro, Long::sum);
      booked.merge(new Key(scope, id, quantity, window, windowStart, slice.getState().name()), micro, Long::sum);
    }
  }

  long slices() {
    return slices;
  }

  /** Every cell of the truth (per meter, machine, line, site, order, product, unassigned; per state and window) equals the app's. */
  void assertEquals(GroundTruth truth) {
    Map<Key, Long> expected = new HashMap<>();
    truth.amounts().forEach((key, amount) -> {
      if (amount.micro() != 0) {
        expected.put(key, amount.micro());
      }
    });
    Map<Key, Long> actual = new HashMap<>(booked);
    actual.values().removeIf(micro -> micro == 0);
    assertThat(actual.keySet()).as("cells").containsExactlyInAnyOrderElementsOf(expected.keySet());
    assertThat(actual).isEqualTo(expected);
    long meteredMicro = truth.meters().values().stream().mapToLong(meter -> meter.meteredMicro).sum();
    assertThat(booked.entrySet().stream()
        .filter(e -> e.getKey().scope() == Scope.METER && e.getKey().window() == Window.TOTAL
            && e.getKey().state().equals(GroundTruth.ALL_STATES))
        .mapToLong(Map.Entry::getValue).sum()).as("conservation over all meters").isEqualTo(meteredMicro);
  }
}
