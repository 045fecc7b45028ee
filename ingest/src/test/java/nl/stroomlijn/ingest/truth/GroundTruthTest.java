package nl.stroomlijn.ingest.truth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantAssets;
import nl.stroomlijn.ingest.plant.TestPlants;
import nl.stroomlijn.ingest.truth.GroundTruth.Scope;
import nl.stroomlijn.ingest.truth.GroundTruth.Window;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The spec's arithmetic on small hand-made cases (docs/metering-and-attribution.md). */
class GroundTruthTest {

  private static final long T0 = Instant.parse("2026-01-05T00:00:00Z").toEpochMilli();
  private static final long MIN = 60_000;

  private static final Plant PLANT = TestPlants.load("""
      sites:
        - id: s
          timeZone: UTC
          gridZone: NL
          lines:
            - id: l
              machines:
                - id: m
                  copies: 2
                  behaviour: b
                  powerKw: {RUNNING: 1, IDLE: 1, SETUP: 1, DOWN: 1, OFF: 1}
                  products: [p]
                  orderQuantity: {min: 1, max: 1}
                  meters:
                    - {id: c, medium: ELECTRICITY, measurement: CUMULATIVE_COUNTER, unit: kWh, rolloverValue: 1000, intervalMillis: 60000}
                    - {id: p, medium: ELECTRICITY, measurement: INSTANTANEOUS_RATE, unit: kW, intervalMillis: 60000}
                    - {id: a, medium: ELECTRICITY, measurement: INTERVAL_AVERAGE_RATE, unit: kW, intervalMillis: 60000}
              meters:
                - {id: run, medium: ELECTRICITY, measurement: CUMULATIVE_COUNTER, unit: kWh, intervalMillis: 60000,
                   rate: {RUNNING: 1}, allocation: {rule: RUNTIME_SHARE, targets: ["*"]}}
                - {id: units, medium: ELECTRICITY, measurement: CUMULATIVE_COUNTER, unit: kWh, intervalMillis: 60000,
                   rate: {RUNNING: 1}, allocation: {rule: UNITS_SHARE, targets: [m-1, m-2]}}
                - {id: fixed, medium: ELECTRICITY, measurement: CUMULATIVE_COUNTER, unit: kWh, intervalMillis: 60000,
                   rate: {RUNNING: 1}, allocation: {rule: FIXED_SHARES, targets: [m-2, m-1], shares: [0.7, 0.3]}}
      emissionFactors:
        - {zone: NL, medium: ELECTRICITY, validFrom: "2026-01-05T00:15:00Z", kgCo2ePerUnit: 0.25, scope: SCOPE_2, method: LOCATION_BASED}
      """);

  private GroundTruth truth;

  @BeforeEach
  void newTruth() {
    truth = new GroundTruth(PLANT, 2 * MIN, 5 * MIN);
    // m-1: IDLE from 0, order O1 from 5 min, RUNNING from 10 min. m-2: RUNNING all along.
    state("s/l/m-1", 0, OperatingState.IDLE);
    order("s/l/m-1", 5 * MIN, ProductionEventType.ORDER_STARTED, 0);
    state("s/l/m-1", 10 * MIN, OperatingState.RUNNING);
    state("s/l/m-2", 0, OperatingState.RUNNING);
    PlantAssets.emissionFactors(PLANT).forEach(f -> truth.send(Topics.EMISSION_FACTORS, PlantAssets.factorKey(f), f, 0));
  }

  @Test
  void anIntervalIsCutAtOrderStateAndQuarterBoundariesWithTheFloorRule() {
    reading("s/l/m-1/c", 0, 0.0);
    reading("s/l/m-1/c", 20 * MIN, 0.00001); // 10 micro-units over 20 minutes, cuts at 5, 10, 15

    truth.compute();
    assertThat(truth.meters().get("s/l/m-1/c").slices).isEqualTo(4);
    // floor(10·k/4) for k = 1..4: 2, 5, 7, 10 -> slices 2, 3, 2, 3
    assertThat(micro(Scope.UNASSIGNED, "s/l/m-1", Window.TOTAL, 0, "ALL")).isEqualTo(2);
    assertThat(micro(Scope.ORDER, "O1", Window.TOTAL, 0, "IDLE")).isEqualTo(3);
    assertThat(micro(Scope.ORDER, "O1", Window.TOTAL, 0, "RUNNING")).isEqualTo(5);
    assertThat(micro(Scope.PRODUCT, "p", Window.TOTAL, 0, "ALL")).isEqualTo(8);
    assertThat(micro(Scope.MACHINE, "s/l/m-1", Window.MINUTES_15, T0, "ALL")).isEqualTo(7);
    assertThat(micro(Scope.MACHINE, "s/l/m-1", Window.MINUTES_15, T0 + 15 * MIN, "ALL")).isEqualTo(3);
    assertThat(micro(Scope.SITE, "s", Window.HOUR_1, T0, "ALL")).isEqualTo(10);
  }

  @Test
  void countersRollOverNearTheirRolloverValueAndResetOtherwise() {
    reading("s/l/m-1/c", 0, 950.0);
    reading("s/l/m-1/c", MIN, 5.0); // rollover: (1000 − 950) + 5
    reading("s/l/m-1/c", 2 * MIN, 500.0);
    reading("s/l/m-1/c", 3 * MIN, 3.0); // reset: 3

    truth.compute();
    GroundTruth.MeterTruth c = truth.meters().get("s/l/m-1/c");
    assertThat(c.rollovers).isEqualTo(1);
    assertThat(c.resets).isEqualTo(1);
    assertThat(c.meteredMicro).isEqualTo(55_000_000L + 495_000_000L + 3_000_000L);
  }

  @Test
  void duplicatesBadAndLateReadingsTakeNoPartAndReorderedOnesDo() {
    reading("s/l/m-1/c", 0, 100.0);
    reading("s/l/m-1/c", 3 * MIN, 103.0);
    reading("s/l/m-1/c", 3 * MIN, 999.0, Quality.GOOD); // duplicate: dropped whatever its value
    reading("s/l/m-1/c", 4 * MIN, 0.0, Quality.BAD); // skipped: 3 → 6 pair across it
    reading("s/l/m-1/c", 6 * MIN, 106.0);
    reading("s/l/m-1/c", 5 * MIN, 105.0); // 1 min behind: reordered into place
    reading("s/l/m-1/c", 2 * MIN, 101.0); // 4 min behind: late

    truth.compute();
    GroundTruth.MeterTruth c = truth.meters().get("s/l/m-1/c");
    assertThat(List.of(c.delivered(), c.duplicates(), c.bad(), c.late(), c.reordered())).containsExactly(7L, 1L, 1L,
        1L, 1L);
    assertThat(c.intervals).isEqualTo(3); // [0,3) [3,5) [5,6)
    assertThat(c.meteredMicro).isEqualTo(6_000_000L);
  }

  @Test
  void ratesAreIntegratedByTrapezoidAndIntervalAveragesTimesTheirInterval() {
    reading("s/l/m-1/p", 0, 10.0);
    reading("s/l/m-1/p", 30 * MIN, 20.0); // (10 + 20) / 2 kW × 0.5 h
    reading("s/l/m-1/a", 30 * MIN, 12.0); // 12 kW × 1 min
    reading("s/l/m-1/p", 30 * MIN + 1000, 20.000001); // (20 + 20.000001) kW × 1 s, half-even to µkWh

    truth.compute();
    assertThat(truth.meters().get("s/l/m-1/p").meteredMicro).isEqualTo(7_500_000L + 5_556L);
    assertThat(truth.meters().get("s/l/m-1/a").meteredMicro).isEqualTo(200_000L);
  }

  @Test
  void aGapIsSpreadAndFlaggedEstimated() {
    reading("s/l/m-1/c", 0, 0.0);
    reading("s/l/m-1/c", 5 * MIN, 1.0);
    reading("s/l/m-1/c", 10 * MIN + 1, 2.0);

    truth.compute();
    GroundTruth.MeterTruth c = truth.meters().get("s/l/m-1/c");
    assertThat(c.estimatedIntervals).isEqualTo(1);
    assertThat(c.estimatedMicro).isEqualTo(1_000_000L);
  }

  @Test
  void aRuntimeShareMeterIsSplitByTimeInRunning() {
    reading("s/l/run", 0, 0.0);
    reading("s/l/run", 20 * MIN, 30.0); // m-1 runs 10 of the 20 minutes, m-2 all 20

    truth.compute();
    assertThat(micro(Scope.MACHINE, "s/l/m-1", Window.TOTAL, 0, "ALL")).isEqualTo(10_000_000L);
    assertThat(micro(Scope.MACHINE, "s/l/m-2", Window.TOTAL, 0, "ALL")).isEqualTo(20_000_000L);
    // m-1's part is then cut on its own timeline over the whole interval: half of it falls in IDLE
    assertThat(micro(Scope.MACHINE, "s/l/m-1", Window.TOTAL, 0, "IDLE")).isEqualTo(5_000_000L);
  }

  @Test
  void aUnitsShareMeterIsSplitByUnitsCountedWithinTheInterval() {
    order("s/l/m-2", 0, ProductionEventType.ORDER_STARTED, 0);
    order("s/l/m-1", 6 * MIN, ProductionEventType.UNITS_PRODUCED, 1);
    order("s/l/m-2", 7 * MIN, ProductionEventType.UNITS_PRODUCED, 3);
    order("s/l/m-2", 20 * MIN, ProductionEventType.UNITS_PRODUCED, 50); // at b: not within [a, b)
    reading("s/l/units", 0, 0.0);
    reading("s/l/units", 20 * MIN, 0.000010);

    truth.compute();
    // 1 : 3 of 10 micro-units: m-1 floor(10·1/4) = 2, m-2 the rest
    assertThat(micro(Scope.MACHINE, "s/l/m-1", Window.TOTAL, 0, "ALL")).isEqualTo(2);
    assertThat(micro(Scope.MACHINE, "s/l/m-2", Window.TOTAL, 0, "ALL")).isEqualTo(8);
  }

  @Test
  void aFixedSharesMeterIsSplitInTheListedOrder() {
    reading("s/l/fixed", 0, 0.0);
    reading("s/l/fixed", MIN, 0.000010);

    truth.compute();
    // m-2 (0.7) first: floor(10·0.7) = 7; m-1 (0.3): floor(10·1.0) − 7 = 3
    assertThat(micro(Scope.MACHINE, "s/l/m-2", Window.TOTAL, 0, "ALL")).isEqualTo(7);
    assertThat(micro(Scope.MACHINE, "s/l/m-1", Window.TOTAL, 0, "ALL")).isEqualTo(3);
  }

  @Test
  void co2eIsTheEnergyOfEachSliceTimesTheFactorValidAtItsStart() {
    reading("s/l/m-1/c", 0, 0.0);
    reading("s/l/m-1/c", 30 * MIN, 3.0); // 1.5 kWh before the factor exists, 1.5 kWh at 0.25

    truth.compute();
    GroundTruth.Amount total = truth.amounts().get(new GroundTruth.Key(Scope.METER, "s/l/m-1/c", "ELECTRICITY",
        Window.TOTAL, 0, "ALL"));
    assertThat(total.co2eKg()).isEqualByComparingTo("0.375");
    assertThat(truth.amounts().get(new GroundTruth.Key(Scope.METER, "s/l/m-1/c", "ELECTRICITY", Window.MINUTES_15,
        T0, "ALL")).co2eKg()).isNull();
  }

  @Test
  void unitsCountInEveryWindowOfTheirEventsTimeForEachScope() {
    order("s/l/m-1", 14 * MIN, ProductionEventType.UNITS_PRODUCED, 3);
    order("s/l/m-1", 16 * MIN, ProductionEventType.UNITS_PRODUCED, 4);

    assertThat(units(Scope.MACHINE, "s/l/m-1", Window.MINUTES_15, T0).good).isEqualTo(3);
    assertThat(units(Scope.MACHINE, "s/l/m-1", Window.MINUTES_15, T0 + 15 * MIN).good).isEqualTo(4);
    for (Window window : List.of(Window.HOUR_1, Window.DAY_1)) {
      assertThat(units(Scope.LINE, "s/l", window, T0).good).isEqualTo(7);
      assertThat(units(Scope.SITE, "s", window, T0).good).isEqualTo(7);
      assertThat(units(Scope.ORDER, "O1", window, T0).good).isEqualTo(7);
      assertThat(units(Scope.PRODUCT, "p", window, T0).good).isEqualTo(7);
    }
    assertThat(units(Scope.MACHINE, "s/l/m-1", Window.TOTAL, 0).good).isEqualTo(7);
    // Product p declares no unit mass.
    assertThat(units(Scope.MACHINE, "s/l/m-1", Window.TOTAL, 0).outputMass()).isNull();
  }

  private GroundTruth.UnitCount units(Scope scope, String id, Window window, long windowStart) {
    return truth.units().get(new GroundTruth.UnitKey(scope, id, window, windowStart));
  }

  private long micro(Scope scope, String id, Window window, long windowStart, String state) {
    return truth.micro(scope, id, "ELECTRICITY", window, windowStart, state);
  }

  private void reading(String meter, long offset, double value) {
    reading(meter, offset, value, Quality.GOOD);
  }

  private void reading(String meter, long offset, double value, Quality quality) {
    Instant t = Instant.ofEpochMilli(T0 + offset);
    truth.send(Topics.READINGS, meter, new SensorReading(meter, t, value, "kWh", quality, "test", t, null, null),
        t.toEpochMilli());
  }

  private void state(String machine, long offset, OperatingState state) {
    Instant t = Instant.ofEpochMilli(T0 + offset);
    truth.send(Topics.MACHINE_STATES, machine, new MachineState(machine, t, state, null, "test"), t.toEpochMilli());
  }

  private void order(String machine, long offset, ProductionEventType type, long units) {
    Instant t = Instant.ofEpochMilli(T0 + offset);
    String order = machine.endsWith("m-1") ? "O1" : "O2";
    truth.send(Topics.PRODUCTION, machine, new ProductionEvent(machine, t, type, order, "p", units, 0L, "test"),
        t.toEpochMilli());
  }
}
