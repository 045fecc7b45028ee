package nl.stroomlijn.streams.anomaly.detect;

import java.util.List;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.streams.state.StateBytes;

/**
 * Every per-meter detector over one meter's readings, point by point, in order, no look-ahead.
 * The stream application and the command-line scorer both run this class. Its state has a fixed
 * size whatever the length of the history ({@link #toBytes()}).
 */
public final class MeterDetector {

  /** The kinds this detector scores, in the order of {@link Assessment#findings()}. */
  public static final List<AnomalyKind> KINDS = List.of(
      AnomalyKind.SPIKE, AnomalyKind.DIP, AnomalyKind.LEVEL_SHIFT, AnomalyKind.DRIFT, AnomalyKind.FLAT_LINE,
      AnomalyKind.MISSING_DATA, AnomalyKind.COUNTER_RESET, AnomalyKind.IMPOSSIBLE_VALUE);

  /** Value-based scores are damped over the first points, while level and spread are still guesses. */
  private static final int WARM_UP_START = 10;
  private static final int WARM_UP_END = 40;
  private static final int STATE_VERSION = 8;
  /**
   * The version before the operating-state levels named their product and a new normal needed a
   * span of time: read on, the levels all picked by closeness, the counts of readings away restarted.
   */
  private static final int STATE_VERSION_WITHOUT_PRODUCTS = 6;
  /** Below this score a point teaches the operating-state levels what is normal. */
  private static final double QUIET = 0.1;

  private final MeterProfile profile;
  private final Sensitivity sensitivity;
  private SeasonalBaseline baseline = new SeasonalBaseline();
  private final SpikeDipDetector spikes;
  private LevelShiftDetector shifts;
  private DriftDetector drift;
  /** Set once the meter's machine state is known: from then on readings are judged against their state's level. */
  private boolean contextual;
  private final OperatingStateBaseline states = new OperatingStateBaseline();
  private final TargetMixBaseline targetMix = new TargetMixBaseline();
  private final FlatLineDetector flatLine;
  private final MissingDataDetector missing;
  private final CounterRegister counter = new CounterRegister();

  public MeterDetector(MeterProfile profile, Sensitivity sensitivity) {
    this.profile = profile;
    this.sensitivity = sensitivity;
    this.spikes = new SpikeDipDetector(sensitivity);
    this.shifts = new LevelShiftDetector(sensitivity);
    this.drift = new DriftDetector(sensitivity);
    this.flatLine = new FlatLineDetector(sensitivity);
    this.missing = new MissingDataDetector(sensitivity, profile.intervalMillis());
  }

  public MeterProfile profile() {
    return profile;
  }

  /** Scores one reading of a plain series; readings must come in event-time order (equal timestamps are fine). */
  public Assessment assess(long timestamp, double reading) {
    return assess(timestamp, reading, null);
  }

  /**
   * Scores one reading of a meter whose machines are in {@code context} (null when not known):
   * once a meter has a context, its readings are judged as ratios to what its machine's operating
   * state ({@link OperatingStateBaseline}) or, for a shared meter, the mix of states of the
   * machines it feeds ({@link TargetMixBaseline}) makes them expected to read.
   */
  public Assessment assess(long timestamp, double reading, MachineContext context) {
    Finding[] findings = quietFindings();
    long previousAt = missing.lastTimestamp();
    put(findings, missing.assess(timestamp));
    String unit = profile.analysedUnit();
    Finding impossible = impossibility(reading, profile.unit(), profile.canBeNegative() ? null : 0.0, null);
    if (impossible.score() > 0) {
      put(findings, impossible);
      return new Assessment(timestamp, reading, List.of(findings));
    }
    double value = reading;
    if (profile.isCounter()) {
      CounterRegister.Step step = counter.next(timestamp, reading, profile.rolloverValue());
      if (step.reset()) {
        put(findings, Finding.of(AnomalyKind.COUNTER_RESET, 1, reading, step.previous(), profile.unit()));
      }
      value = step.ratePerHour();
      if (Double.isNaN(value)) {
        return new Assessment(timestamp, reading, List.of(findings));
      }
    }
    Finding beyondMaximum = impossibility(value, unit, null, profile.maximum());
    if (beyondMaximum.score() > 0) {
      put(findings, beyondMaximum);
      return new Assessment(timestamp, reading, List.of(findings));
    }
    if (context == null && !contextual) {
      scoreDeviations(timestamp, value, unit, false, Double.NaN, Double.NaN, findings);
      put(findings, flatLine.assess(timestamp, value, unit));
    } else {
      assessInContext(timestamp, previousAt, value, unit, context, findings);
    }
    return new Assessment(timestamp, reading, List.of(findings));
  }

  private static Finding[] quietFindings() {
    Finding[] findings = new Finding[KINDS.size()];
    for (int i = 0; i < findings.length; i++) {
      findings[i] = Finding.quiet(KINDS.get(i));
    }
    return findings;
  }

  private void assessInContext(long timestamp, long previousAt, double value, String unit, MachineContext context,
      Finding[] findings) {
    if (!contextual) {
      // What was learned of the raw series says nothing of its ratios to the state levels.
      contextual = true;
      baseline = new SeasonalBaseline();
      shifts = new LevelShiftDetector(sensitivity);
      drift = new DriftDetector(sensitivity);
    }
    if (context == null || context.since() > timestamp) {
      return; // the machine's state at this reading is not known
    }
    ExpectedLevels levels = context instanceof TargetStates ? targetMix : states;
    Expectation expectation = levels.expect(windowStart(timestamp, previousAt), timestamp, context, value);
    boolean noFlowExpected = !expectation.known() || expectation.idle(value);
    // Flat at zero where nothing should flow is normal; any other repeated value is the sensor's,
    // however small (a noisy flow, a standby draw included, never repeats a value exactly).
    put(findings, flatLine.assessFlowing(timestamp, value, unit, noFlowExpected && value == 0));
    if (noFlowExpected) {
      if (expectation.pure()) {
        levels.learn(value);
      }
      return;
    }
    boolean learned = expectation.pure() && levels.track(value, timestamp);
    double ratio = expectation.ratio(value);
    if (!Double.isFinite(ratio)) {
      return; // a flow where every level learned so far is zero: nothing to measure it by yet
    }
    Finding[] ratios = quietFindings();
    // A reading wholly in one state strays as that state's readings do: a spike while OFF is as
    // clear as one while RUNNING, though its ratio to a floored near-zero level is small.
    double stateSpread = expectation.spread() / (expectation.expected() + expectation.floor());
    scoreDeviations(timestamp, ratio, unit, true, 1, stateSpread, ratios);
    boolean quiet = true;
    for (AnomalyKind kind : List.of(AnomalyKind.SPIKE, AnomalyKind.DIP, AnomalyKind.LEVEL_SHIFT, AnomalyKind.DRIFT)) {
      Finding finding = ratios[KINDS.indexOf(kind)];
      quiet &= finding.score() < QUIET && !finding.ongoing();
      if (finding.score() > 0 || finding.ongoing()) {
        put(findings, new Finding(kind, finding.score(), finding.ongoing(), expectation.value(finding.observed()),
            expectation.value(finding.expected()), unit));
      }
    }
    // While a drift may be building, the state's level must not learn it: the ratio would hide it.
    if (expectation.pure() && quiet && !drift.departing() && !learned) {
      levels.learn(value);
    }
  }

  /** Start of the span a reading measures: its instant, its interval, or (counters) since the previous reading. */
  private long windowStart(long timestamp, long previousAt) {
    if (profile.isCounter()) {
      return previousAt == Long.MIN_VALUE ? timestamp : previousAt;
    }
    boolean interval = profile.measurement() == MeasurementKind.INTERVAL_TOTAL
        || profile.measurement() == MeasurementKind.INTERVAL_AVERAGE_RATE;
    return interval && profile.intervalMillis() != null ? timestamp - profile.intervalMillis() : timestamp;
  }

  /** Scores the silence since the last reading, at {@code now}; changes nothing. */
  public Finding missingDataAt(long now) {
    return missing.gapUntil(now);
  }

  /** Event time of the latest reading, {@link Long#MIN_VALUE} before the first. */
  public long lastReadingAt() {
    return missing.lastTimestamp();
  }

  /** Since when the current value has been repeated (for flat-line explanations). */
  public long flatSince() {
    return flatLine.runStart();
  }

  /**
   * {@code ratios}: whether the values are ratios to the operating-state levels rather than the
   * raw series. Ratios are not judged net of a seasonal profile (the levels carry the meter's
   * shape, and an hourly profile of the ratios would only learn today's drift into this hour's
   * bucket and restart the drift detector when the first day's profile comes in), and a confirmed
   * level shift does not move their baseline: a ratio is 1 in every state, and a baseline moved
   * to a shift seen while OFF would make every RUNNING reading after it a dip. {@code knownExpected}
   * and {@code knownSpread}: what the value should be and how far it normally strays, when known
   * from elsewhere (a reading wholly in one operating state: a ratio of 1, and that state's own
   * spread); NaN to use the series' own baseline, damped while it is still a guess.
   */
  private void scoreDeviations(long timestamp, double value, String unit, boolean ratios, double knownExpected,
      double knownSpread, Finding[] findings) {
    boolean seasonal = !ratios;
    boolean spreadKnown = knownSpread > 0;
    double expected = spreadKnown ? knownExpected : baseline.expected(timestamp);
    double spread = spreadKnown ? knownSpread : baseline.spread();
    double confidence = spreadKnown ? 1 : Scores.weight(baseline.count(), WARM_UP_START, WARM_UP_END);
    if ((spreadKnown || baseline.count() > 1) && spread > 0) {
      Finding spike = spikes.assess(value, expected, spread, unit);
      Finding shift = shifts.assess(value, expected, spread, unit);
      boolean deseasonalise = seasonal && baseline.hasProfile(timestamp);
      // Against a profile the level now predicts better (a first weekend after weekdays), a
      // departure is the profile's error, not a drift: the drift detector neither scores nor learns it.
      double profileTrust = seasonal ? baseline.profileTrust(timestamp) : 1;
      Finding drifting = profileTrust > 0
          ? drift.assess(deseasonalise ? baseline.deseasonalised(timestamp, value) : value, deseasonalise,
              baseline.longSpread(), unit).damped(profileTrust)
          : Finding.quiet(AnomalyKind.DRIFT);
      put(findings, spike.damped(confidence));
      put(findings, shift.damped(confidence));
      // A sudden shift is not a drift: while one holds, or builds up faster than a drift, it alone reports.
      put(findings, shift.ongoing() || shift.score() >= drifting.score() ? Finding.quiet(AnomalyKind.DRIFT) : drifting.damped(confidence));
    } else if (baseline.count() > 1 && value != expected) {
      // The first change of a series that never varied: no spread to measure it by, but news.
      put(findings, Finding.of(value > expected ? AnomalyKind.SPIKE : AnomalyKind.DIP, confidence, value, expected, unit));
    }
    baseline.update(timestamp, value);
    if (shifts.confirmed()) {
      if (!ratios) {
        baseline.rebase(shifts.recentLevel());
      }
      drift.restart();
      shifts.accept(spread);
    }
  }

  private static Finding impossibility(double value, String unit, Double minimum, Double maximum) {
    boolean impossible = !Double.isFinite(value)
        || (minimum != null && value < minimum)
        || (maximum != null && value > maximum);
    double limit = minimum != null && value < minimum ? minimum : maximum != null ? maximum : Double.NaN;
    return Finding.of(AnomalyKind.IMPOSSIBLE_VALUE, impossible ? 1 : 0, value, limit, unit);
  }

  private static void put(Finding[] findings, Finding finding) {
    findings[KINDS.indexOf(finding.kind())] = finding;
  }

  /** The learned state, a few kilobytes, the same size after ten points or ten million. */
  public byte[] toBytes() {
    return StateBytes.write(4096, out -> {
      out.writeInt(STATE_VERSION);
      out.writeBoolean(contextual);
      states.writeTo(out);
      targetMix.writeTo(out);
      baseline.writeTo(out);
      shifts.writeTo(out);
      drift.writeTo(out);
      flatLine.writeTo(out);
      missing.writeTo(out);
      counter.writeTo(out);
    });
  }

  /** A detector for {@code profile} that continues from state written by {@link #toBytes()}. */
  public static MeterDetector fromBytes(MeterProfile profile, Sensitivity sensitivity, byte[] state) {
    return StateBytes.read(state, in -> {
      MeterDetector detector = new MeterDetector(profile, sensitivity);
      int version = in.readInt();
      if (version != STATE_VERSION && version != STATE_VERSION_WITHOUT_PRODUCTS) {
        return detector; // state of an older detector: relearn rather than misread it
      }
      detector.contextual = in.readBoolean();
      detector.states.readFrom(in, version == STATE_VERSION);
      detector.targetMix.readFrom(in, version == STATE_VERSION);
      detector.baseline.readFrom(in);
      detector.shifts.readFrom(in);
      detector.drift.readFrom(in);
      detector.flatLine.readFrom(in);
      detector.missing.readFrom(in);
      detector.counter.readFrom(in);
      return detector;
    });
  }
}
