package nl.stroomlijn.streams.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import nl.stroomlijn.ingest.plant.FaultKind;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.InjectedFault;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.EpisodeStatus;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The anomaly application on the factory simulator's default plant with its anomalies injected and
 * labelled (two simulated days, seeds 7, 23 and 42), and on clean runs (seeds 7 and 23). See
 * {@link SimulatedPlant} for how consumption slices are derived.
 */
class SimulatedPlantTest {

  private static final Duration TWO_DAYS = Duration.ofDays(2);

  /** The anomalies the simulator injects, at the default plant's rates, and what finding one counts as. */
  private static final Map<FaultKind, Set<AnomalyKind>> FOUND_AS = Map.of(
      FaultKind.SPIKE, Set.of(AnomalyKind.SPIKE),
      FaultKind.LEVEL_SHIFT, Set.of(AnomalyKind.LEVEL_SHIFT),
      FaultKind.DRIFT, Set.of(AnomalyKind.DRIFT, AnomalyKind.LEVEL_SHIFT),
      FaultKind.STUCK_SENSOR, Set.of(AnomalyKind.FLAT_LINE),
      FaultKind.IDLE_WASTE, Set.of(AnomalyKind.IDLE_WASTE),
      FaultKind.SCRAP_SURGE, Set.of(AnomalyKind.SCRAP_SURGE),
      FaultKind.ENERGY_PER_UNIT, Set.of(AnomalyKind.ENERGY_PER_UNIT),
      FaultKind.GAP, Set.of(AnomalyKind.MISSING_DATA),
      FaultKind.COUNTER_RESET, Set.of(AnomalyKind.COUNTER_RESET));

  /**
   * The shipped plant's anomaly rates, and of its sensor faults the two the meter detectors report
   * (gaps, counter resets); the other delivery faults stay off (the ingest tests cover them).
   */
  private static Map<FaultKind, Double> defaultAnomalyRates() {
    Plant shipped = PlantLoader.loadNamed("default");
    Map<FaultKind, Double> rates = new EnumMap<>(FaultKind.class);
    FOUND_AS.keySet().forEach(kind -> rates.put(kind, shipped.faultRate(kind)));
    return rates;
  }

  private static List<AnomalyEpisode> opened(SimulatedPlant.Outcome outcome) {
    return outcome.episodes().stream().filter(e -> e.getStatus() == EpisodeStatus.OPENED).toList();
  }

  /** Each episode's end, by id, for those that closed. */
  private static Map<String, Long> ends(SimulatedPlant.Outcome outcome) {
    return outcome.episodes().stream().filter(e -> e.getStatus() == EpisodeStatus.CLOSED)
        .collect(Collectors.toMap(AnomalyEpisode::getEpisodeId, e -> e.getEnd().toEpochMilli()));
  }

  /**
   * Whether an episode of the fault's kind and scope is open at some moment of its span: opened
   * within it, or still open from before (a gap that begins while the meter's previous gap is
   * still reported missing, a surge that starts before the last one's episode closed).
   */
  private static boolean found(InjectedFault fault, List<AnomalyEpisode> opened, Map<String, Long> ends, long slack) {
    return opened.stream().anyMatch(e -> e.getScopeId().equals(fault.scopeId())
        && FOUND_AS.get(fault.kind()).contains(e.getKind())
        && e.getStart().toEpochMilli() <= fault.end() + slack
        && ends.getOrDefault(e.getEpisodeId(), Long.MAX_VALUE) >= fault.start());
  }

  /**
   * Episodes opened on day 2 of a run without faults, per machine-day: the stated bound. Measured
   * 1.5 (39 for 26 machines) with seed 7 and 1.3 (34) with seed 23 since slices are split at state
   * changes (38 and 36 before; 4.5 and 6.0 before each state kept its own spread and a level per
   * product); before the meters were judged against their machine's state, 81.7.
   */
  private static final double FALSE_EPISODES_PER_MACHINE_DAY = 2;

  /**
   * Every anomaly injected in two days of the default plant has an episode of the right kind and
   * scope open within its labelled span (for meters, plus one reading interval: a counter shows
   * an interval's flow at the reading that ends it); the test prints what it compared.
   */
  @ParameterizedTest
  @ValueSource(longs = {7, 23, 42})
  void findsEveryInjectedAnomalyWithinItsSpan(long seed) {
    SimulatedPlant.Outcome outcome = SimulatedPlant.run(SimulatedPlant.defaultPlant(defaultAnomalyRates()), seed, TWO_DAYS);
    List<AnomalyEpisode> opened = opened(outcome);
    Map<String, Long> ends = ends(outcome);
    Map<String, Long> intervalByMeter = outcome.plant().meters().stream()
        .collect(Collectors.toMap(Plant.Meter::id, Plant.Meter::intervalMillis));
    Map<FaultKind, int[]> injectedAndFound = new TreeMap<>();
    for (InjectedFault fault : outcome.report().faults()) {
      if (FOUND_AS.containsKey(fault.kind())) {
        int[] counts = injectedAndFound.computeIfAbsent(fault.kind(), k -> new int[2]);
        counts[0]++;
        boolean found = found(fault, opened, ends, intervalByMeter.getOrDefault(fault.scopeId(), 0L));
        counts[1] += found ? 1 : 0;
        if (!found) {
          System.out.printf("missed %s on %s [%s, %s] %s; its episodes: %s%n", fault.kind(), fault.scopeId(),
              Instant.ofEpochMilli(fault.start()), Instant.ofEpochMilli(fault.end()), fault.detail(),
              opened.stream().filter(e -> e.getScopeId().equals(fault.scopeId()))
                  .map(e -> e.getKind() + "@" + e.getStart()).toList());
        }
      }
    }
    injectedAndFound.forEach((kind, counts) -> System.out.printf("seed %d %s: %d injected, %d found%n", seed, kind, counts[0], counts[1]));

    // A scrap surge needs a product with a usual and a fit in the run: at the plant's own rate a
    // two-day run has none to a few (seed 42: none); every other kind is injected on every seed.
    assertThat(injectedAndFound.keySet()).isSubsetOf(FOUND_AS.keySet())
        .containsAll(FOUND_AS.keySet().stream().filter(kind -> kind != FaultKind.SCRAP_SURGE).toList());
    injectedAndFound.forEach((kind, counts) -> assertThat(counts[1]).as("%s found", kind).isEqualTo(counts[0]));
  }

  @ParameterizedTest
  @ValueSource(longs = {7, 23})
  void aCleanRunOpensAStatedNumberOfFalseEpisodesPerMachineDay(long seed) {
    SimulatedPlant.Outcome clean = SimulatedPlant.run(SimulatedPlant.defaultPlant(Map.of()), seed, TWO_DAYS);
    long dayTwo = SimulatedPlant.START.toEpochMilli() + 86_400_000L;
    List<AnomalyEpisode> falseEpisodes = opened(clean).stream().filter(e -> e.getStart().toEpochMilli() >= dayTwo).toList();
    double perMachineDay = falseEpisodes.size() / (double) clean.plant().machines().size();
    System.out.printf("seed %d clean day 2: %d episodes, %.1f per machine-day, by kind %s%n", seed, falseEpisodes.size(), perMachineDay,
        falseEpisodes.stream().collect(Collectors.groupingBy(AnomalyEpisode::getKind, TreeMap::new, Collectors.counting())));

    assertThat(perMachineDay).isLessThanOrEqualTo(FALSE_EPISODES_PER_MACHINE_DAY);
  }
}
