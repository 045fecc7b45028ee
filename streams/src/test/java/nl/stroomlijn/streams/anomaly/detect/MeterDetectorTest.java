package nl.stroomlijn.streams.anomaly.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.OperatingState;
import org.junit.jupiter.api.Test;

class MeterDetectorTest {

  private static final double OPEN = 0.6;
  private static final int ANOMALY_AT = 3000; // day 10 of the two weeks: every profile bucket has been seen

  private static List<Assessment> run(SyntheticSeries series, MeterProfile profile) {
    MeterDetector detector = new MeterDetector(profile, Sensitivity.DEFAULT);
    List<Assessment> assessments = new ArrayList<>();
    for (int i = 0; i < series.size(); i++) {
      assessments.add(detector.assess(series.timestamps[i], series.values[i]));
    }
    return assessments;
  }

  private static List<Assessment> run(SyntheticSeries series) {
    return run(series, MeterProfile.series("m"));
  }

  private static double peak(List<Assessment> assessments, AnomalyKind kind, int from, int to) {
    int k = MeterDetector.KINDS.indexOf(kind);
    return assessments.subList(from, to).stream().mapToDouble(a -> a.findings().get(k).score()).max().orElse(0);
  }

  private static long pointsAtOrAbove(List<Assessment> assessments, double score) {
    return assessments.stream().filter(a -> a.score() >= score).count();
  }

  @Test
  void aCleanSeasonalSeriesStaysQuietOnceItHasSeenAWeek() {
    List<Assessment> assessments = run(SyntheticSeries.twoWeeks());
    List<Assessment> secondWeek = assessments.subList(assessments.size() / 2, assessments.size());

    assertThat(assessments).allSatisfy(a -> assertThat(a.score()).isBetween(0.0, 1.0));
    assertThat(pointsAtOrAbove(secondWeek, OPEN)).as("points that would open an episode, of %d", secondWeek.size())
        .isLessThanOrEqualTo(secondWeek.size() / 500);
  }

  @Test
  void theSeasonalProfileBlendsInWithoutAlarmsOnTheSecondDay() {
    // Seeds 1-7 and 42, points >= 0.6 after the first day (which sees the shift change for the
    // first time): days 1-4 hold 1 each, the first weekend 15-18 (it is unlike every day before),
    // all of it 19-34. Before the profile was blended in by its confidence: ~57 on day 1 alone, ~190.
    for (long seed : new long[] {1, 2, 3, 42}) {
      List<Assessment> assessments = run(new SyntheticSeries(14, SyntheticSeries.FIVE_MINUTES, 1.0, seed));
      int day = 288;

      assertThat(pointsAtOrAbove(assessments.subList(day, 5 * day), OPEN)).as("weekdays 2-5, seed %d", seed).isLessThanOrEqualTo(3);
      assertThat(pointsAtOrAbove(assessments.subList(day, assessments.size()), OPEN)).as("after day 1, seed %d", seed)
          .isLessThanOrEqualTo(40);
    }
  }

  @Test
  void findsASpikeAndADipAtThePoint() {
    SyntheticSeries series = SyntheticSeries.twoWeeks().add(ANOMALY_AT, ANOMALY_AT + 1, 25).add(ANOMALY_AT + 500, ANOMALY_AT + 501, -25);
    List<Assessment> assessments = run(series);

    assertThat(peak(assessments, AnomalyKind.SPIKE, ANOMALY_AT, ANOMALY_AT + 1)).isGreaterThanOrEqualTo(OPEN);
    assertThat(peak(assessments, AnomalyKind.DIP, ANOMALY_AT + 500, ANOMALY_AT + 501)).isGreaterThanOrEqualTo(OPEN);
    assertThat(assessments.get(ANOMALY_AT).findings().get(0).expected()).isCloseTo(series.values[ANOMALY_AT] - 25, org.assertj.core.data.Offset.offset(5.0));
  }

  @Test
  void findsALevelShiftWithinItsSpanAndHoldsItWhileItLasts() {
    // Within one day shift: the hold compares levels, not residuals (see LevelShiftDetector).
    List<Assessment> assessments = run(SyntheticSeries.twoWeeks().add(ANOMALY_AT, ANOMALY_AT + 100, 15));
    int k = MeterDetector.KINDS.indexOf(AnomalyKind.LEVEL_SHIFT);

    assertThat(peak(assessments, AnomalyKind.LEVEL_SHIFT, ANOMALY_AT, ANOMALY_AT + 12)).isGreaterThanOrEqualTo(OPEN);
    assertThat(assessments.get(ANOMALY_AT + 80).findings().get(k).ongoing()).isTrue();
    assertThat(assessments.get(ANOMALY_AT + 130).findings().get(k).ongoing()).isFalse();
  }

  @Test
  void findsADriftWithinItsSpan() {
    // On the seasonal series the CUSUM usually names a drift first, as a level shift: either counts.
    List<Assessment> assessments = run(SyntheticSeries.twoWeeks().ramp(ANOMALY_AT, ANOMALY_AT + 600, 0.03));

    assertThat(Math.max(peak(assessments, AnomalyKind.DRIFT, ANOMALY_AT, ANOMALY_AT + 600),
        peak(assessments, AnomalyKind.LEVEL_SHIFT, ANOMALY_AT, ANOMALY_AT + 600))).isGreaterThanOrEqualTo(OPEN);
  }

  @Test
  void theDriftDetectorNamesARampOfAFewPercentOfTheNoisePerPoint() {
    DriftDetector drift = new DriftDetector(Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(7);
    double peakBefore = 0;
    for (int i = 0; i < 2000; i++) {
      peakBefore = Math.max(peakBefore, drift.assess(random.nextGaussian(), false, 1.0, "kW").score());
    }
    double peakDuring = 0;
    for (int i = 0; i < 1000; i++) {
      peakDuring = Math.max(peakDuring, drift.assess(random.nextGaussian() + 0.05 * i, false, 1.0, "kW").score());
    }
    assertThat(peakBefore).isLessThan(OPEN);
    assertThat(peakDuring).isGreaterThanOrEqualTo(OPEN);
  }

  @Test
  void aSpikeWhileIdleIsThatOnePointAndTheNormalReadingsAfterItStayQuiet() {
    // A meter alternating 45 kW RUNNING and 5.5 kW IDLE every half hour, 2% noise, one 30 kW
    // reading while IDLE. Before the drift detector clipped its averages, the spike (a ratio of
    // 5.4 to the IDLE level) dragged its fast average off and the normal readings after it
    // scored 1.0 as a DRIFT for half an hour.
    MeterProfile power = new MeterProfile("pm", MeasurementKind.INSTANTANEOUS_RATE, false, null, 60_000L, null, "kW");
    MeterDetector detector = new MeterDetector(power, Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(3);
    int spikeAt = 2075;
    long t = SyntheticSeries.START;
    OperatingContext context = new OperatingContext(OperatingState.RUNNING, t);
    List<Assessment> assessments = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      t += 60_000;
      OperatingState state = (i / 30) % 2 == 0 ? OperatingState.RUNNING : OperatingState.IDLE;
      if (state != context.state()) {
        context = new OperatingContext(state, t - 30_000);
      }
      double level = state == OperatingState.RUNNING ? 45 : 5.5;
      double reading = i == spikeAt ? 30 : level * (1 + 0.02 * random.nextGaussian());
      assessments.add(detector.assess(t, reading, context));
    }
    Finding spike = assessments.get(spikeAt).findings().get(MeterDetector.KINDS.indexOf(AnomalyKind.SPIKE));

    assertThat(spike.score()).isGreaterThanOrEqualTo(OPEN);
    assertThat(spike.expected()).isCloseTo(5.5, org.assertj.core.data.Offset.offset(0.3));
    for (int i = 200; i < assessments.size(); i++) {
      if (i != spikeAt) {
        assertThat(assessments.get(i).score()).as("normal reading %d", i).isLessThan(0.1);
      }
    }
  }

  /**
   * Readings of a power meter whose machine runs through {@code states}, one reading a minute, with
   * {@code runningNoise} while RUNNING and 2% otherwise; fivefold at {@code spikeAt}.
   */
  private static List<Assessment> runInStates(List<OperatingState> states, List<Double> levels, double runningNoise,
      int spikeAt) {
    return runInStates(states, levels, null, runningNoise, spikeAt);
  }

  /** The same, the machine's product told ({@code products}, an entry per reading) or not ({@code products} null). */
  private static List<Assessment> runInStates(List<OperatingState> states, List<Double> levels, List<String> products,
      double runningNoise, int spikeAt) {
    MeterProfile power = new MeterProfile("pm", MeasurementKind.INSTANTANEOUS_RATE, false, null, 60_000L, null, "kW");
    MeterDetector detector = new MeterDetector(power, Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(5);
    long t = SyntheticSeries.START;
    OperatingContext context = null;
    List<Assessment> assessments = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      t += 60_000;
      String product = products == null ? null : products.get(i);
      boolean stateChanged = context == null || states.get(i) != context.state();
      if (stateChanged || !java.util.Objects.equals(product, context.productId())) {
        long since = stateChanged ? t - 30_000 : context.since();
        // An order starts with its changeover, as the simulator's do: its event and the state's come together.
        long productSince = context == null || !java.util.Objects.equals(product, context.productId()) ? since : context.productSince();
        context = new OperatingContext(states.get(i), since, product, productSince);
      }
      double noise = states.get(i) == OperatingState.RUNNING ? runningNoise : 0.02;
      double level = levels.get(i) * (1 + noise * random.nextGaussian());
      assessments.add(detector.assess(t, i == spikeAt ? 5 * levels.get(i) : level, context));
    }
    return assessments;
  }

  @Test
  void aSpikeWhileOffIsAsClearAsOneWhileRunning() {
    // 80 kW RUNNING with 15% noise (a press's strokes), a steady 0.3 kW OFF: as a ratio to the OFF
    // level padded by the zero-flow floor (1% of 80 kW), a fivefold OFF reading was 2.1, measured
    // against the spread of all ratios, RUNNING's noise included; against OFF's own spread it is plain.
    List<OperatingState> states = new ArrayList<>();
    List<Double> levels = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      boolean running = (i / 40) % 2 == 0;
      states.add(running ? OperatingState.RUNNING : OperatingState.OFF);
      levels.add(running ? 80.0 : 0.3);
    }
    int spikeAt = 2070; // OFF
    List<Assessment> assessments = runInStates(states, levels, 0.15, spikeAt);

    assertThat(peak(assessments, AnomalyKind.SPIKE, spikeAt, spikeAt + 1)).isGreaterThanOrEqualTo(OPEN);
    for (int i = 200; i < assessments.size(); i++) {
      if (i != spikeAt) {
        assertThat(assessments.get(i).score()).as("normal reading %d", i).isLessThan(OPEN);
      }
    }
  }

  @Test
  void aProductRunBeforeIsRecognisedAfterAChangeoverSoItsSecondReadingIsJudged() {
    // Orders of two products, 40 kW and 20 kW while RUNNING, each after a SETUP; the fifth order
    // (product A again) spikes at its second running reading, which no freshly learned level could judge.
    List<OperatingState> states = new ArrayList<>();
    List<Double> levels = new ArrayList<>();
    int spikeAt = -1;
    for (int order = 0; order < 6; order++) {
      for (int i = 0; i < 10; i++) {
        states.add(OperatingState.SETUP);
        levels.add(8.0);
      }
      for (int i = 0; i < 60; i++) {
        if (order == 4 && i == 1) {
          spikeAt = states.size();
        }
        states.add(OperatingState.RUNNING);
        levels.add(order % 2 == 0 ? 40.0 : 20.0);
      }
    }
    List<Assessment> assessments = runInStates(states, levels, 0.02, spikeAt);

    assertThat(peak(assessments, AnomalyKind.SPIKE, spikeAt, spikeAt + 1)).isGreaterThanOrEqualTo(OPEN);
    for (int i = 140; i < assessments.size(); i++) {
      if (i != spikeAt) {
        assertThat(assessments.get(i).score()).as("normal reading %d", i).isLessThan(OPEN);
      }
    }
  }

  @Test
  void aChangeoverBetweenTwoReadingsIsSeenByTheProductLevelTheNextRunFits() {
    // Orders of 40 kW and 20 kW products with a changeover too short for any reading to fall in
    // it: the meter goes RUNNING, IDLE, RUNNING. Without a SETUP seen, the 40 kW level stayed in
    // use and every reading of the 20 kW order was a dip.
    List<OperatingState> states = new ArrayList<>();
    List<Double> levels = new ArrayList<>();
    for (int order = 0; order < 8; order++) {
      boolean seenSetup = order < 4;
      for (int i = 0; i < 5; i++) {
        states.add(seenSetup ? OperatingState.SETUP : OperatingState.IDLE);
        levels.add(seenSetup ? 8.0 : 5.0);
      }
      for (int i = 0; i < 60; i++) {
        states.add(OperatingState.RUNNING);
        levels.add(order % 2 == 0 ? 40.0 : 20.0);
      }
    }
    List<Assessment> assessments = runInStates(states, levels, 0.02, -1);

    for (int i = 4 * 65; i < assessments.size(); i++) {
      assertThat(assessments.get(i).score()).as("reading %d", i).isLessThan(OPEN);
    }
  }

  @Test
  void aToldProductIsJudgedAtItsOwnLevelFromItsFirstReadingThoughAnotherProductsLevelFits() {
    // Orders of product A (40 kW) and B (25 kW) in turn, each SETUP (8 kW), RUNNING, IDLE. The
    // eleventh order, B, draws 1.6 times its usual: 40 kW, A's level. Picked by closeness, its
    // first running reading takes A's level and the whole order reads normal (the oven's
    // 15-minute smart meter of seed 99 lost a shift's readings to that pick); told the product,
    // the detector judges it against B's level from that reading on.
    List<OperatingState> states = new ArrayList<>();
    List<Double> levels = new ArrayList<>();
    List<String> products = new ArrayList<>();
    int surgeFrom = -1;
    for (int order = 0; order < 12; order++) {
      boolean b = order % 2 == 1;
      if (order == 11) {
        surgeFrom = states.size() + 10;
      }
      for (int i = 0; i < 80; i++) {
        OperatingState state = i < 10 ? OperatingState.SETUP : i < 70 ? OperatingState.RUNNING : OperatingState.IDLE;
        states.add(state);
        levels.add(switch (state) {
          case SETUP -> 8.0;
          case RUNNING -> order == 11 ? 40.0 : b ? 25.0 : 40.0;
          default -> 4.0;
        });
        products.add(state == OperatingState.IDLE ? null : b ? "b" : "a");
      }
    }
    List<Assessment> told = runInStates(states, levels, products, 0.02, -1);
    List<Assessment> notTold = runInStates(states, levels, null, 0.02, -1);

    double toldPeak = Math.max(peak(told, AnomalyKind.SPIKE, surgeFrom, surgeFrom + 5), peak(told, AnomalyKind.LEVEL_SHIFT, surgeFrom, surgeFrom + 5));
    assertThat(toldPeak).as("told the product").isGreaterThanOrEqualTo(OPEN);
    assertThat(notTold.subList(surgeFrom, surgeFrom + 60)).as("picked by closeness").allSatisfy(a -> assertThat(a.score()).isLessThan(OPEN));
    for (int i = 200; i < surgeFrom; i++) {
      assertThat(told.get(i).score()).as("normal reading %d", i).isLessThan(OPEN);
    }
  }

  @Test
  void hoursOfIdleWasteOnAFastMeterDoNotBecomeIdlesNormal() {
    // A 10-second power meter, RUNNING 40 kW and IDLE 8 kW by turns, then 90 minutes IDLE at 28 kW
    // (left drawing power: 540 readings). When 500 readings away made a new normal, IDLE took
    // 28 kW, the normal IDLE readings after it were dips and a fivefold spike read 1.3 (seed 777, imm-6).
    MeterProfile power = new MeterProfile("pm", MeasurementKind.INSTANTANEOUS_RATE, false, null, 10_000L, null, "kW");
    MeterDetector detector = new MeterDetector(power, Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(7);
    long t = SyntheticSeries.START;
    OperatingContext context = null;
    int wasteFrom = 8640;
    int wasteTo = wasteFrom + 540;
    int spikeAt = wasteTo + 4 * 360 + 100;
    List<Assessment> assessments = new ArrayList<>();
    OperatingState atSpike = null;
    for (int i = 0; i < spikeAt + 200; i++) {
      t += 10_000;
      boolean waste = i >= wasteFrom && i < wasteTo;
      OperatingState state = waste || (i / 180) % 2 == 1 ? OperatingState.IDLE : OperatingState.RUNNING;
      if (context == null || state != context.state()) {
        context = new OperatingContext(state, t - 5_000);
      }
      double level = state == OperatingState.RUNNING ? 40 : waste ? 28 : 8;
      double reading = i == spikeAt ? 5 * 8 : level * (1 + 0.02 * random.nextGaussian());
      atSpike = i == spikeAt ? state : atSpike;
      assessments.add(detector.assess(t, reading, context));
    }

    assertThat(atSpike).as("the spike falls in an IDLE stint").isEqualTo(OperatingState.IDLE);
    assertThat(peak(assessments, AnomalyKind.SPIKE, spikeAt, spikeAt + 1)).isGreaterThanOrEqualTo(OPEN);
    for (int i = wasteTo + 360; i < assessments.size(); i++) {
      if (i != spikeAt) {
        assertThat(assessments.get(i).findings().get(MeterDetector.KINDS.indexOf(AnomalyKind.DIP)).score())
            .as("normal reading %d", i).isLessThan(OPEN);
      }
    }
  }

  @Test
  void aStateFirstSeenWhileTheMachineWastedPowerUnlearnsThatDrawOnceItsTrueReadingsOutnumberIt() {
    // A 15-second counter of a press RUNNING 45 kW and IDLE 8 kW by turns, first seen OFF while
    // left drawing 30 kW for two hours (480 readings): OFF's level is learned from the waste. After
    // it, OFF draws 0.3 kW. Once those readings outnumber the waste's, they are OFF's level, and a
    // spike while OFF stands out; waiting for 8 hours of them took the spike (seed 99, press-6).
    MeterProfile counter = new MeterProfile("em", MeasurementKind.CUMULATIVE_COUNTER, false, null, 15_000L, null, "kWh");
    MeterDetector detector = new MeterDetector(counter, Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(11);
    long t = SyntheticSeries.START;
    double register = 0;
    OperatingContext context = null;
    int wasteFrom = 2400;
    int wasteTo = wasteFrom + 480;
    // OFF stints of 120 readings from the waste on, between 120 of RUNNING: by the seventh, 720 true readings, 6 h 15 min.
    int spikeAt = wasteTo + 13 * 120 + 60;
    List<Assessment> assessments = new ArrayList<>();
    OperatingState atSpike = null;
    for (int i = 0; i < spikeAt + 60; i++) {
      t += 15_000;
      OperatingState state;
      if (i < wasteFrom) {
        state = (i / 120) % 2 == 0 ? OperatingState.RUNNING : OperatingState.IDLE;
      } else if (i < wasteTo) {
        state = OperatingState.OFF;
      } else {
        state = ((i - wasteTo) / 120) % 2 == 0 ? OperatingState.RUNNING : OperatingState.OFF;
      }
      if (context == null || state != context.state()) {
        context = new OperatingContext(state, t - 7_000);
      }
      double kw = switch (state) {
        case RUNNING -> 45;
        case IDLE -> 8;
        default -> i < wasteTo ? 30 : 0.3;
      };
      register += (i == spikeAt ? 5 : 1) * kw * (1 + 0.02 * random.nextGaussian()) * 15 / 3600.0;
      atSpike = i == spikeAt ? state : atSpike;
      assessments.add(detector.assess(t, register, context));
    }

    assertThat(atSpike).as("the spike falls in an OFF stint").isEqualTo(OperatingState.OFF);
    assertThat(peak(assessments, AnomalyKind.SPIKE, spikeAt, spikeAt + 2)).isGreaterThanOrEqualTo(OPEN);
  }

  @Test
  void aSecondStuckSpellOfAFlowingMeterIsAFlatLineLikeTheFirst() {
    // A 15-second counter of a machine RUNNING 40 kW and IDLE 6 kW by turns, stuck for two hours,
    // free for ten readings, then stuck again: learned as a normal run, the first spell made the
    // second one normal until it outlasted it (seed 3, station-1: 92 minutes, found as a dip only).
    MeterProfile counter = new MeterProfile("em", MeasurementKind.CUMULATIVE_COUNTER, false, null, 15_000L, null, "kWh");
    MeterDetector detector = new MeterDetector(counter, Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(13);
    long t = SyntheticSeries.START;
    double register = 0;
    double reported = 0;
    OperatingContext context = null;
    int firstFrom = 3000;
    int secondFrom = firstFrom + 490;
    List<Assessment> assessments = new ArrayList<>();
    for (int i = 0; i < secondFrom + 400; i++) {
      t += 15_000;
      OperatingState state = (i / 120) % 2 == 0 ? OperatingState.RUNNING : OperatingState.IDLE;
      if (context == null || state != context.state()) {
        context = new OperatingContext(state, t - 7_000);
      }
      register += (state == OperatingState.RUNNING ? 40 : 6) * (1 + 0.02 * random.nextGaussian()) * 15 / 3600.0;
      boolean stuck = i >= firstFrom && i < firstFrom + 480 || i >= secondFrom;
      reported = stuck ? reported : register;
      assessments.add(detector.assess(t, reported, context));
    }

    assertThat(peak(assessments, AnomalyKind.FLAT_LINE, firstFrom, firstFrom + 480)).as("first").isGreaterThanOrEqualTo(OPEN);
    assertThat(peak(assessments, AnomalyKind.FLAT_LINE, secondFrom, secondFrom + 400)).as("second").isGreaterThanOrEqualTo(OPEN);
  }

  @Test
  void aWindowInWhichTheOrderChangesWithoutAStateChangeIsNeitherJudgedNorLearnedAtEitherLevel() {
    // A 15-minute interval meter; orders of A (40 kW) and B (20 kW) follow one another while the
    // machine stays RUNNING (a replay's row ends one order and starts the next). The reading whose
    // quarter hour holds the change draws a mix: judged at B's level it read as a spike.
    MeterProfile smart = new MeterProfile("smart", MeasurementKind.INTERVAL_TOTAL, false, null, 900_000L, null, "kWh");
    MeterDetector detector = new MeterDetector(smart, Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(17);
    long t = SyntheticSeries.START;
    OperatingContext context = new OperatingContext(OperatingState.RUNNING, t, "a", t);
    List<Assessment> mixedReadings = new ArrayList<>();
    for (int order = 0; order < 40; order++) {
      String product = order % 2 == 0 ? "a" : "b";
      double kw = order % 2 == 0 ? 40 : 20;
      for (int quarter = 0; quarter < 16; quarter++) {
        t += 900_000;
        double energy = kw * (1 + 0.02 * random.nextGaussian()) / 4;
        if (quarter == 0 && order > 0) {
          // the order changed 5 minutes into this quarter hour
          context = new OperatingContext(OperatingState.RUNNING, context.since(), product, t - 600_000);
          double before = order % 2 == 0 ? 20 : 40;
          energy = (before * 5 + kw * 10) / 60;
          mixedReadings.add(detector.assess(t, energy, context));
        } else {
          detector.assess(t, energy, context);
        }
      }
    }

    assertThat(mixedReadings.subList(4, mixedReadings.size())).allSatisfy(a -> assertThat(a.score()).isLessThan(0.1));
  }

  @Test
  void aLastingStepOfAStatesLevelIsFoundAndBecomesTheNewNormal() {
    // RUNNING 45 kW steps to 60 kW for good (new tooling); IDLE stays 5.5 kW. The shift must be
    // found at once, must not turn the IDLE readings into dips (a ratio baseline moved to the
    // shift once did), and once the hold has run out the new level is normal again.
    List<OperatingState> states = new ArrayList<>();
    List<Double> levels = new ArrayList<>();
    int stepAt = 1500;
    for (int i = 0; i < 9000; i++) {
      boolean running = (i / 30) % 2 == 0;
      states.add(running ? OperatingState.RUNNING : OperatingState.IDLE);
      levels.add(running ? (i >= stepAt ? 60.0 : 45.0) : 5.5);
    }
    List<Assessment> assessments = runInStates(states, levels, 0.02, -1);

    assertThat(peak(assessments, AnomalyKind.LEVEL_SHIFT, stepAt, stepAt + 20)).isGreaterThanOrEqualTo(OPEN);
    for (int i = stepAt; i < assessments.size(); i++) {
      if (states.get(i) == OperatingState.IDLE) {
        for (AnomalyKind kind : List.of(AnomalyKind.DIP, AnomalyKind.SPIKE)) {
          assertThat(assessments.get(i).findings().get(MeterDetector.KINDS.indexOf(kind)).score())
              .as("%s of IDLE reading %d", kind, i).isLessThan(OPEN);
        }
      }
    }
    for (int i = 8000; i < assessments.size(); i++) {
      Assessment a = assessments.get(i);
      assertThat(a.score()).as("reading %d", i).isLessThan(0.1);
      assertThat(a.findings().get(MeterDetector.KINDS.indexOf(AnomalyKind.LEVEL_SHIFT)).ongoing()).as("reading %d", i).isFalse();
    }
  }

  @Test
  void aSharedMeterIsJudgedByTheMixOfStatesOfTheMachinesItFeeds() {
    // A compressor feeding six presses: 7.5 kW per running press, 2 per idle one, 0.4 per one
    // that is off, 3% noise. Presses start and stop all the time; that is no level shift. From
    // point 6000 it draws half as much again for the same mix: that is.
    MeterProfile power = new MeterProfile("compressor", MeasurementKind.INSTANTANEOUS_RATE, false, null, 10_000L, null, "kW");
    MeterDetector detector = new MeterDetector(power, Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(11);
    OperatingState[] presses = new OperatingState[6];
    java.util.Arrays.fill(presses, OperatingState.IDLE);
    long t = SyntheticSeries.START;
    long since = t;
    int shiftAt = 6000;
    List<Assessment> assessments = new ArrayList<>();
    for (int i = 0; i < 7000; i++) {
      t += 10_000;
      if (random.nextDouble() < 0.02) { // a press changes state between readings
        presses[random.nextInt(6)] = OperatingState.values()[random.nextInt(OperatingState.values().length)];
        since = t - 5_000;
      }
      int[] counts = new int[OperatingState.values().length];
      double draw = 0;
      for (OperatingState press : presses) {
        counts[press.ordinal()]++;
        draw += switch (press) {
          case RUNNING -> 7.5;
          case IDLE, SETUP -> 2.0;
          case DOWN -> 1.0;
          case OFF -> 0.4;
        };
      }
      double reading = draw * (i >= shiftAt ? 1.5 : 1) * (1 + 0.03 * random.nextGaussian());
      assessments.add(detector.assess(t, reading, new TargetStates(counts, since)));
    }

    assertThat(peak(assessments, AnomalyKind.LEVEL_SHIFT, shiftAt, shiftAt + 30)).isGreaterThanOrEqualTo(OPEN);
    for (int i = 1000; i < shiftAt; i++) {
      assertThat(assessments.get(i).score()).as("normal reading %d", i).isLessThan(OPEN);
    }
  }

  @Test
  void aFlowWhereEveryLevelLearnedIsZeroLeavesNoNaNBehind() {
    // A feeder that has only stood still: its levels are all zero, the zero-flow floor is nil and
    // the ratio of its first flow infinite. That once turned the detector's baseline into NaN and
    // every later reading into a DIP scored 1.
    List<OperatingState> states = new ArrayList<>();
    List<Double> levels = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      states.add(OperatingState.IDLE);
      levels.add(0.0);
    }
    states.add(OperatingState.IDLE);
    levels.add(12.0);
    for (int i = 0; i < 600; i++) {
      boolean running = (i / 50) % 2 == 0;
      states.add(running ? OperatingState.RUNNING : OperatingState.IDLE);
      levels.add(running ? 12.0 : 0.0);
    }
    List<Assessment> assessments = runInStates(states, levels, 0.02, -1);

    for (int i = 300; i < assessments.size(); i++) {
      assertThat(assessments.get(i).score()).as("reading %d", i).isLessThan(OPEN);
      assessments.get(i).findings().forEach(f -> assertThat(f.score()).isNotNaN());
    }
  }

  /** A power meter at 20 kW RUNNING and {@code offKw} OFF, 40 readings each in turn; from {@code stuckAt} on it repeats its last value. */
  private static List<Assessment> runWithStandbyDraw(double offKw, int stuckAt) {
    MeterProfile power = new MeterProfile("pm", MeasurementKind.INSTANTANEOUS_RATE, false, null, 60_000L, null, "kW");
    MeterDetector detector = new MeterDetector(power, Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(11);
    long t = SyntheticSeries.START;
    OperatingContext context = null;
    double last = 0;
    List<Assessment> assessments = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      t += 60_000;
      OperatingState state = (i / 40) % 2 == 0 ? OperatingState.RUNNING : OperatingState.OFF;
      if (context == null || state != context.state()) {
        context = new OperatingContext(state, t - 30_000);
      }
      double level = (state == OperatingState.RUNNING ? 20 : offKw) * (1 + 0.02 * random.nextGaussian());
      last = stuckAt >= 0 && i >= stuckAt ? last : level;
      assessments.add(detector.assess(t, last, context));
    }
    return assessments;
  }

  @Test
  void aSensorStuckOnAStandbyDrawIsAFlatLine() {
    // 0.1 kW OFF is under 1% of the meter's 20 kW: no flow to the levels, yet a noisy standby draw
    // never repeats a value, so one repeated for the rest of an OFF stint is the sensor's.
    int stuckAt = 1080 + 5; // five readings into an OFF stint (readings 1080-1119)
    List<Assessment> stuck = runWithStandbyDraw(0.1, stuckAt);
    List<Assessment> offAtZero = runWithStandbyDraw(0.0, -1);

    assertThat(peak(stuck, AnomalyKind.FLAT_LINE, stuckAt, 1120)).isGreaterThanOrEqualTo(OPEN);
    assertThat(peak(stuck, AnomalyKind.FLAT_LINE, 0, stuckAt)).isZero();
    // Flat at zero while nothing should flow is what an OFF machine's meter reads.
    assertThat(peak(offAtZero, AnomalyKind.FLAT_LINE, 0, offAtZero.size())).isZero();
  }

  @Test
  void findsAStuckSensorWithinItsSpan() {
    List<Assessment> assessments = run(SyntheticSeries.twoWeeks().hold(ANOMALY_AT, ANOMALY_AT + 100));

    assertThat(peak(assessments, AnomalyKind.FLAT_LINE, ANOMALY_AT, ANOMALY_AT + 100)).isGreaterThanOrEqualTo(OPEN);
    assertThat(peak(assessments, AnomalyKind.FLAT_LINE, 0, ANOMALY_AT)).isZero();
  }

  @Test
  void findsMissingDataFromTheLearnedCadenceAndFromTheDeclaredInterval() {
    SyntheticSeries series = SyntheticSeries.twoWeeks();
    MeterDetector learned = new MeterDetector(MeterProfile.series("m"), Sensitivity.DEFAULT);
    MeterDetector declared = new MeterDetector(
        new MeterProfile("m", MeasurementKind.INSTANTANEOUS_RATE, false, null, SyntheticSeries.FIVE_MINUTES, null, "kW"),
        Sensitivity.DEFAULT);
    Finding afterGap = null;
    for (int i = 0; i < ANOMALY_AT; i++) {
      learned.assess(series.timestamps[i], series.values[i]);
      declared.assess(series.timestamps[i], series.values[i]);
    }
    long last = series.timestamps[ANOMALY_AT - 1];
    assertThat(declared.missingDataAt(last + 2 * SyntheticSeries.FIVE_MINUTES).score()).isZero();
    assertThat(declared.missingDataAt(last + 12 * SyntheticSeries.FIVE_MINUTES).score()).isGreaterThan(0.99);

    Assessment next = learned.assess(last + 24 * SyntheticSeries.FIVE_MINUTES, series.values[ANOMALY_AT]);
    afterGap = next.findings().get(MeterDetector.KINDS.indexOf(AnomalyKind.MISSING_DATA));
    assertThat(afterGap.score()).isGreaterThanOrEqualTo(OPEN);
    assertThat(afterGap.observed()).isEqualTo(120.0);
    assertThat(afterGap.expected()).isCloseTo(5.0, org.assertj.core.data.Offset.offset(0.01));
  }

  @Test
  void repeatedTimestampsAreNoGap() {
    MeterDetector detector = new MeterDetector(MeterProfile.series("m"), Sensitivity.DEFAULT);
    for (int i = 0; i < 100; i++) {
      assertThat(detector.assess(1000L * (i / 2), 1.0 + (i % 3)).findings().get(MeterDetector.KINDS.indexOf(AnomalyKind.MISSING_DATA)).score())
          .isZero();
    }
  }

  @Test
  void tellsACounterResetFromARollover() {
    MeterProfile counter = new MeterProfile("em-1", MeasurementKind.CUMULATIVE_COUNTER, false, 1000.0, 60_000L, null, "kWh");
    MeterDetector detector = new MeterDetector(counter, Sensitivity.DEFAULT);
    int reset = MeterDetector.KINDS.indexOf(AnomalyKind.COUNTER_RESET);
    double register = 950;
    long t = SyntheticSeries.START;
    for (int i = 0; i < 60; i++) {
      register = (register + 1) % 1000; // wraps at 1000: a rollover, not a reset
      Assessment assessment = detector.assess(t += 60_000, register);
      assertThat(assessment.findings().get(reset).score()).isZero();
    }
    Assessment afterReset = detector.assess(t += 60_000, 3);
    assertThat(afterReset.findings().get(reset).score()).isEqualTo(1.0);
    assertThat(afterReset.findings().get(reset).expected()).isEqualTo(register);
    assertThat(counter.analysedUnit()).isEqualTo("kW");
  }

  @Test
  void flagsImpossibleValues() {
    MeterProfile power = new MeterProfile("em-1", MeasurementKind.INSTANTANEOUS_RATE, false, null, null, 500.0, "kW");
    MeterDetector detector = new MeterDetector(power, Sensitivity.DEFAULT);
    int impossible = MeterDetector.KINDS.indexOf(AnomalyKind.IMPOSSIBLE_VALUE);
    long t = SyntheticSeries.START;
    for (int i = 0; i < 50; i++) {
      assertThat(detector.assess(t += 1000, 100 + i % 5).findings().get(impossible).score()).isZero();
    }
    assertThat(detector.assess(t += 1000, Double.NaN).findings().get(impossible).score()).isEqualTo(1.0);
    assertThat(detector.assess(t += 1000, Double.POSITIVE_INFINITY).findings().get(impossible).score()).isEqualTo(1.0);
    assertThat(detector.assess(t += 1000, -3).findings().get(impossible).score()).isEqualTo(1.0);
    assertThat(detector.assess(t += 1000, 501).findings().get(impossible).score()).isEqualTo(1.0);
    assertThat(detector.assess(t += 1000, 101).score()).isLessThan(OPEN);
  }

  @Test
  void stateHasAFixedSizeAndContinuesExactly() {
    SyntheticSeries series = SyntheticSeries.twoWeeks();
    MeterDetector original = new MeterDetector(MeterProfile.series("m"), Sensitivity.DEFAULT);
    int early = original.toBytes().length;
    for (int i = 0; i < 2000; i++) {
      original.assess(series.timestamps[i], series.values[i]);
    }
    byte[] state = original.toBytes();
    assertThat(state).hasSize(early);

    MeterDetector restored = MeterDetector.fromBytes(MeterProfile.series("m"), Sensitivity.DEFAULT, state);
    for (int i = 2000; i < series.size(); i++) {
      assertThat(restored.assess(series.timestamps[i], series.values[i]))
          .isEqualTo(original.assess(series.timestamps[i], series.values[i]));
    }
  }

  /**
   * A machine's own counter (SETUP, RUNNING two products in turn, told which, IDLE) and a shared meter (its
   * machines' changing mix), 6000 readings; both detectors go through bytes at {@code roundTripAt}
   * (-1: never). Returns their final states.
   */
  private static List<byte[]> runOwnAndSharedMeters(int roundTripAt) {
    MeterProfile counter = new MeterProfile("em", MeasurementKind.CUMULATIVE_COUNTER, false, null, 15_000L, null, "kWh");
    MeterProfile compressor = new MeterProfile("air", MeasurementKind.INSTANTANEOUS_RATE, false, null, 15_000L, null, "kW");
    MeterDetector own = new MeterDetector(counter, Sensitivity.DEFAULT);
    MeterDetector shared = new MeterDetector(compressor, Sensitivity.DEFAULT);
    java.util.Random random = new java.util.Random(17);
    long t = SyntheticSeries.START;
    double register = 0;
    OperatingContext state = new OperatingContext(OperatingState.SETUP, t);
    int[] counts = {2, 1, 0, 0, 1};
    TargetStates mix = new TargetStates(counts, t);
    for (int i = 0; i < 6000; i++) {
      t += 15_000;
      if (i == roundTripAt) {
        own = MeterDetector.fromBytes(counter, Sensitivity.DEFAULT, own.toBytes());
        shared = MeterDetector.fromBytes(compressor, Sensitivity.DEFAULT, shared.toBytes());
      }
      int phase = i % 110;
      OperatingState now = phase < 10 ? OperatingState.SETUP : phase < 90 ? OperatingState.RUNNING : OperatingState.IDLE;
      if (now != state.state()) {
        state = new OperatingContext(now, t - 7_000, now == OperatingState.IDLE ? null : (i / 110) % 2 == 0 ? "a" : "b", t - 7_000);
      }
      double kw = switch (now) {
        case RUNNING -> (i / 110) % 2 == 0 ? 40 : 25;
        case SETUP -> 8;
        default -> 4;
      };
      register += kw * (1 + 0.02 * random.nextGaussian()) * 15 / 3600.0;
      if (random.nextDouble() < 0.05) {
        int from = random.nextInt(counts.length);
        if (counts[from] > 0) {
          counts[from]--;
          counts[random.nextInt(counts.length)]++;
          mix = new TargetStates(counts, t - 5_000);
        }
      }
      own.assess(t, register, state);
      shared.assess(t, (7.5 * counts[1] + 2 * counts[0] + 0.4 * counts[4]) * (1 + 0.03 * random.nextGaussian()), mix);
    }
    return List.of(own.toBytes(), shared.toBytes());
  }

  @Test
  void stateLearnedInContextContinuesExactlyAfterARoundTrip() {
    // What the operating-state and target-mix baselines learned comes back from bytes unchanged.
    List<byte[]> kept = runOwnAndSharedMeters(-1);
    List<byte[]> restored = runOwnAndSharedMeters(3000);

    assertThat(restored.get(0)).isEqualTo(kept.get(0));
    assertThat(restored.get(1)).isEqualTo(kept.get(1));
    assertThat(kept.get(0)).isNotEqualTo(new MeterDetector(
        new MeterProfile("em", MeasurementKind.CUMULATIVE_COUNTER, false, null, 15_000L, null, "kWh"), Sensitivity.DEFAULT).toBytes());
  }

  @Test
  void higherSensitivityScoresMore() {
    SyntheticSeries series = SyntheticSeries.twoWeeks().add(ANOMALY_AT, ANOMALY_AT + 1, 6);
    MeterDetector normal = new MeterDetector(MeterProfile.series("m"), Sensitivity.DEFAULT);
    MeterDetector sensitive = new MeterDetector(MeterProfile.series("m"), new Sensitivity(2));
    double normalScore = 0;
    double sensitiveScore = 0;
    for (int i = 0; i <= ANOMALY_AT; i++) {
      normalScore = normal.assess(series.timestamps[i], series.values[i]).score();
      sensitiveScore = sensitive.assess(series.timestamps[i], series.values[i]).score();
    }
    assertThat(sensitiveScore).isGreaterThan(normalScore);
  }
}
