package nl.stroomlijn.streams.anomaly.process;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.streams.anomaly.detect.Finding;
import nl.stroomlijn.streams.anomaly.detect.Scores;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;

/**
 * Energy per good unit of an order against the usual for its product on this machine: a robust
 * average and spread of log(kWh per unit), so "far above" means a factor, whatever the product's
 * size. The energy is what the machine drew while RUNNING the order: energy while it stood still
 * is idle waste's business, and would make the figure depend on how long an order paused (an
 * order running overnight would look far above one that did not). Only orders above the usual
 * score; the usual is learned from finished orders that did not, but for orders far below it (see
 * {@link #SHORT_METERED}). A running order is judged so far
 * once it has run {@link #RUNNING_BEFORE_JUDGED}. Bounded: at most {@link #MAX_PRODUCTS} products
 * per machine, least recently seen dropped.
 */
public final class EnergyPerUnitDetector {

  static final int MAX_PRODUCTS = 64;
  private static final double ALPHA = 0.2;
  private static final int WARM_UP = 3;
  private static final double MIN_FACTOR = 1.2;
  /**
   * How long an order must have run before it is judged while still running. Units are counted in
   * batches (a report interval and a cycle behind the energy), which puts the figure of a running
   * order above its final one by that share of its running time: a few percent after half an hour.
   */
  static final long RUNNING_BEFORE_JUDGED = 30 * 60_000L;
  /**
   * An order that used less than this share of its product's usual energy per unit was not wholly
   * metered (a stuck counter, a gap, a meter reading low) rather than made frugally: it does not
   * teach the usual. Learned, one such order widened the usual's spread so far that a later order
   * at 2.7 times the usual scored 0.3 (seed 11, press-4). {@link #LOW_BEFORE_NEW_USUAL} of them in
   * a row are the product's new usual instead (a usual learned from too high a start).
   */
  private static final double SHORT_METERED = 0.5;
  private static final int LOW_BEFORE_NEW_USUAL = 3;

  /** What is usual for one product: log-space mean and mean absolute deviation, and how many orders. */
  private static final class Usual {
    double mean;
    double absDeviation;
    int orders;
    /** Finished orders in a row below {@link #SHORT_METERED} of the usual. */
    int lowInARow;
  }

  private final Sensitivity sensitivity;
  private final Map<String, Usual> usualByProduct = new LinkedHashMap<>(16, 0.75f, true);

  public EnergyPerUnitDetector(Sensitivity sensitivity) {
    this.sensitivity = sensitivity;
  }

  /** Scores a finished order of {@code productId} that used {@code kwh} running for {@code goodUnits}; learns it if usual. */
  public Finding assess(String productId, double kwh, long goodUnits) {
    if (goodUnits <= 0 || !(kwh > 0)) {
      return Finding.quiet(AnomalyKind.ENERGY_PER_UNIT);
    }
    double perUnit = kwh / goodUnits;
    Usual usual = usualByProduct.computeIfAbsent(productId, p -> new Usual());
    Finding finding = score(usual, perUnit);
    boolean low = usual.orders > 0 && perUnit < SHORT_METERED * Math.exp(usual.mean);
    usual.lowInARow = low ? usual.lowInARow + 1 : 0;
    if (usual.lowInARow >= LOW_BEFORE_NEW_USUAL) {
      usual.orders = 0; // the usual was what was wrong: start again from this order
      usual.absDeviation = 0;
      usual.lowInARow = 0;
      low = false;
    }
    if (finding.score() == 0 && !low) {
      double log = Math.log(perUnit);
      double weight = Math.max(ALPHA, 1.0 / (usual.orders + 1));
      double residual = log - usual.mean;
      usual.mean = usual.orders == 0 ? log : usual.mean + weight * residual;
      usual.absDeviation += usual.orders == 0 ? 0 : weight * (Math.abs(residual) - usual.absDeviation);
      usual.orders++;
    }
    if (usualByProduct.size() > MAX_PRODUCTS) {
      usualByProduct.remove(usualByProduct.keySet().iterator().next());
    }
    return finding;
  }

  /**
   * Scores an order still running, on its energy and good units so far, once it has run
   * {@link #RUNNING_BEFORE_JUDGED}; it teaches nothing (only finished orders do).
   */
  public Finding assessSoFar(String productId, double kwh, long goodUnits, long runningMillis) {
    Usual usual = usualByProduct.get(productId);
    if (usual == null || runningMillis < RUNNING_BEFORE_JUDGED || goodUnits <= 0 || !(kwh > 0)) {
      return Finding.quiet(AnomalyKind.ENERGY_PER_UNIT);
    }
    return score(usual, kwh / goodUnits);
  }

  private Finding score(Usual usual, double perUnit) {
    double score = 0;
    double expected = Math.exp(usual.mean);
    if (usual.orders >= WARM_UP && perUnit > MIN_FACTOR * expected) {
      double spread = Math.max(1.25 * usual.absDeviation, 0.05);
      score = Scores.deviation((Math.log(perUnit) - usual.mean) / spread, sensitivity.deviations(2), sensitivity.deviations(6));
    }
    return Finding.of(AnomalyKind.ENERGY_PER_UNIT, score, perUnit, usual.orders > 0 ? expected : Double.NaN, "kWh/unit");
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(usualByProduct.size());
    for (Map.Entry<String, Usual> entry : usualByProduct.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeDouble(entry.getValue().mean);
      out.writeDouble(entry.getValue().absDeviation);
      out.writeInt(entry.getValue().orders);
      out.writeInt(entry.getValue().lowInARow);
    }
  }

  /** {@code withLowCounts}: false for state written before orders far below the usual were counted. */
  void readFrom(DataInput in, boolean withLowCounts) throws IOException {
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      Usual usual = new Usual();
      String product = in.readUTF();
      usual.mean = in.readDouble();
      usual.absDeviation = in.readDouble();
      usual.orders = in.readInt();
      usual.lowInARow = withLowCounts ? in.readInt() : 0;
      usualByProduct.put(product, usual);
    }
  }
}
