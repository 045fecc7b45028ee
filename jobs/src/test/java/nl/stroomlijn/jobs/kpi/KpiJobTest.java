package nl.stroomlijn.jobs.kpi;

import static nl.stroomlijn.jobs.testing.Fixtures.MACHINE;
import static nl.stroomlijn.jobs.testing.Fixtures.MINUTE;
import static nl.stroomlijn.jobs.testing.Fixtures.T0;
import static nl.stroomlijn.jobs.testing.Fixtures.factor;
import static nl.stroomlijn.jobs.testing.Fixtures.orderEvent;
import static nl.stroomlijn.jobs.testing.Fixtures.slice;
import static nl.stroomlijn.jobs.testing.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.stroomlijn.jobs.testing.CollectingSink;
import nl.stroomlijn.jobs.testing.Fixtures;
import nl.stroomlijn.jobs.testing.InMemorySource;
import nl.stroomlijn.jobs.testing.LocalCluster;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.ScopeType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a MiniCluster at parallelism 2, against values worked out by hand. */
class KpiJobTest {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = LocalCluster.extension();

  /** One order on the press over an hour; the grid factor drops from 0.3 to 0.2 kg/kWh half-way. */
  static final List<AttributedConsumption> CONSUMPTION = List.of(
      slice(Medium.ELECTRICITY, T0, T0 + 10 * MINUTE, "3", OperatingState.RUNNING, "o-1"),
      slice(Medium.ELECTRICITY, T0 + 10 * MINUTE, T0 + 15 * MINUTE, "1", OperatingState.IDLE, "o-1"),
      slice(Medium.ELECTRICITY, T0 + 15 * MINUTE, T0 + 30 * MINUTE, "4.5", OperatingState.RUNNING, "o-1"),
      slice(Medium.ELECTRICITY, T0 + 30 * MINUTE, T0 + 45 * MINUTE, "2", OperatingState.RUNNING, "o-1"),
      slice(Medium.ELECTRICITY, T0 + 45 * MINUTE, T0 + 60 * MINUTE, "0.5", OperatingState.OFF, null),
      slice(Medium.MATERIAL, T0, T0 + 15 * MINUTE, "25", OperatingState.RUNNING, "o-1"),
      slice(Medium.MATERIAL, T0 + 15 * MINUTE, T0 + 30 * MINUTE, "30", OperatingState.RUNNING, "o-1"),
      slice(Medium.MATERIAL, T0 + 30 * MINUTE, T0 + 45 * MINUTE, "25", OperatingState.RUNNING, "o-1"));
  static final List<ProductionEvent> PRODUCTION = List.of(
      orderEvent(T0, ProductionEventType.ORDER_STARTED, "o-1"),
      units(T0 + 14 * MINUTE, "o-1", 40, 2),
      units(T0 + 29 * MINUTE, "o-1", 50, 0),
      units(T0 + 44 * MINUTE, "o-1", 30, 3),
      orderEvent(T0 + 45 * MINUTE, ProductionEventType.ORDER_ENDED, "o-1"));
  static final List<EmissionFactor> FACTORS = List.of(
      factor("NL", Medium.ELECTRICITY, 0, "0.3"),
      factor("NL", Medium.ELECTRICITY, T0 + 30 * MINUTE, "0.2"));

  @Test
  void finalKpisOfTheHourAndTheOrderAreExactlyTheHandComputedOnes() throws Exception {
    Map<String, KpiValue> finals = finalsByKey(run(KpiJobSettings.defaults()));

    KpiValue energy = finals.get(key(ScopeType.MACHINE, MACHINE, "energy_kwh", KpiWindow.HOUR_1, T0));
    assertThat(energy.getNumerator()).isEqualTo(new BigDecimal("11.000000000000"));
    assertThat(energy.getSourceRecords()).isEqualTo(11);
    assertThat(energy.getSiteId()).isEqualTo(Fixtures.SITE);
    assertHour("material_kg", "80", null);
    assertHour("good_units", "120", null);
    assertHour("scrap_units", "5", null);
    assertHour("sec_kwh_per_unit", "11", "120");
    assertHour("sec_kwh_per_kg", "11", "60");
    assertHour("material_kg_per_unit", "80", "120");
    assertHour("material_yield", "60", "80");
    assertHour("scrap_rate", "5", "125");
    assertHour("idle_energy_share", "1.5", "11");
    assertHour("co2e_kg", "3.05", null);
    assertHour("co2e_kg_per_unit", "3.05", "120");
    assertHour("availability", String.valueOf(40 * MINUTE), String.valueOf(45 * MINUTE));
    assertHour("performance", "1250000", String.valueOf(40 * MINUTE));
    assertHour("quality", "120", "125");
    assertHour("oee", String.valueOf(1_250_000L * 120), String.valueOf(45 * MINUTE * 125));
    assertThat(finals.get(key(ScopeType.MACHINE, MACHINE, "co2e_kg", KpiWindow.HOUR_1, T0)).getMethod())
        .isEqualTo("location-based, scope 2");

    // Each scope of the hour sees the same slices: the line, the site, the order and the product.
    for (ScopeType scope : List.of(ScopeType.LINE, ScopeType.SITE, ScopeType.ORDER, ScopeType.PRODUCT)) {
      String id = switch (scope) {
        case LINE -> Fixtures.LINE;
        case SITE -> Fixtures.SITE;
        case ORDER -> "o-1";
        default -> Fixtures.PRODUCT;
      };
      String expectedEnergy = scope == ScopeType.ORDER || scope == ScopeType.PRODUCT ? "10.5" : "11";
      assertThat(finals.get(key(scope, id, "energy_kwh", KpiWindow.HOUR_1, T0)).getNumerator())
          .as(scope + " energy").isEqualByComparingTo(expectedEnergy);
    }
    assertThat(finals.get(key(ScopeType.PRODUCT, Fixtures.PRODUCT, "energy_kwh", KpiWindow.HOUR_1, T0)).getSiteId())
        .isNull();

    KpiValue order = finals.get(key(ScopeType.ORDER, "o-1", "sec_kwh_per_unit", KpiWindow.ORDER, T0));
    assertThat(order.getNumerator()).isEqualByComparingTo("10.5");
    assertThat(order.getDenominator()).isEqualByComparingTo("120");
    assertThat(order.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 45 * MINUTE));
    assertThat(order.getSourceRecords()).isEqualTo(12);

    // The quarter hours add up to the hour.
    BigDecimal quarters = BigDecimal.ZERO;
    for (int q = 0; q < 4; q++) {
      quarters = quarters.add(finals.get(
          key(ScopeType.MACHINE, MACHINE, "energy_kwh", KpiWindow.MINUTES_15, T0 + q * 15 * MINUTE)).getNumerator());
    }
    assertThat(quarters).isEqualByComparingTo("11");
    assertThat(finals.get(key(ScopeType.MACHINE, MACHINE, "energy_kwh", KpiWindow.DAY_1, T0)).getNumerator())
        .isEqualByComparingTo("11");
  }

  @Test
  void aBackfillOverTheSameHistoryGivesTheSameFinals() throws Exception {
    List<KpiValue> streaming = run(KpiJobSettings.defaults());
    List<KpiValue> backfill = run(KpiJobSettings.defaults().withBackfill(
        new KpiJobSettings.TimeRange(Instant.ofEpochMilli(T0), Instant.ofEpochMilli(T0 + 24 * 60 * MINUTE))));
    assertThat(backfill).allSatisfy(v -> assertThat(v.getStatus()).isEqualTo(KpiStatus.FINAL));
    assertThat(comparable(backfill)).isEqualTo(comparable(finalsByKey(streaming)));
  }

  private static Map<String, KpiValue> finalsForAssertions;

  private void assertHour(String kpi, String numerator, String denominator) {
    KpiValue value = finalsForAssertions.get(key(ScopeType.MACHINE, MACHINE, kpi, KpiWindow.HOUR_1, T0));
    assertThat(value).as(kpi).isNotNull();
    assertThat(value.getNumerator()).as(kpi + " numerator").isEqualByComparingTo(numerator);
    if (denominator == null) {
      assertThat(value.getDenominator()).as(kpi + " denominator").isNull();
      assertThat(value.getValue()).as(kpi).isEqualTo(new BigDecimal(numerator).doubleValue());
    } else {
      assertThat(value.getDenominator()).as(kpi + " denominator").isEqualByComparingTo(denominator);
      // As whole numbers (both times 10^scale), dividing them as doubles gives the double nearest to the ratio.
      int scale = Math.max(new BigDecimal(numerator).scale(), new BigDecimal(denominator).scale());
      assertThat(value.getValue()).as(kpi).isEqualTo(
          (double) new BigDecimal(numerator).movePointRight(scale).longValueExact()
              / new BigDecimal(denominator).movePointRight(scale).longValueExact());
    }
  }

  static List<KpiValue> run(KpiJobSettings settings) throws Exception {
    return run(settings, CONSUMPTION, PRODUCTION, Fixtures.plant(), FACTORS);
  }

  static List<KpiValue> run(KpiJobSettings settings, List<AttributedConsumption> consumption,
      List<ProductionEvent> production, List<AssetDefinition> assets, List<EmissionFactor> factors) throws Exception {
    CollectingSink<KpiValue> kpis = new CollectingSink<>();
    var job = new KpiJob(
        new KpiJob.Sources(InMemorySource.of(AttributedConsumption.class, consumption),
            InMemorySource.of(ProductionEvent.class, production),
            InMemorySource.of(AssetDefinition.class, assets),
            InMemorySource.of(EmissionFactor.class, factors)),
        new KpiJob.Sinks(kpis, new CollectingSink<>(), new CollectingSink<AnomalyEpisode>(), null),
        settings);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(LocalCluster.PARALLELISM);
    job.execute(env);
    return kpis.results();
  }

  /** FINAL values by their factory.kpi key; fails on a second FINAL for one key. */
  private Map<String, KpiValue> finalsByKey(List<KpiValue> values) {
    finalsForAssertions = values.stream().filter(v -> v.getStatus() == KpiStatus.FINAL)
        .collect(Collectors.toMap(KpiKeys::kpiKey, Function.identity()));
    return finalsForAssertions;
  }

  /** What a backfill must reproduce: everything but the emission time. */
  private static Map<String, String> comparable(Map<String, KpiValue> finals) {
    return comparable(List.copyOf(finals.values()));
  }

  private static Map<String, String> comparable(List<KpiValue> values) {
    return values.stream().collect(Collectors.toMap(KpiKeys::kpiKey,
        v -> KpiValue.newBuilder(v).setEmittedAt(Instant.EPOCH).build().toString()));
  }

  private static String key(ScopeType scope, String id, String kpi, KpiWindow window, long start) {
    return KpiKeys.kpiKey(KpiValue.newBuilder().setScopeType(scope).setScopeId(id).setKpi(kpi).setWindow(window)
        .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(start)).setUnit("")
        .setSourceRecords(0).setStatus(KpiStatus.FINAL).setEmittedAt(Instant.EPOCH).build());
  }
}
