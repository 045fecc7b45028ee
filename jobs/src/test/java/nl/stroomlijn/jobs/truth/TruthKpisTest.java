package nl.stroomlijn.jobs.truth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The KPI definitions of docs/kpis.md applied to a small hand-written truth directory. */
class TruthKpisTest {

  private static final Instant Q = Instant.parse("2026-01-05T00:00:00Z");

  @TempDir
  static Path dir;
  private static TruthKpis truth;

  @BeforeAll
  static void writeTruth() throws IOException {
    write("meters.csv", "meter_id,medium,unit",
        "s/l/m1/em,ELECTRICITY,kWh", "s/l/m1/gas,NATURAL_GAS,m3", "s/l/m1/feed,MATERIAL,kg");
    write("machines.csv", "machine_id,line_id,site_id", "s/l/m1,s/l,s");
    String q = Q.toString();
    write("consumption.csv", "scope,scope_id,quantity,window,window_start,state,quantity_micro,slices,co2e_kg",
        "MACHINE,s/l/m1,ELECTRICITY,MINUTES_15," + q + ",ALL,3000000,3,0.750000000000",
        "MACHINE,s/l/m1,ELECTRICITY,MINUTES_15," + q + ",IDLE,1000000,1,0.250000000000",
        "MACHINE,s/l/m1,ELECTRICITY,MINUTES_15," + q + ",RUNNING,2000000,2,0.500000000000",
        "MACHINE,s/l/m1,MATERIAL:steel,MINUTES_15," + q + ",ALL,4000000,2,",
        "LINE,s/l,ELECTRICITY,MINUTES_15," + q + ",ALL,3000000,3,0.750000000000",
        "LINE,s/l,ELECTRICITY,MINUTES_15," + q + ",RUNNING,2000000,2,0.500000000000",
        "LINE,s/l,NATURAL_GAS,MINUTES_15," + q + ",ALL,1000000,1,",
        "SITE,s,ELECTRICITY,MINUTES_15," + q + ",ALL,3000000,3,0.750000000000",
        "SITE,s,ELECTRICITY,MINUTES_15," + q + ",RUNNING,2000000,2,0.500000000000",
        "ORDER,o1,ELECTRICITY,MINUTES_15," + q + ",ALL,2500000,2,0.625000000000",
        "ORDER,o1,ELECTRICITY,MINUTES_15," + q + ",RUNNING,1500000,1,0.375000000000",
        "ORDER,o1,ELECTRICITY,TOTAL,,ALL,2500000,2,0.625000000000",
        "ORDER,o1,ELECTRICITY,TOTAL,,RUNNING,1500000,1,0.375000000000",
        "UNASSIGNED,s/l/m1,ELECTRICITY,MINUTES_15," + q + ",ALL,500000,1,0.125000000000",
        "UNASSIGNED,s/l/m1,ELECTRICITY,MINUTES_15," + q + ",RUNNING,500000,1,0.125000000000",
        "METER,s/l/m1/em,ELECTRICITY,MINUTES_15," + q + ",ALL,3000000,3,0.750000000000");
    write("production.csv", "scope,scope_id,window,window_start,good_units,scrap_units,output_mass_kg",
        "MACHINE,s/l/m1,MINUTES_15," + q + ",10,2,4.20",
        "ORDER,o1,MINUTES_15," + q + ",10,2,4.20",
        "ORDER,o1,TOTAL,,10,2,4.20");
    write("orders.csv", "order_id,machine_id,product_id,started,ended,good_units,scrap_units,output_mass_kg",
        "o1,s/l/m1,p," + Q.plusSeconds(60) + "," + Q.plusSeconds(600) + ",10,2,4.20",
        "o2,s/l/m1,p," + Q.plusSeconds(700) + ",,0,0,0");
    truth = TruthKpis.load(dir);
  }

  private static void write(String file, String... lines) throws IOException {
    Files.write(dir.resolve(file), List.of(lines));
  }

  @Test
  void sumsAndRatiosComeFromTheExactSums() {
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "energy_kwh")).isEqualTo(sum("3"));
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "material_kg")).isEqualTo(sum("4"));
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "good_units")).isEqualTo(sum("10"));
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "scrap_rate")).isEqualTo(ratio("2", "12"));
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "sec_kwh_per_kg")).isEqualTo(ratio("3", "4.2"));
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "material_yield")).isEqualTo(ratio("4.2", "4"));
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "co2e_kg_per_unit")).isEqualTo(ratio("0.75", "10"));
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "sec_kwh_per_unit").value()).isEqualTo(0.3);
  }

  @Test
  void idleEnergyIsEveryStateButRunningAndRunningWithoutAnOrderAlsoForTheLine() {
    // 3 kWh, 2 of them RUNNING, 0.5 of those with no order running.
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "idle_energy_share")).isEqualTo(ratio("1.5", "3"));
    assertThat(expected(ScopeType.LINE, "s/l", "idle_energy_share")).isEqualTo(ratio("1.5", "3"));
    assertThat(expected(ScopeType.SITE, "s", "idle_energy_share")).isEqualTo(ratio("1.5", "3"));
    assertThat(expected(ScopeType.ORDER, "o1", "idle_energy_share")).isEqualTo(ratio("1", "2.5"));
  }

  @Test
  void co2eIsUnknownWhenNaturalGasWasUsedWithoutAFactor() {
    assertThat(expected(ScopeType.LINE, "s/l", "co2e_kg")).isEqualTo(new TruthKpis.Expected(null, null, false));
    assertThat(expected(ScopeType.LINE, "s/l", "co2e_kg_per_unit").numerator()).isNull();
    assertThat(expected(ScopeType.MACHINE, "s/l/m1", "co2e_kg")).isEqualTo(sum("0.75"));
  }

  @Test
  void anEndedOrderHasAnOrderWindowFromItsStartAndARunningOneNone() {
    var key = new TruthKpis.Key(ScopeType.ORDER, "o1", "energy_kwh", KpiWindow.ORDER, Q.plusSeconds(60));
    assertThat(truth.expected(key)).contains(sum("2.5"));
    assertThat(truth.keys()).noneMatch(k -> k.scopeId().equals("o2") && k.window() == KpiWindow.ORDER);
    assertThat(truth.expected(new TruthKpis.Key(ScopeType.ORDER, "o1", "energy_kwh", KpiWindow.ORDER, Q))).isEmpty();
    assertThat(truth.expected(new TruthKpis.Key(ScopeType.ORDER, "o1", "oee", KpiWindow.ORDER, Q.plusSeconds(60))))
        .as("not derivable").isEmpty();
  }

  @Test
  void windowsAreFinalOnceTheWatermarkPassedTheirEndPlusTheLateness() {
    Duration lateness = Duration.ofMinutes(5);
    assertThat(truth.keysFinalBy(Q.plus(Duration.ofMinutes(19)), lateness)).isEmpty();
    // The quarter ends at 00:15; the order ended at 00:10, so its window closes with that quarter.
    assertThat(truth.keysFinalBy(Q.plus(Duration.ofMinutes(20)), lateness))
        .extracting(TruthKpis.Key::window).containsOnly(KpiWindow.MINUTES_15, KpiWindow.ORDER)
        .hasSize(5 * TruthKpis.DERIVED.size());
  }

  @Test
  void checkComparesEveryFinalAndFailsOnADifferenceADuplicateOrAWindowTruthHasNot() {
    KpiValue energy = record("energy_kwh", Q, "3", null, 3.0);
    KpiValue oee = record("oee", Q, "1", "2", 0.5);
    KpiValue provisional = KpiValue.newBuilder(record("energy_kwh", Q, "1", null, 1.0))
        .setStatus(KpiStatus.PROVISIONAL).build();
    TruthKpis.Comparison comparison = truth.check(List.of(energy, oee, provisional));
    assertThat(comparison.total()).isEqualTo(1);
    assertThat(comparison.count("energy_kwh", ScopeType.MACHINE)).isEqualTo(1);
    assertThat(comparison.notDerived()).containsEntry("oee", 1);
    assertThat(comparison.toString()).contains("compared 1 FINAL KPI values");

    assertThatThrownBy(() -> truth.check(List.of(record("energy_kwh", Q, "3.000001", null, 3.000001))))
        .hasMessageContaining("MACHINE/s/l/m1/energy_kwh/MINUTES_15/" + Q);
    assertThatThrownBy(() -> truth.check(List.of(energy, energy))).hasMessageContaining("2 FINAL records");
    assertThatThrownBy(() -> truth.check(List.of(record("energy_kwh", Q.plusSeconds(900), "0", null, 0.0))))
        .hasMessageContaining("truth has no such window");
  }

  private static TruthKpis.Expected expected(ScopeType scope, String id, String kpi) {
    return truth.expected(new TruthKpis.Key(scope, id, kpi, KpiWindow.MINUTES_15, Q)).orElseThrow();
  }

  private static TruthKpis.Expected sum(String value) {
    return new TruthKpis.Expected(new BigDecimal(value).setScale(12), null, false);
  }

  private static TruthKpis.Expected ratio(String numerator, String denominator) {
    return new TruthKpis.Expected(new BigDecimal(numerator).setScale(12), new BigDecimal(denominator).setScale(12),
        true);
  }

  private static KpiValue record(String kpi, Instant start, String numerator, String denominator, Double value) {
    return KpiValue.newBuilder().setScopeType(ScopeType.MACHINE).setScopeId("s/l/m1").setSiteId("s").setKpi(kpi)
        .setWindow(KpiWindow.MINUTES_15).setWindowStart(start).setWindowEnd(start.plusSeconds(900)).setValue(value)
        .setNumerator(new BigDecimal(numerator).setScale(12))
        .setDenominator(denominator == null ? null : new BigDecimal(denominator).setScale(12))
        .setUnit("kWh").setSourceRecords(1).setStatus(KpiStatus.FINAL).setEmittedAt(Instant.EPOCH).build();
  }
}
