package nl.stroomlijn.ingest.plant;

import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.units.Units;
import nl.stroomlijn.schemas.AllocationRule;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;

/**
 * A validated plant with every copy expanded and every reference resolved to asset ids. Built by
 * {@link PlantLoader}; the simulator, the ground truth and {@link PlantAssets} read it.
 */
public record Plant(
    String name,
    double noise,
    long unitsReportMillis,
    List<Site> sites,
    List<Line> lines,
    List<Machine> machines,
    List<Meter> meters,
    Map<String, PlantFile.Product> products,
    List<PlantFile.Order> orders,
    List<PlantFile.Factor> emissionFactors,
    Map<FaultKind, Double> faults) {

  public record Site(String id, PlantFile.Site spec) {
  }

  public record Line(String id, String siteId, String name) {
  }

  /**
   * A machine.
   *
   * @param index    position in {@link Plant#machines()}, for array-indexed state
   * @param products the products its generated orders make
   */
  public record Machine(int index, String id, String lineId, String siteId, String name, PlantFile.Machine spec,
                        PlantFile.Behaviour behaviour, List<String> products) {
  }

  /**
   * A meter.
   *
   * @param index         position in {@link Plant#meters()}
   * @param ownerId       the asset it belongs to: its machine, or the line or site of a shared meter
   * @param machine       its machine, or null for a shared meter
   * @param unit          the device unit
   * @param rolloverMicro the rollover value in canonical micro-units, or 0 when the counter never wraps
   * @param targets       the machines a shared meter feeds (empty for a machine's own meter)
   * @param sharesPpm     for FIXED_SHARES: each target's share in parts per million
   */
  public record Meter(int index, String id, String ownerId, String siteId, Machine machine, String name,
                      PlantFile.Meter spec, Units.Unit unit, long rolloverMicro, List<Machine> targets,
                      long[] sharesPpm) {

    public Medium medium() {
      return spec.medium();
    }

    public MeasurementKind measurement() {
      return spec.measurement();
    }

    public long intervalMillis() {
      return spec.intervalMillis();
    }

    /** True for a meter with an allocation rule (main meter, compressor house). */
    public boolean isShared() {
      return machine == null;
    }

    public AllocationRule allocationRule() {
      return isShared() ? spec.allocation().rule() : null;
    }

    /** The canonical unit of a reading's value (kWh, kW, kg/h, m3 ...). */
    public String readingUnit() {
      return unit.canonical();
    }

    /** The canonical unit of what the meter measures over time (kWh, kg, m3). */
    public String quantityUnit() {
      return Units.amountUnit(unit.canonical());
    }

    /** Device scale times unit factor: canonical value = device value × this. */
    public java.math.BigDecimal deviceToCanonical() {
      return unit.factor().multiply(java.math.BigDecimal.valueOf(spec.scale() == null ? 1.0 : spec.scale()));
    }
  }

  /** The fault rate of a kind, 0 when off. */
  public double faultRate(FaultKind kind) {
    Double rate = faults.get(kind);
    return rate == null ? 0 : rate;
  }

  /** The same plant with other fault rates (the command line and tests switch faults). */
  public Plant withFaults(Map<FaultKind, Double> newFaults) {
    return new Plant(name, noise, unitsReportMillis, sites, lines, machines, meters, products, orders,
        emissionFactors, Map.copyOf(newFaults));
  }

  public Site site(String id) {
    return sites.stream().filter(s -> s.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no site " + id));
  }
}
