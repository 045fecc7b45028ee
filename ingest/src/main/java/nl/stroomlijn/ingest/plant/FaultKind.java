package nl.stroomlijn.ingest.plant;

/**
 * The faults and anomalies the simulator can inject, each switched on by a rate in the plant file
 * or on the command line ({@code KIND=rate}); every occurrence is labelled in the ground truth.
 * The anomalies with a span (meter anomalies, {@link #IDLE_WASTE}, {@link #SCRAP_SURGE}) start
 * only where the whole span fits before the end of the run: one cut off by it would be labelled
 * with what the readings never show (a drift of ×1.4 over three hours cut after twenty minutes is
 * a rise of 4%, within the noise).
 */
public enum FaultKind {
  /** Counters with a rollover value start close to it and wrap; rate: any value above 0 switches it on. */
  COUNTER_ROLLOVER(Scope.METER, Unit.SWITCH),
  /** A counter register falls back to zero; rate per reading. */
  COUNTER_RESET(Scope.METER, Unit.PER_READING),
  /** A meter goes silent for longer than the gap threshold; rate per reading. */
  GAP(Scope.METER, Unit.PER_READING),
  /** A reading is delivered twice; rate per reading. */
  DUPLICATE(Scope.METER, Unit.PER_READING),
  /** A reading is delivered after later ones of its meter, within the reorder window; rate per reading. */
  OUT_OF_ORDER(Scope.METER, Unit.PER_READING),
  /** A reading is delivered after its meter's stream time passed it by more than the reorder window; rate per reading. */
  LATE(Scope.METER, Unit.PER_READING),
  /** A reading carries quality BAD and a meaningless value; rate per reading. */
  BAD_QUALITY(Scope.METER, Unit.PER_READING),
  /**
   * A meter's flow jumps several-fold for one reading interval; rate per meter per day. Like the
   * next three, it starts only while the meter has a flow of at least 1% of the largest it has had
   * (scaled or frozen, no flow shows nothing, and the detectors take less for none) and, on a
   * machine's own meter, once the meter has taken three readings wholly in
   * the machine's current state with the current product, one of them in the current stint of
   * that state, and on a shared meter once it has taken 40 readings: before that, what the meter
   * normally reads there is not known (a detector not told the product by the production events
   * takes the product's level from a stint's first reading), and
   * without a look-ahead a fault cannot be told from it. None starts on a machine left drawing
   * power ({@link #IDLE_WASTE}) or running an order at {@link #ENERGY_PER_UNIT}, whose meters
   * already read anomalously (nor does such an order start while one of its machine's meters is
   * faulty: a stuck counter would meter nothing of it); and a spike, being one
   * reading, only where a gap does not swallow that reading and no change of state mixes it.
   */
  SPIKE(Scope.METER, Unit.PER_DAY),
  /** A meter's flow shifts up by a third or more for hours; rate per meter per day. */
  LEVEL_SHIFT(Scope.METER, Unit.PER_DAY),
  /** A meter's flow drifts upwards over hours; rate per meter per day. */
  DRIFT(Scope.METER, Unit.PER_DAY),
  /** A sensor repeats its last value for a while (a counter stands still, then catches up); rate per meter per day. */
  STUCK_SENSOR(Scope.METER, Unit.PER_DAY),
  /**
   * A machine that is IDLE or OFF is left drawing 70% of its running power, and stays stopped for
   * the span (an hour to three), so the waste lasts longer than any idle-time allowance; rate per
   * machine per day, drawn while the machine is stopped.
   */
  IDLE_WASTE(Scope.MACHINE, Unit.PER_DAY),
  /**
   * An order runs at two to three times the power per unit its product usually needs; rate:
   * probability per order, for orders of a product the machine ran at least three times before
   * (before that, there is no usual to be far above) that fit in the run at half their full pace.
   */
  ENERGY_PER_UNIT(Scope.ORDER, Unit.PER_ORDER),
  /**
   * A machine's scrap probability rises tenfold (at most 0.9) for as many units as make 15 to 25
   * more scrapped units than usual, so that it shows in the counts however slowly the machine
   * makes units (time standing still makes no scrap); rate per machine per day, drawn while the
   * machine runs an order, of a product it made enough of for three scrapped units at the usual
   * rate (a surge among a product's first units has no usual to stand out from), and only where
   * the order has units enough left for it (it is the process's, of the product being made).
   */
  SCRAP_SURGE(Scope.MACHINE, Unit.PER_DAY);

  /** What a fault is about. */
  public enum Scope { METER, MACHINE, ORDER }

  /** What the rate of a fault counts. */
  public enum Unit { SWITCH, PER_READING, PER_DAY, PER_ORDER }

  private final Scope scope;
  private final Unit rateUnit;

  FaultKind(Scope scope, Unit rateUnit) {
    this.scope = scope;
    this.rateUnit = rateUnit;
  }

  public Scope scope() {
    return scope;
  }

  public Unit rateUnit() {
    return rateUnit;
  }
}
