package nl.stroomlijn.ingest.plant;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.schemas.AllocationRule;
import nl.stroomlijn.schemas.EmissionMethod;
import nl.stroomlijn.schemas.GhgScope;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;

/**
 * A plant file as written (YAML): the declarative description of sites, lines, machines,
 * meters, products, machine behaviour, orders, emission factors and the rates of simulated faults
 * ({@link FaultKind}). Ids here
 * are local (a machine's id is unique within its line); {@link PlantLoader} resolves them into
 * asset ids like {@code site-ede/line-1/press-2/em} and checks every reference. See
 * {@code plants/default.yaml} for a commented example.
 */
public record PlantFile(
    String name,
    Double noise,
    Long unitsReportMillis,
    Map<String, Behaviour> behaviours,
    List<Product> products,
    List<Site> sites,
    List<Order> orders,
    List<Factor> emissionFactors,
    Map<FaultKind, Double> faults) {

  /**
   * How long a machine stays in each state (exponential, mean in minutes) and where it goes next
   * (probabilities per state, summing to 1).
   */
  public record Behaviour(Map<OperatingState, Double> meanMinutes,
                          Map<OperatingState, Map<OperatingState, Double>> transitions) {
  }

  /**
   * A product. {@code powerKw} overrides the machine's electric power in the states it names while
   * an order of this product runs; material is fed at {@code materialPerUnitKg} per cycle.
   */
  public record Product(String id, String name, Double unitMassKg, Long cycleTimeMillis,
                        Map<OperatingState, Double> powerKw, String materialId, Double materialPerUnitKg,
                        Double scrapProbability) {
  }

  public record Site(String id, String name, String timeZone, String gridZone, List<Line> lines, List<Meter> meters) {
  }

  /** A line; {@code copies: n} makes n lines named {@code id-1 .. id-n}. */
  public record Line(String id, String name, Integer copies, List<Machine> machines, List<Meter> meters) {
  }

  /**
   * A machine; {@code copies: n} makes n machines named {@code id-1 .. id-n}. {@code powerKw}: its
   * electric power per state; {@code products}: what its generated orders make.
   */
  public record Machine(String id, String name, Integer copies, String behaviour, Long idealCycleTimeMillis,
                        Double idlePowerThresholdKw, Map<OperatingState, Double> powerKw, List<String> products,
                        Range orderQuantity, List<Meter> meters) {
  }

  /**
   * A meter. {@code unit} is the device unit; {@code rolloverValue} is in it. {@code rate} is the
   * canonical rate per hour it measures in each state of its machine (for a shared meter: of each
   * target machine, summed); electricity meters of a machine follow the machine's and product's
   * power, material feeders the product's material per cycle.
   */
  public record Meter(String id, String name, Medium medium, MeasurementKind measurement, String unit, Double scale,
                      Double rolloverValue, Long intervalMillis, String materialId, Map<OperatingState, Double> rate,
                      Allocation allocation) {
  }

  /**
   * How a shared meter is allocated. Targets are machine ids relative to the meter's owner (a line's
   * machine id, or {@code line/machine} for a site meter), or {@code *} for all of its machines.
   */
  public record Allocation(AllocationRule rule, List<String> targets, List<Double> shares) {
  }

  public record Range(long min, long max) {
  }

  /** A scheduled order, run before any generated ones on its machine (machine by asset id). */
  public record Order(String id, String machine, String product, long quantity) {
  }

  public record Factor(String zone, Medium medium, Instant validFrom, BigDecimal kgCo2ePerUnit, GhgScope scope,
                       EmissionMethod method, String source) {
  }
}
