package nl.stroomlijn.streams.assets;

import java.util.List;
import nl.stroomlijn.schemas.AllocationRule;
import nl.stroomlijn.schemas.AllocationTarget;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.MeterSpec;
import nl.stroomlijn.streams.metering.MicroUnits;

/**
 * A meter as the attribution needs it, read from its {@link AssetDefinition}.
 *
 * @param ownerId        the machine of an own meter; the line or site of a shared meter
 * @param rolloverMicro  a counter's rollover value in micro-units of the canonical unit, or null
 * @param intervalMillis the interval of an interval meter (expected reading interval otherwise), or null
 * @param allocation     how a shared meter's quantity is split over its machines; null for an own meter
 */
public record MeterDefinition(String meterId, String siteId, String ownerId, Medium medium, MeasurementKind measurement,
                              Long rolloverMicro, Long intervalMillis, String materialId, String quantityUnit,
                              SharedAllocation allocation) {

  /**
   * A shared meter's rule and targets, in the order the definition lists them.
   *
   * @param sharesPpm for FIXED_SHARES, each target's share in parts per million; empty otherwise
   */
  public record SharedAllocation(AllocationRule rule, List<String> machineIds, long[] sharesPpm) {
  }

  public static MeterDefinition of(AssetDefinition asset) {
    MeterSpec spec = asset.getMeter();
    Long rollover = spec.getRolloverValue() == null ? null
        : MicroUnits.of(DeviceUnits.toCanonical(spec.getRolloverValue(), spec.getScale(), spec.getUnit()));
    SharedAllocation allocation = null;
    if (spec.getAllocation() != null) {
      List<AllocationTarget> targets = spec.getAllocation().getTargets();
      AllocationRule rule = spec.getAllocation().getRule();
      long[] shares = rule == AllocationRule.FIXED_SHARES
          ? targets.stream().mapToLong(t -> t.getShare() == null ? 0 : MicroUnits.of(t.getShare())).toArray()
          : new long[0];
      allocation = new SharedAllocation(rule, targets.stream().map(AllocationTarget::getMachineId).toList(), shares);
    }
    return new MeterDefinition(asset.getAssetId(), asset.getSiteId(), asset.getParentId(), spec.getMedium(),
        spec.getMeasurement(), rollover, spec.getIntervalMillis(), spec.getMaterialId(),
        DeviceUnits.quantityUnit(spec.getUnit(), spec.getMedium()), allocation);
  }

  /** The machines whose timelines this meter's intervals are cut on. */
  public List<String> machineIds() {
    return allocation == null ? List.of(ownerId) : allocation.machineIds();
  }

  /** Interval meters report each interval whole; counters and rate meters are read in pairs. */
  public boolean isPaired() {
    return measurement == MeasurementKind.CUMULATIVE_COUNTER || measurement == MeasurementKind.INSTANTANEOUS_RATE;
  }
}
