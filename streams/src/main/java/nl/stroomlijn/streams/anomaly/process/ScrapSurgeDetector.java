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
import nl.stroomlijn.streams.state.StateSerde;

/**
 * Scrap-rate surges: a Bernoulli CUSUM over the units counted, pooled over counts and orders, so
 * that a machine counting one unit a minute shows a surge as surely as one counting ten a second.
 * Each unit adds the log-likelihood ratio of "scrap at {@link #SURGE} times the usual rate" against
 * "the usual rate"; the sum, floored at zero and capped at the decision threshold, scores as it
 * nears the threshold. The cap lets the sum come down within about as many units as it took to rise
 * once a surge is over, so a later surge opens an episode of its own.
 *
 * <p>The usual rate is the product's on this machine (products differ: a press scraps 1.5% of one
 * and 3% of another, and a mix of them would make every order of the second look like a surge),
 * learned over its last {@link #MEMORY_UNITS} or so units (not counts: a slow machine's usual
 * would otherwise rest on a handful of units, and the first scrapped units of a surge would teach
 * it). Once the product's own units outweigh the machine's rate in its usual, counts are learned
 * when the sum is back at zero: while it is above they are held, and dropped if it scored on the
 * way, since the first few dozen units of a surge, learned, raise a usual with a few hundred units
 * behind it by half and hide the rest of the surge. Over {@link #MAX_HELD_UNITS} units held (and
 * {@link #MIN_HELD_COUNTS} counts) are learned as they are: a rate that lasts that long is the new
 * normal (or the usual was learned too low), not a surge to report for ever. Before that, a count
 * is learned unless it scores: a new product may well scrap more than the machine's others.
 *
 * <p>A product with few units leans on the machine's rate over all products, worth
 * {@link #MACHINE_PRIOR_UNITS} units; that rate follows Laplace's rule of succession: a rate not
 * yet seen is not taken as zero, so a machine that has made few units needs many scrapped ones
 * before they score. Bounded: at most {@link #MAX_PRODUCTS} products per
 * machine, least recently counted dropped.
 */
public final class ScrapSurgeDetector {

  /** The surge the sum is tuned to detect: scrap at this multiple of the usual rate. */
  private static final double SURGE = 8;
  /** Decision threshold (log-likelihood) at sensitivity 1: the score reaches 1 here. */
  private static final double THRESHOLD = 10;
  /** How many units, roughly, the usual rate is learned over. */
  static final double MEMORY_UNITS = 2000;
  /** How many units the machine's rate over all products counts for in a product's usual rate. */
  static final double MACHINE_PRIOR_UNITS = 200;
  static final int MAX_PRODUCTS = 64;
  /** Units held, over at least {@link #MIN_HELD_COUNTS} counts, after which they are learned whatever they scored. */
  static final double MAX_HELD_UNITS = 1000;
  /** So that a machine counting a thousand units at a time does not learn a surge one count after it scored. */
  static final int MIN_HELD_COUNTS = 20;

  /** Scrapped and all units counted, each weighed down as newer ones come in. */
  private static final class Tally {
    double scrap;
    double total;

    void add(long scrapUnits, long units) {
      double kept = Math.exp(-units / MEMORY_UNITS);
      scrap = kept * scrap + scrapUnits;
      total = kept * total + units;
    }
  }

  private final Sensitivity sensitivity;
  private double sum;
  private final Tally machine = new Tally();
  /** The product of the latest count, and its counts held since the sum left zero; whether one of them scored. */
  private String heldProduct;
  private long heldScrap;
  private long heldTotal;
  private int heldCounts;
  private boolean heldScored;
  private final Map<String, Tally> byProduct = new LinkedHashMap<>(16, 0.75f, true);

  public ScrapSurgeDetector(Sensitivity sensitivity) {
    this.sensitivity = sensitivity;
  }

  /** Scores a count of {@code good} and {@code scrap} units of {@code productId}. */
  public Finding assess(String productId, long good, long scrap) {
    long total = good + scrap;
    if (total <= 0) {
      return Finding.quiet(AnomalyKind.SCRAP_SURGE);
    }
    String product = productId == null ? "" : productId;
    if (!product.equals(heldProduct)) {
      endHeld(); // a changeover: what was held was the previous product's
      heldProduct = product;
    }
    Tally tally = byProduct.computeIfAbsent(product, p -> new Tally());
    double usual = usualRate(tally);
    double surge = Math.min(0.95, SURGE * usual);
    double threshold = sensitivity.deviations(THRESHOLD);
    sum = Math.min(threshold, Math.max(0, sum + scrap * Math.log(surge / usual) + good * Math.log((1 - surge) / (1 - usual))));
    double score = Scores.ramp(sum, 0.5 * threshold, threshold);
    if (tally.total < MACHINE_PRIOR_UNITS) {
      if (score == 0) { // a usual still mostly the machine's: a new product may well scrap more than the others
        learn(product, scrap, total);
      }
    } else {
      if (heldTotal > MAX_HELD_UNITS && heldCounts >= MIN_HELD_COUNTS) {
        learnHeld(); // a rate that has lasted this long is the new normal, surge or not
      }
      heldScrap += scrap;
      heldTotal += total;
      heldCounts++;
      heldScored |= score > 0;
      if (sum == 0) {
        endHeld();
      }
    }
    if (byProduct.size() > MAX_PRODUCTS) {
      byProduct.remove(byProduct.keySet().iterator().next());
    }
    return new Finding(AnomalyKind.SCRAP_SURGE, score, score > 0, 100.0 * scrap / total, 100 * usual, "%");
  }

  /** The stretch held is over: a surge does not teach what is usual, a climb that came to nothing does. */
  private void endHeld() {
    if (heldScored) {
      clearHeld();
    } else {
      learnHeld();
    }
  }

  private void learnHeld() {
    if (heldTotal > 0) {
      learn(heldProduct, heldScrap, heldTotal);
    }
    clearHeld();
  }

  private void clearHeld() {
    heldScrap = heldTotal = 0;
    heldCounts = 0;
    heldScored = false;
  }

  private void learn(String product, long scrap, long total) {
    byProduct.computeIfAbsent(product, p -> new Tally()).add(scrap, total);
    machine.add(scrap, total);
  }

  /** The product's scrap rate, its few units leaning on the machine's (whose unseen units count as one scrapped in two). */
  private double usualRate(Tally product) {
    double machineRate = (machine.scrap + 1) / (machine.total + 2);
    return (product.scrap + MACHINE_PRIOR_UNITS * machineRate) / (product.total + MACHINE_PRIOR_UNITS);
  }

  void writeTo(DataOutput out) throws IOException {
    out.writeDouble(sum);
    out.writeDouble(machine.scrap);
    out.writeDouble(machine.total);
    StateSerde.writeNullable(out, heldProduct);
    out.writeLong(heldScrap);
    out.writeLong(heldTotal);
    out.writeInt(heldCounts);
    out.writeBoolean(heldScored);
    out.writeInt(byProduct.size());
    for (Map.Entry<String, Tally> entry : byProduct.entrySet()) {
      out.writeUTF(entry.getKey());
      out.writeDouble(entry.getValue().scrap);
      out.writeDouble(entry.getValue().total);
    }
  }

  void readFrom(DataInput in) throws IOException {
    sum = in.readDouble();
    machine.scrap = in.readDouble();
    machine.total = in.readDouble();
    heldProduct = StateSerde.readNullable(in);
    heldScrap = in.readLong();
    heldTotal = in.readLong();
    heldCounts = in.readInt();
    heldScored = in.readBoolean();
    int size = in.readInt();
    for (int i = 0; i < size; i++) {
      Tally tally = new Tally();
      String product = in.readUTF();
      tally.scrap = in.readDouble();
      tally.total = in.readDouble();
      byProduct.put(product, tally);
    }
  }
}
