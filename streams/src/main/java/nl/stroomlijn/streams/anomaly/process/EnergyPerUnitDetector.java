package nl.stroomlijn.streams.anomaly.process;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.streams.anomaly.detect.Finding;
import nl.stroomlijn.streams.anomaly.detect.Scores;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;

/**
 * Energy per good unit of an order against the usual for its product on this machine: the median
 * and median absolute deviation of log(kWh per unit) over the product's last {@link #WINDOW}
 * finished orders, so "far above" means a factor, whatever the product's size, and one odd order
 * moves neither. (A running average did: a first order metered half again too high, or one with
 * half its energy unmetered, widened the usual so far that a later order at 2.1 and at 2.7 times
 * scored 0.15 and 0.4; seeds 17 and 11.) The energy is what the machine drew while RUNNING the
 * order: energy while it stood still is idle waste's business, and would make the figure depend
 * on how long an order paused (an order running overnight would look far above one that did not).
 * Only orders above the usual score; the usual is learned from finished orders that did not. A
 * running order is judged so far once it has run {@link #RUNNING_BEFORE_JUDGED}. Bounded: at most
 * {@link #MAX_PRODUCTS} products per machine, least recently seen dropped.
 */
public final class EnergyPerUnitDetector {

  static final int MAX_PRODUCTS = 64;
  /** Finished orders per product the usual is taken from. */
  static final int WINDOW = 15;
  private static final int WARM_UP = 3;
  private static final double MIN_FACTOR = 1.2;
  /** A median absolute deviation of a normal distribution times this is its standard deviation. */
  private static final double MAD_TO_SIGMA = 1.4826;
  /** The spread in log(kWh per unit) is never taken below this: orders of one product differ by a few percent. */
  private static final double MIN_SPREAD = 0.05;
  /**
   * How long an order must have run before it is judged while still running. Units are counted in
   * batches (a report interval and a cycle behind the energy), which puts the figure of a running
   * order above its final one by that share of its running time: a few percent after half an hour.
   */
  static final long RUNNING_BEFORE_JUDGED = 30 * 60_000L;

  /** What is usual for one product: log(kWh per unit) of its last finished orders, oldest first. */
  private static final class Usual {
    final double[] logs = new double[WINDOW];
    int size;
    /** Of {@link #logs} while it is full: the oldest. */
    int oldest;
    double median;
    double spread;

    void add(double log) {
      if (size < WINDOW) {
        logs[size++] = log;
      } else {
        logs[oldest] = log;
        oldest = (oldest + 1) % WINDOW;
      }
      summarise();
    }

    void summarise() {
      if (size == 0) {
        return;
      }
      double[] sorted = Arrays.copyOf(logs, size);
      Arrays.sort(sorted);
      median = median(sorted);
      for (int i = 0; i < size; i++) {
        sorted[i] = Math.abs(logs[i] - median);
      }
      Arrays.sort(sorted);
      spread = Math.max(MAD_TO_SIGMA * median(sorted), MIN_SPREAD);
    }

    private static double median(double[] sorted) {
      int half = sorted.length / 2;
      return sorted.length % 2 == 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
    }
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
    if (finding.score() == 0) {
      usual.add(Math.log(perUnit));
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
    double expected = Math.exp(usual.median);
    if (usual.size >= WARM_UP && perUnit > MIN_FACTOR * expected) {
      score = Scores.deviation((Math.log(perUnit) - usual.median) / usual.spread, sensitivity.deviations(2),
          sensitivity.deviations(6));
    }
    return Finding.of(AnomalyKind.ENERGY_PER_UNIT, score, perUnit, usual.size > 0 ? expected : Double.NaN, "kWh/unit");
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeInt(usualByProduct.size());
    for (Map.Entry<String, Usual> entry : usualByProduct.entrySet()) {
      Usual usual = entry.getValue();
      out.writeUTF(entry.getKey());
      out.writeInt(usual.size);
      for (int i = 0; i < usual.size; i++) {
        out.writeDouble(usual.logs[(usual.oldest + i) % usual.size]);
      }
    }
  }

  /**
   * {@code windows}: false for state written when the usual was a running mean and mean absolute
   * deviation over the orders; taken on as a window of the mean and the mean plus and minus that
   * deviation, whose median and deviation they are.
   */
  void readFrom(DataInput in, boolean windows) throws IOException {
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      Usual usual = new Usual();
      String product = in.readUTF();
      if (windows) {
        int orders = in.readInt();
        for (int k = 0; k < orders; k++) {
          usual.logs[k] = in.readDouble();
        }
        usual.size = orders;
        usual.summarise();
      } else {
        double mean = in.readDouble();
        double absDeviation = in.readDouble();
        int orders = in.readInt();
        if (orders >= WARM_UP) {
          usual.add(mean - absDeviation);
          usual.add(mean);
          usual.add(mean + absDeviation);
        } else {
          for (int k = 0; k < orders; k++) {
            usual.add(mean);
          }
        }
      }
      usualByProduct.put(product, usual);
    }
  }
}
