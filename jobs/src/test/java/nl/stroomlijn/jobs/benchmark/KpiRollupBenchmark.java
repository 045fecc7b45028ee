package nl.stroomlijn.jobs.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import nl.stroomlijn.jobs.kpi.Contribution;
import nl.stroomlijn.jobs.kpi.Kpi;
import nl.stroomlijn.jobs.kpi.KpiRollup;
import nl.stroomlijn.jobs.kpi.ScopeFanOut;
import nl.stroomlijn.jobs.kpi.ScopedContribution;
import nl.stroomlijn.jobs.testing.CollectingSink;
import nl.stroomlijn.jobs.testing.CountingSink;
import nl.stroomlijn.jobs.testing.LocalCluster;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * KPI records per second of the roll-up (fan-out to scopes, KpiRollup), beside the same KPIs
 * written the way a data engineer would first write them in Flink SQL (a tumbling window GROUP BY
 * per window size, GROUPING SETS over the scopes, ratios in the SELECT), on the same MiniCluster
 * and the same input. Asserts only that both give the same KPIs; the times are printed, never
 * checked. Run: {@code mvn -pl jobs test -Dtest=KpiRollupBenchmark -Dbenchmark.contributions=200000 -Dbenchmark.rounds=3}.
 */
class KpiRollupBenchmark {

  @RegisterExtension
  static final MiniClusterExtension CLUSTER = LocalCluster.extension();

  private static final long CONTRIBUTIONS = Long.getLong("benchmark.contributions", 200_000);
  private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 3);
  private static final int KPIS_PER_GROUP = 16;

  @Test
  void rollupBesideFlinkSql() throws Exception {
    rollup(20_000);   // warm-up: class loading, JIT
    sql(20_000);
    List<Double> rollupRates = new ArrayList<>();
    List<Double> sqlRates = new ArrayList<>();
    StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
        "%,d contributions, parallelism %d, %d cores, %d alternating rounds%n", CONTRIBUTIONS,
        LocalCluster.PARALLELISM, Runtime.getRuntime().availableProcessors(), ROUNDS));
    for (int round = 1; round <= ROUNDS; round++) {
      Result rollup = rollup(CONTRIBUTIONS);
      Result sql = sql(CONTRIBUTIONS);
      assertThat(sql.kpiRecords).as("KPI records").isEqualTo(rollup.kpiRecords);
      assertThat(sql.energyByGroup).as("energy per scope and window").isEqualTo(rollup.energyByGroup);
      rollupRates.add(rollup.kpiRecords / seconds(rollup.time));
      sqlRates.add(sql.kpiRecords / seconds(sql.time));
      report.append(String.format(Locale.ROOT,
          "  round %d: %,d KPI records; roll-up %6.2f s = %,7.0f KPI records/s; Flink SQL %6.2f s = %,7.0f KPI records/s%n",
          round, rollup.kpiRecords, seconds(rollup.time), rollupRates.get(round - 1), seconds(sql.time),
          sqlRates.get(round - 1)));
    }
    report.append(String.format(Locale.ROOT, "  median:  roll-up %,7.0f KPI records/s; Flink SQL %,7.0f KPI records/s%n",
        median(rollupRates), median(sqlRates)));
    System.out.println(report);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private record Result(long kpiRecords, Duration time, Map<String, BigDecimal> energyByGroup) {
  }

  private static Result rollup(long contributions) throws Exception {
    StreamExecutionEnvironment env = environment();
    CollectingSink<KpiValue> energy = new CollectingSink<>();
    CountingSink<KpiValue> all = new CountingSink<>();
    DataStream<KpiValue> kpis = contributions(env, contributions)
        .flatMap(new ScopeFanOut(), TypeInformation.of(ScopedContribution.class))
        .keyBy(ScopedContribution::rollupKey, Types.STRING)
        .process(new KpiRollup(Duration.ofMinutes(5), Duration.ZERO), new AvroTypeInfo<>(KpiValue.class));
    kpis.sinkTo(all);
    kpis.filter(v -> v.getKpi().equals(Kpi.ENERGY_KWH.id())).sinkTo(energy);
    long started = System.nanoTime();
    env.execute("benchmark-rollup");
    Duration time = Duration.ofNanos(System.nanoTime() - started);
    Map<String, BigDecimal> energyByGroup = new HashMap<>();
    for (KpiValue v : energy.results()) {
      assertThat(v.getStatus()).isEqualTo(KpiStatus.FINAL);
      energyByGroup.put(v.getScopeType() + "/" + v.getScopeId() + "/" + v.getWindow() + "/"
          + v.getWindowStart().toEpochMilli(), v.getNumerator().stripTrailingZeros());
    }
    return new Result(all.count(), time, energyByGroup);
  }

  private static Result sql(long contributions) throws Exception {
    StreamExecutionEnvironment env = environment();
    StreamTableEnvironment tables = StreamTableEnvironment.create(env);
    DataStream<Row> facts = contributions(env, contributions).map(c -> Row.of(
            c.machineId, c.lineId, c.siteId, c.orderId, c.productId, c.energyKwh, c.idleEnergyKwh, c.materialKg,
            c.co2eKg, c.goodUnits, c.scrapUnits, c.outputKg, c.runMillis, c.busyMillis, c.idealRunMillis),
        new RowTypeInfo(new TypeInformation<?>[] {Types.STRING, Types.STRING, Types.STRING, Types.STRING,
            Types.STRING, Types.BIG_DEC, Types.BIG_DEC, Types.BIG_DEC, Types.BIG_DEC, Types.LONG, Types.LONG,
            Types.BIG_DEC, Types.LONG, Types.LONG, Types.LONG},
            new String[] {"machine_id", "line_id", "site_id", "order_id", "product_id", "energy_kwh", "idle_kwh",
                "material_kg", "co2e_kg", "good", "scrap", "output_kg", "run_ms", "busy_ms", "ideal_ms"}));
    tables.createTemporaryView("facts", tables.fromDataStream(facts, Schema.newBuilder()
        .columnByMetadata("rowtime", "TIMESTAMP_LTZ(3)")
        .watermark("rowtime", "SOURCE_WATERMARK()")
        .build()));
    Table kpis = null;
    for (KpiWindow window : new KpiWindow[] {KpiWindow.MINUTES_15, KpiWindow.HOUR_1, KpiWindow.DAY_1}) {
      Table perWindow = tables.sqlQuery(kpiQuery(window));
      kpis = kpis == null ? perWindow : kpis.unionAll(perWindow);
    }
    CountingSink<Row> rows = new CountingSink<>();
    CollectingSink<Row> energy = new CollectingSink<>();
    DataStream<Row> out = tables.toDataStream(kpis);
    out.sinkTo(rows);
    out.map(r -> Row.of(r.getField("scope_key"), r.getField("window_kind"), r.getField("window_start"),
        r.getField("energy_kwh")), Types.ROW(Types.STRING, Types.STRING, Types.LOCAL_DATE_TIME, Types.BIG_DEC))
        .sinkTo(energy);
    long started = System.nanoTime();
    env.execute("benchmark-sql");
    Duration time = Duration.ofNanos(System.nanoTime() - started);
    Map<String, BigDecimal> energyByGroup = new HashMap<>();
    for (Row r : energy.results()) {
      long start = ((java.time.LocalDateTime) r.getField(2)).toInstant(java.time.ZoneOffset.UTC).toEpochMilli();
      energyByGroup.put(r.getField(0) + "/" + r.getField(1) + "/" + start,
          ((BigDecimal) r.getField(3)).stripTrailingZeros());
    }
    return new Result(rows.count() * KPIS_PER_GROUP, time, energyByGroup);
  }

  /** The SQL a data engineer writes first: one tumbling window GROUP BY, every scope as a grouping set. */
  private static String kpiQuery(KpiWindow window) {
    String size = switch (window) {
      case MINUTES_15 -> "INTERVAL '15' MINUTES";
      case HOUR_1 -> "INTERVAL '1' HOUR";
      default -> "INTERVAL '1' DAY";
    };
    return """
        SELECT scope_key, '%s' AS window_kind, window_start, energy_kwh, material_kg, good_units, scrap_units,
          CASE WHEN good_units = 0 THEN NULL ELSE energy_kwh / good_units END AS sec_kwh_per_unit,
          CASE WHEN output_kg = 0 THEN NULL ELSE energy_kwh / output_kg END AS sec_kwh_per_kg,
          CASE WHEN good_units = 0 THEN NULL ELSE material_kg / good_units END AS material_kg_per_unit,
          CASE WHEN material_kg = 0 THEN NULL ELSE output_kg / material_kg END AS material_yield,
          CASE WHEN good_units + scrap_units = 0 THEN NULL ELSE CAST(scrap_units AS DOUBLE) / (good_units + scrap_units) END AS scrap_rate,
          CASE WHEN energy_kwh = 0 THEN NULL ELSE idle_kwh / energy_kwh END AS idle_energy_share,
          co2e_kg,
          CASE WHEN good_units = 0 THEN NULL ELSE co2e_kg / good_units END AS co2e_kg_per_unit,
          CASE WHEN busy_ms = 0 THEN NULL ELSE CAST(run_ms AS DOUBLE) / busy_ms END AS availability,
          CASE WHEN run_ms = 0 THEN NULL ELSE CAST(ideal_ms AS DOUBLE) / run_ms END AS performance,
          CASE WHEN good_units + scrap_units = 0 THEN NULL ELSE CAST(good_units AS DOUBLE) / (good_units + scrap_units) END AS quality,
          CASE WHEN busy_ms = 0 OR good_units + scrap_units = 0 THEN NULL
               ELSE CAST(ideal_ms AS DOUBLE) * good_units / (CAST(busy_ms AS DOUBLE) * (good_units + scrap_units)) END AS oee
        FROM (
          SELECT window_start,
            CASE WHEN machine_id IS NOT NULL THEN 'MACHINE/' || machine_id
                 WHEN line_id IS NOT NULL THEN 'LINE/' || line_id
                 WHEN site_id IS NOT NULL THEN 'SITE/' || site_id
                 WHEN order_id IS NOT NULL THEN 'ORDER/' || order_id
                 ELSE 'PRODUCT/' || product_id END AS scope_key,
            SUM(energy_kwh) AS energy_kwh, SUM(idle_kwh) AS idle_kwh, SUM(material_kg) AS material_kg,
            SUM(co2e_kg) AS co2e_kg, SUM(good) AS good_units, SUM(scrap) AS scrap_units,
            SUM(output_kg) AS output_kg, SUM(run_ms) AS run_ms, SUM(busy_ms) AS busy_ms, SUM(ideal_ms) AS ideal_ms
          FROM TABLE(TUMBLE(TABLE facts, DESCRIPTOR(rowtime), %s))
          GROUP BY window_start, window_end,
            GROUPING SETS ((machine_id), (line_id), (site_id), (order_id), (product_id)))
        """.formatted(window, size);
  }

  private static DataStream<Contribution> contributions(StreamExecutionEnvironment env, long count) {
    return env.fromSource(SyntheticContributions.source(count),
        WatermarkStrategy.<Contribution>forBoundedOutOfOrderness(Duration.ofMinutes(1))
            .withTimestampAssigner((SerializableTimestampAssigner<Contribution>) (c, ts) -> c.time),
        "contributions");
  }

  private static StreamExecutionEnvironment environment() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(LocalCluster.PARALLELISM);
    return env;
  }

  private static double seconds(Duration time) {
    return time.toNanos() / 1e9;
  }
}
