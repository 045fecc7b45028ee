package nl.stroomlijn.ingest.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.Simulations;
import nl.stroomlijn.ingest.truth.GroundTruth.Scope;
import nl.stroomlijn.ingest.truth.GroundTruth.Window;
import nl.stroomlijn.ingest.units.Units;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ground truth of a run with every fault on adds up, whichever way it is cut. */
class ConservationTest {

  private static Simulations.Run run;

  @BeforeAll
  static void simulate() {
    run = Simulations.run(PlantLoader.loadNamed("default"), 2026, Duration.ofHours(30));
  }

  @Test
  void eachMeterSumsToItsMeteredTotalOverWindowsAndStates() {
    GroundTruth truth = run.truth();
    for (GroundTruth.MeterTruth meter : truth.meters().values()) {
      Map<String, Long> perCut = new HashMap<>();
      truth.amounts().forEach((key, amount) -> {
        if (key.scope() == Scope.METER && key.scopeId().equals(meter.meter().id())) {
          String cut = key.window() + (key.state().equals(GroundTruth.ALL_STATES) ? "" : "/states");
          perCut.merge(cut, amount.micro(), Long::sum);
        }
      });
      assertThat(meter.meteredMicro).as(meter.meter().id()).isPositive();
      assertThat(perCut).as(meter.meter().id()).hasSize(8).allSatisfy((cut, micro) ->
          assertThat(micro).as(meter.meter().id() + " " + cut).isEqualTo(meter.meteredMicro));
    }
  }

  @Test
  void machinesLinesSitesAndOrdersPlusUnassignedHoldEveryMeteredQuantity() {
    Map<String, Long> meteredPerQuantity = new HashMap<>();
    Map<String, Map<Scope, Long>> perScope = new HashMap<>();
    run.truth().amounts().forEach((key, amount) -> {
      if (key.window() == Window.TOTAL && key.state().equals(GroundTruth.ALL_STATES)) {
        perScope.computeIfAbsent(key.quantity(), q -> new HashMap<>()).merge(key.scope(), amount.micro(), Long::sum);
      }
    });
    run.truth().meters().values().forEach(m -> meteredPerQuantity.merge(
        m.meter().medium() == nl.stroomlijn.schemas.Medium.MATERIAL ? "MATERIAL:" + m.meter().spec().materialId()
            : m.meter().medium().name(), m.meteredMicro, Long::sum));

    assertThat(perScope.keySet()).containsExactlyInAnyOrderElementsOf(meteredPerQuantity.keySet());
    perScope.forEach((quantity, scopes) -> {
      long metered = meteredPerQuantity.get(quantity);
      for (Scope scope : List.of(Scope.METER, Scope.MACHINE, Scope.LINE, Scope.SITE)) {
        assertThat(scopes.get(scope)).as(quantity + " " + scope).isEqualTo(metered);
      }
      assertThat(scopes.getOrDefault(Scope.ORDER, 0L) + scopes.getOrDefault(Scope.UNASSIGNED, 0L))
          .as(quantity + " orders + unassigned").isEqualTo(metered);
      assertThat(scopes.getOrDefault(Scope.PRODUCT, 0L)).isEqualTo(scopes.getOrDefault(Scope.ORDER, 0L));
    });
  }

  @Test
  void everyStateAndUnassignedConsumptionShowsUp() {
    for (OperatingState state : OperatingState.values()) {
      assertThat(run.truth().amounts().keySet()).as(state.name())
          .anyMatch(k -> k.scope() == Scope.SITE && k.state().equals(state.name()));
    }
    assertThat(run.truth().amounts()).anySatisfy((k, v) -> {
      assertThat(k.scope()).isEqualTo(Scope.UNASSIGNED);
      assertThat(v.micro()).isPositive();
    });
  }

  @Test
  void electricityCarriesCo2eOfThePublishedFactors() {
    GroundTruth.Amount ede = run.truth().amounts().get(new GroundTruth.Key(Scope.SITE, "site-ede", "ELECTRICITY",
        Window.TOTAL, 0, GroundTruth.ALL_STATES));
    assertThat(ede.co2eKg()).isPositive();
    // Between the two NL factors (0.251 and 0.268 kg/kWh), since the factor changed during the run.
    assertThat(ede.co2eKg()).isGreaterThan(Units.decimal(ede.micro()).multiply(new java.math.BigDecimal("0.251")))
        .isLessThan(Units.decimal(ede.micro()).multiply(new java.math.BigDecimal("0.268")));
    assertThat(run.truth().amounts().get(new GroundTruth.Key(Scope.SITE, "site-ede", "COMPRESSED_AIR",
        Window.TOTAL, 0, GroundTruth.ALL_STATES)).co2eKg()).isNull();
  }

  @Test
  void withoutFaultsACounterMetersExactlyWhatItsRegisterAdvanced() {
    Simulations.Run clean = Simulations.run(Simulations.defaultPlant(Map.of()), 3, Duration.ofHours(4));
    for (GroundTruth.MeterTruth meter : clean.truth().meters().values()) {
      if (meter.meter().measurement() != MeasurementKind.CUMULATIVE_COUNTER) {
        continue;
      }
      List<SensorReading> readings = clean.records().values(Topics.READINGS).stream()
          .filter(r -> r.getSensorId().equals(meter.meter().id())).toList();
      long advanced = Units.toMicro(readings.get(readings.size() - 1).getValue()) - Units.toMicro(readings.get(0).getValue());
      assertThat(meter.meteredMicro).as(meter.meter().id()).isEqualTo(advanced);
    }
  }
}
