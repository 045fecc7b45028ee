package nl.stroomlijn.streams.anomaly.detect;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.streams.anomaly.episode.EpisodeSettings;
import nl.stroomlijn.streams.anomaly.episode.EpisodeTracker;
import nl.stroomlijn.streams.anomaly.process.EnergyPerUnitDetector;
import nl.stroomlijn.streams.anomaly.process.IdleWasteDetector;
import nl.stroomlijn.streams.anomaly.process.ScrapSurgeDetector;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Per-point cost of each anomaly detector, warmed up on a week of a seasonal five-minute series
 * and then fed its continuation, one point per invocation: every detector of {@link MeterDetector}
 * on its own, the whole of it (a plain series, a counter, a machine's counter judged against its
 * operating state, a shared meter judged by its machines' mix of states), its state round trip
 * (what the stream application adds per reading), the episode tracker and the per-process detectors.
 * Not a test: {@link #main} runs a short JMH run (streams/BENCHMARKS-anomaly.md); it measures,
 * it does not judge.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Xmx1g")
public class DetectorBenchmark {

  private static final int POINTS = 1 << 16;
  private static final int MASK = POINTS - 1;
  private static final long START = 1_704_067_200_000L;
  private static final long CADENCE = 300_000L;
  private static final int WARM_UP = 7 * 288;

  private final double[] values = new double[POINTS];
  private final OperatingState[] states = new OperatingState[POINTS];
  /** The machine's state at each point (running 30 points, idle 10), and a shared meter's mix of five machines' states. */
  private final OperatingContext[] machineStates = new OperatingContext[POINTS];
  private final TargetStates[] targetMixes = new TargetStates[POINTS];
  private final double[] sharedValues = new double[POINTS];
  private long point;

  private SeasonalBaseline baseline;
  private SpikeDipDetector spikes;
  private LevelShiftDetector shifts;
  private DriftDetector drift;
  private FlatLineDetector flatLine;
  private MissingDataDetector missing;
  private CounterRegister counter;
  private MeterDetector series;
  private MeterDetector counterMeter;
  private MeterDetector machineMeter;
  private MeterDetector sharedMeter;
  private double machineRegister;
  private byte[] state;
  private EpisodeTracker episode;
  private IdleWasteDetector idle;
  private ScrapSurgeDetector scrap;
  private EnergyPerUnitDetector energyPerUnit;
  private double register;

  @Setup
  public void setUp() {
    Random random = new Random(42);
    for (int i = 0; i < POINTS; i++) {
      int hour = (int) ((START + i * CADENCE) / 3_600_000L % 24);
      values[i] = 50 + (hour >= 6 && hour < 22 ? 30 : 0) + random.nextGaussian();
      states[i] = i % 40 < 30 ? OperatingState.RUNNING : OperatingState.IDLE;
      boolean changed = i == 0 || states[i] != states[i - 1];
      machineStates[i] = changed ? new OperatingContext(states[i], START + i * CADENCE - CADENCE / 2) : machineStates[i - 1];
    }
    int[] counts = {0, 3, 0, 0, 2};
    long mixSince = START;
    for (int i = 0; i < POINTS; i++) {
      if (random.nextDouble() < 0.1) {
        int from = random.nextInt(counts.length);
        if (counts[from] > 0) {
          counts[from]--;
          counts[random.nextInt(counts.length)]++;
          mixSince = START + i * CADENCE - CADENCE / 3;
        }
      }
      targetMixes[i] = new TargetStates(counts.clone(), mixSince);
      sharedValues[i] = (7.5 * counts[OperatingState.RUNNING.ordinal()] + 2 * counts[OperatingState.IDLE.ordinal()]
          + 0.4 * counts[OperatingState.OFF.ordinal()]) * (1 + 0.03 * random.nextGaussian());
    }
    baseline = new SeasonalBaseline();
    spikes = new SpikeDipDetector(Sensitivity.DEFAULT);
    shifts = new LevelShiftDetector(Sensitivity.DEFAULT);
    drift = new DriftDetector(Sensitivity.DEFAULT);
    flatLine = new FlatLineDetector(Sensitivity.DEFAULT);
    missing = new MissingDataDetector(Sensitivity.DEFAULT, null);
    counter = new CounterRegister();
    series = new MeterDetector(MeterProfile.series("bench"), Sensitivity.DEFAULT);
    counterMeter = new MeterDetector(
        new MeterProfile("bench", MeasurementKind.CUMULATIVE_COUNTER, false, 1e9, CADENCE, null, "kWh"), Sensitivity.DEFAULT);
    machineMeter = new MeterDetector(
        new MeterProfile("bench", MeasurementKind.CUMULATIVE_COUNTER, false, 1e9, CADENCE, null, "kWh"), Sensitivity.DEFAULT);
    sharedMeter = new MeterDetector(
        new MeterProfile("bench", MeasurementKind.INSTANTANEOUS_RATE, false, null, CADENCE, null, "kW"), Sensitivity.DEFAULT);
    episode = new EpisodeTracker(EpisodeSettings.DEFAULT);
    idle = new IdleWasteDetector();
    scrap = new ScrapSurgeDetector(Sensitivity.DEFAULT);
    energyPerUnit = new EnergyPerUnitDetector(Sensitivity.DEFAULT);
    for (int i = 0; i < WARM_UP; i++) {
      series.assess(time(), value());
      counterMeter.assess(time(), nextRegister());
      machineMeter.assess(time(), nextMachineRegister(), machineState());
      sharedMeter.assess(time(), sharedValues[(int) (point & MASK)], targetMixes[(int) (point & MASK)]);
      point++;
    }
    state = series.toBytes();
  }

  private long time() {
    return START + point * CADENCE;
  }

  private double value() {
    return values[(int) (point & MASK)];
  }

  private double nextRegister() {
    register += value() / 12;
    return register;
  }

  /** A machine's counter: 40 kW running, 4 kW idle, 2% noise, over the cadence. */
  private double nextMachineRegister() {
    double kw = states[(int) (point & MASK)] == OperatingState.RUNNING ? 40 : 4;
    machineRegister += kw * (1 + 0.02 * (values[(int) (point & MASK)] - Math.rint(values[(int) (point & MASK)]))) * CADENCE / 3_600_000.0;
    return machineRegister;
  }

  private OperatingContext machineState() {
    return machineStates[(int) (point & MASK)];
  }

  private double next() {
    point++;
    return value();
  }

  @Benchmark
  public double seasonalBaseline() {
    double value = next();
    long t = time();
    double expected = baseline.expected(t) + baseline.spread();
    baseline.update(t, value);
    return expected;
  }

  @Benchmark
  public Finding spikeDip() {
    return spikes.assess(next(), 65, 1.2, "kW");
  }

  @Benchmark
  public Finding levelShift() {
    Finding finding = shifts.assess(next(), 65, 15, "kW");
    if (shifts.confirmed()) {
      shifts.accept(15);
    }
    return finding;
  }

  @Benchmark
  public Finding drift() {
    return drift.assess(next(), true, 15, "kW");
  }

  @Benchmark
  public Finding flatLine() {
    double value = next();
    return flatLine.assess(time(), value, "kW");
  }

  @Benchmark
  public Finding missingData() {
    next();
    return missing.assess(time());
  }

  @Benchmark
  public CounterRegister.Step counterRegister() {
    next();
    return counter.next(time(), nextRegister(), 1e9);
  }

  @Benchmark
  public Assessment meterDetector() {
    double value = next();
    return series.assess(time(), value);
  }

  @Benchmark
  public Assessment meterDetectorOnACounter() {
    next();
    return counterMeter.assess(time(), nextRegister());
  }

  @Benchmark
  public Assessment meterDetectorInOperatingState() {
    next();
    return machineMeter.assess(time(), nextMachineRegister(), machineState());
  }

  @Benchmark
  public Assessment meterDetectorInTargetMix() {
    next();
    int i = (int) (point & MASK);
    return sharedMeter.assess(time(), sharedValues[i], targetMixes[i]);
  }

  /** What the stream application does per reading on top of the detectors: restore the state, score, store it again. */
  @Benchmark
  public byte[] meterDetectorWithStateRoundTrip() {
    double value = next();
    MeterDetector restored = MeterDetector.fromBytes(MeterProfile.series("bench"), Sensitivity.DEFAULT, state);
    restored.assess(time(), value);
    state = restored.toBytes();
    return state;
  }

  @Benchmark
  public Object episodeTracker() {
    double value = next();
    return episode.observe(time(), Finding.of(nl.stroomlijn.schemas.AnomalyKind.SPIKE, value > 81 ? 0.7 : 0.1, value, 80, "kW"));
  }

  @Benchmark
  public Finding idleWaste() {
    next();
    long t = time();
    return idle.assess(states[(int) (point & MASK)], t - CADENCE, t, 0.5, 1.0, 900_000L);
  }

  @Benchmark
  public Finding scrapSurge() {
    double value = next();
    return scrap.assess("bracket", 100, value > 81 ? 3 : 1);
  }

  @Benchmark
  public Finding energyPerUnit() {
    double value = next();
    return energyPerUnit.assess(point % 2 == 0 ? "bracket" : "hinge", value, 100);
  }

  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(DetectorBenchmark.class.getName() + "\\.").build()).run();
  }
}
