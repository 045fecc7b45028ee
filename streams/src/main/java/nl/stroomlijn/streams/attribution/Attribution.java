package nl.stroomlijn.streams.attribution;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import nl.stroomlijn.schemas.AllocationRule;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.streams.assets.MeterDefinition;
import nl.stroomlijn.streams.assets.MeterDefinition.SharedAllocation;
import nl.stroomlijn.streams.metering.MeteredInterval;
import nl.stroomlijn.streams.metering.MicroUnits;
import nl.stroomlijn.streams.metering.ProportionalSplit;

/**
 * Cuts a metered interval into attributed slices: a shared meter's quantity first over its
 * machines by its allocation rule, then each machine's part at the cut points of its own
 * timeline, each slice tagged with the state and order in force at its start.
 */
public final class Attribution {

  /** Where a machine sits in the plant. */
  public record MachinePlace(String lineId, String siteId) {
  }

  private Attribution() {
  }

  /**
   * The slices of {@code interval}; their quantities add up to the interval's exactly.
   *
   * @param timelines the timeline of each machine the meter feeds (an empty one for a machine with no events)
   * @param places    where each machine sits; null when the machine is not defined
   */
  public static List<AttributedConsumption> slices(MeterDefinition meter, MeteredInterval interval,
                                                   Function<String, MachineTimeline> timelines,
                                                   Function<String, MachinePlace> places) {
    List<String> machines = meter.machineIds();
    long[] parts = meter.allocation() == null
        ? new long[] {interval.quantity()}
        : ProportionalSplit.split(interval.quantity(), weights(meter.allocation(), interval, timelines));
    List<AttributedConsumption> slices = new ArrayList<>();
    for (int i = 0; i < machines.size(); i++) {
      String machineId = machines.get(i);
      MachineTimeline timeline = timelines.apply(machineId);
      MachinePlace place = places.apply(machineId);
      long[] cuts = timeline.cutPoints(interval.start(), interval.end());
      long[] durations = new long[cuts.length - 1];
      for (int k = 1; k < cuts.length; k++) {
        durations[k - 1] = cuts[k] - cuts[k - 1];
      }
      long[] quantities = ProportionalSplit.split(parts[i], durations);
      for (int k = 1; k < cuts.length; k++) {
        MachineTimeline.Order order = timeline.orderAt(cuts[k - 1]);
        slices.add(AttributedConsumption.newBuilder()
            .setMachineId(machineId)
            .setLineId(place == null ? null : place.lineId())
            .setSiteId(place == null ? meter.siteId() : place.siteId())
            .setMeterId(meter.meterId())
            .setMedium(meter.medium())
            .setMaterialId(meter.materialId())
            .setOrderId(order == null ? null : order.orderId())
            .setProductId(order == null ? null : order.productId())
            .setState(timeline.stateAt(cuts[k - 1]))
            .setStart(Instant.ofEpochMilli(cuts[k - 1]))
            .setEnd(Instant.ofEpochMilli(cuts[k]))
            .setQuantity(MicroUnits.toDecimal(quantities[k - 1]))
            .setUnit(meter.quantityUnit())
            .setEstimated(interval.estimated())
            .setAllocationRule(meter.allocation() == null ? null : meter.allocation().rule())
            .setSourceReadings(interval.sourceReadings())
            .build());
      }
    }
    return slices;
  }

  private static long[] weights(SharedAllocation allocation, MeteredInterval interval,
                                Function<String, MachineTimeline> timelines) {
    if (allocation.rule() == AllocationRule.FIXED_SHARES) {
      return allocation.sharesPpm();
    }
    return allocation.machineIds().stream().mapToLong(machineId -> {
      MachineTimeline timeline = timelines.apply(machineId);
      return allocation.rule() == AllocationRule.RUNTIME_SHARE
          ? timeline.runningMillis(interval.start(), interval.end())
          : timeline.unitsProduced(interval.start(), interval.end());
    }).toArray();
  }
}
