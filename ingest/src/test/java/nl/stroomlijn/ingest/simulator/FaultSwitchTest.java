package nl.stroomlijn.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import nl.stroomlijn.ingest.plant.FaultKind;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each fault switch produces exactly the faults it labels, as a consumer following the spec counts them. */
class FaultSwitchTest {

  private static final Duration SIX_HOURS = Duration.ofHours(6);

  @Test
  void withEveryFaultOffNothingIsLabelledAndNothingIsOdd() {
    Simulations.Run run = Simulations.run(Simulations.defaultPlant(Map.of()), 7, SIX_HOURS);

    assertThat(run.report().faults()).isEmpty();
    for (GroundTruth.MeterTruth meter : run.truth().meters().values()) {
      assertThat(List.of(meter.late(), meter.duplicates(), meter.bad(), meter.reordered(), meter.resets,
          meter.rollovers, meter.estimatedIntervals)).as(meter.meter().id()).containsOnly(0L);
    }
  }

  @ParameterizedTest
  @EnumSource(FaultKind.class)
  void aSwitchInjectsOnlyItsOwnKind(FaultKind kind) {
    // An energy-per-unit fault needs a product's fourth order on a machine, a scrap surge a usual
    // and an order with units enough left: more than six hours.
    Duration span = switch (kind) {
      case ENERGY_PER_UNIT -> Duration.ofDays(2);
      case SCRAP_SURGE -> Duration.ofDays(1);
      default -> SIX_HOURS;
    };
    Simulations.Run run = Simulations.run(Simulations.defaultPlant(Map.of(kind, rateFor(kind))), 11, span);

    Set<FaultKind> kinds = run.report().faults().stream().map(InjectedFault::kind).collect(Collectors.toSet());
    assertThat(kinds).containsExactly(kind);
    // A fault is data the downstream stages must see, not malformed input: the validation accepts all of it.
    assertThat(run.records().values(Topics.DEAD_LETTERS)).isEmpty();
    Plant plant = run.truth().plant();
    Set<String> scopes = switch (kind.scope()) {
      case METER -> plant.meters().stream().map(Plant.Meter::id).collect(Collectors.toSet());
      case MACHINE -> plant.machines().stream().map(Plant.Machine::id).collect(Collectors.toSet());
      case ORDER -> run.truth().orders().keySet();
    };
    assertThat(run.report().faults()).allSatisfy(f -> {
      assertThat(scopes).contains(f.scopeId());
      assertThat(f.end()).isGreaterThanOrEqualTo(f.start());
    });
  }

  @ParameterizedTest
  @EnumSource(value = FaultKind.class, names = {"DUPLICATE", "BAD_QUALITY", "LATE", "OUT_OF_ORDER", "COUNTER_RESET",
      "COUNTER_ROLLOVER", "GAP"})
  void theConsumerSeesExactlyTheLabelledReadingFaults(FaultKind kind) {
    Simulations.Run run = Simulations.run(Simulations.defaultPlant(Map.of(kind, rateFor(kind))), 13, SIX_HOURS);

    // A gap still open at the end of the run has no reading after it to show it.
    long labelled = run.report().faults().stream()
        .filter(f -> f.kind() != FaultKind.GAP || f.end() < run.report().end()).count();
    ToLongFunction<GroundTruth.MeterTruth> seen = switch (kind) {
      case DUPLICATE -> GroundTruth.MeterTruth::duplicates;
      case BAD_QUALITY -> GroundTruth.MeterTruth::bad;
      case LATE -> GroundTruth.MeterTruth::late;
      case OUT_OF_ORDER -> GroundTruth.MeterTruth::reordered;
      case COUNTER_RESET -> m -> m.resets;
      case COUNTER_ROLLOVER -> m -> m.rollovers;
      case GAP -> m -> m.meter().measurement() == MeasurementKind.INTERVAL_TOTAL
          || m.meter().measurement() == MeasurementKind.INTERVAL_AVERAGE_RATE ? gapsOf(run, m) : m.estimatedIntervals;
      default -> throw new IllegalArgumentException(kind.name());
    };
    long counted = run.truth().meters().values().stream().mapToLong(seen).sum();
    assertThat(labelled).isPositive();
    assertThat(counted).isEqualTo(labelled);
  }

  /** Interval meters are never estimated; their gaps are the labelled ones. */
  private static long gapsOf(Simulations.Run run, GroundTruth.MeterTruth meter) {
    return run.report().faults().stream().filter(f -> f.scopeId().equals(meter.meter().id())).count();
  }

  private static double rateFor(FaultKind kind) {
    return switch (kind.rateUnit()) {
      case SWITCH -> 1;
      case PER_READING -> 0.003;
      case PER_DAY -> 4;
      case PER_ORDER -> 0.5;
    };
  }
}
