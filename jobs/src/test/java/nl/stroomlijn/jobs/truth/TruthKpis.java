package nl.stroomlijn.jobs.truth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import nl.stroomlijn.ingest.replay.CsvLine;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;

/**
 * The KPI values a correct pipeline must publish for a simulated run, derived from the run's ground
 * truth only: the CSV files the simulator writes ({@code consumption.csv}, {@code production.csv},
 * {@code orders.csv}, {@code machines.csv}, {@code meters.csv}; format in ingest/README.md), by the
 * definitions of docs/kpis.md. It shares no code with the KPI job, so it can judge it.
 *
 * <p>Sums are exact; a ratio is its exact numerator and denominator, as on the record (scale 12).
 * Truth cannot tell time in states or ideal cycle times, so {@code availability},
 * {@code performance}, {@code quality}, {@code oee} and {@code energy_performance} are not derived
 * ({@link #derives}). CO2e is derived from truth's per-window sums; a window in which an emission
 * factor first becomes known midway would need per-slice truth (the shipped plants have none).
 *
 * <p>Use: {@code TruthKpis.load(dir).check(records)} compares the FINAL records with the truth and
 * fails on any difference; {@link #expected} gives one value; {@link #keys} the windows truth has.
 */
public final class TruthKpis {

  /** The KPIs truth defines, in the order of docs/kpis.md. */
  public static final List<String> DERIVED = List.of("energy_kwh", "material_kg", "good_units", "scrap_units",
      "sec_kwh_per_unit", "sec_kwh_per_kg", "material_kg_per_unit", "material_yield", "scrap_rate",
      "idle_energy_share", "co2e_kg", "co2e_kg_per_unit");

  private static final int SCALE = 12;
  private static final Set<String> ENERGY_CARRIERS = Set.of("ELECTRICITY", "NATURAL_GAS");
  private static final Set<ScopeType> KPI_SCOPES =
      Set.of(ScopeType.MACHINE, ScopeType.LINE, ScopeType.SITE, ScopeType.ORDER, ScopeType.PRODUCT);

  /** A KPI of one scope in one window: the key of {@code factory.kpi}. */
  public record Key(ScopeType scopeType, String scopeId, String kpi, KpiWindow window, Instant windowStart) {
    public static Key of(KpiValue value) {
      return new Key(value.getScopeType(), value.getScopeId(), value.getKpi(), value.getWindow(),
          value.getWindowStart());
    }

    /** As on the topic: scopeType/scopeId/kpi/window/windowStart. */
    @Override
    public String toString() {
      return scopeType + "/" + scopeId + "/" + kpi + "/" + window + "/" + windowStart;
    }
  }

  /**
   * An expected value: the exact numerator (the sum, for a sum KPI) and denominator (null for a sum),
   * each null where docs/kpis.md says the value is unknown.
   */
  public record Expected(BigDecimal numerator, BigDecimal denominator, boolean ratio) {
    /** The value: the sum, or the ratio (34 digits, then the nearest double); null when undefined. */
    public Double value() {
      if (!ratio) {
        return numerator == null ? null : numerator.doubleValue();
      }
      return numerator == null || denominator == null || denominator.signum() == 0 ? null
          : numerator.divide(denominator, MathContext.DECIMAL128).doubleValue();
    }

    /** Whether a record carries this value: numerator and denominator exactly, and the value as the nearest double. */
    public boolean matches(KpiValue record) {
      return sameDecimal(numerator, record.getNumerator()) && sameDecimal(denominator, record.getDenominator())
          && sameDouble(value(), record.getValue());
    }

    @Override
    public String toString() {
      return ratio ? numerator + " / " + denominator + " = " + value() : String.valueOf(numerator);
    }
  }

  /** One window of one scope. */
  private record Window(ScopeType scope, String scopeId, KpiWindow window, long start) {
  }

  /** The exact sums truth gives for one window. */
  private static final class Sums {
    BigDecimal energyKwh = BigDecimal.ZERO;
    /** Energy in RUNNING, orders or not; unassigned running energy is subtracted for the idle share. */
    BigDecimal runningKwh = BigDecimal.ZERO;
    BigDecimal unassignedRunningKwh = BigDecimal.ZERO;
    BigDecimal materialKg = BigDecimal.ZERO;
    BigDecimal co2eKg = BigDecimal.ZERO;
    boolean co2eUnknown;
    long good;
    long scrap;
    /** Null when a good unit's product declares no unit mass. */
    BigDecimal outputKg = BigDecimal.ZERO;
    /** Order windows: the order's end. */
    long end;
  }

  private final Map<Window, Sums> windows;

  private TruthKpis(Map<Window, Sums> windows) {
    this.windows = windows;
  }

  /** Reads the truth directory a simulation wrote ({@code stroomlijn simulate --truth DIR}, or TruthFiles). */
  public static TruthKpis load(Path truthDir) {
    Set<String> kwhMedia = energyMedia(read(truthDir.resolve("meters.csv")));
    Map<Window, Sums> windows = new HashMap<>();
    // An order's whole life lies in the run, so its TOTAL is its order window.
    Map<String, Sums> orderTotals = new HashMap<>();
    Map<Window, BigDecimal> unassignedRunning = new HashMap<>();
    for (Map<String, String> row : read(truthDir.resolve("consumption.csv"))) {
      String scope = row.get("scope");
      boolean total = row.get("window").equals("TOTAL");
      if (scope.equals("METER") || total && !scope.equals("ORDER")) {
        continue;
      }
      if (total) {
        addConsumption(orderTotals.computeIfAbsent(row.get("scope_id"), o -> new Sums()), row, kwhMedia);
      } else if (scope.equals("UNASSIGNED")) {
        if (kwhMedia.contains(row.get("quantity")) && row.get("state").equals("RUNNING")) {
          unassignedRunning.merge(window(ScopeType.MACHINE, row), micro(row), BigDecimal::add);
        }
      } else {
        addConsumption(windows.computeIfAbsent(window(ScopeType.valueOf(scope), row), w -> new Sums()), row, kwhMedia);
      }
    }
    // A machine's running energy with no order is idle energy of the machine, its line and its site.
    Map<String, Map<String, String>> machines = new HashMap<>();
    read(truthDir.resolve("machines.csv")).forEach(row -> machines.put(row.get("machine_id"), row));
    unassignedRunning.forEach((machine, kwh) -> {
      Map<String, String> where = Objects.requireNonNull(machines.get(machine.scopeId()),
          "machines.csv lacks " + machine.scopeId());
      for (Window w : List.of(machine,
          new Window(ScopeType.LINE, where.get("line_id"), machine.window(), machine.start()),
          new Window(ScopeType.SITE, where.get("site_id"), machine.window(), machine.start()))) {
        Sums sums = Objects.requireNonNull(windows.get(w), () -> "consumption.csv has " + machine + " but not " + w);
        sums.unassignedRunningKwh = sums.unassignedRunningKwh.add(kwh);
      }
    });
    for (Map<String, String> row : read(truthDir.resolve("production.csv"))) {
      if (!row.get("window").equals("TOTAL")) {
        addUnits(windows.computeIfAbsent(window(ScopeType.valueOf(row.get("scope")), row), w -> new Sums()), row);
      } else if (row.get("scope").equals("ORDER")) {
        addUnits(orderTotals.computeIfAbsent(row.get("scope_id"), o -> new Sums()), row);
      }
    }
    for (Map<String, String> order : read(truthDir.resolve("orders.csv"))) {
      // Only an ended order's window closes.
      if (!order.get("started").isEmpty() && !order.get("ended").isEmpty()) {
        Sums sums = orderTotals.getOrDefault(order.get("order_id"), new Sums());
        sums.end = Instant.parse(order.get("ended")).toEpochMilli();
        windows.put(new Window(ScopeType.ORDER, order.get("order_id"), KpiWindow.ORDER,
            Instant.parse(order.get("started")).toEpochMilli()), sums);
      }
    }
    return new TruthKpis(windows);
  }

  private static void addConsumption(Sums sums, Map<String, String> row, Set<String> kwhMedia) {
    String quantity = row.get("quantity");
    BigDecimal amount = micro(row);
    boolean energy = kwhMedia.contains(quantity);
    if (row.get("state").equals("RUNNING") && energy) {
      sums.runningKwh = sums.runningKwh.add(amount);
    }
    if (!row.get("state").equals("ALL")) {
      return;
    }
    if (energy) {
      sums.energyKwh = sums.energyKwh.add(amount);
    }
    if (quantity.startsWith("MATERIAL:")) {
      sums.materialKg = sums.materialKg.add(amount);
    }
    String co2e = row.get("co2e_kg");
    if (!co2e.isEmpty()) {
      sums.co2eKg = sums.co2eKg.add(new BigDecimal(co2e));
    } else if (ENERGY_CARRIERS.contains(quantity) && amount.signum() > 0) {
      sums.co2eUnknown = true;
    }
  }

  private static void addUnits(Sums sums, Map<String, String> row) {
    long good = Long.parseLong(row.get("good_units"));
    sums.good += good;
    sums.scrap += Long.parseLong(row.get("scrap_units"));
    String mass = row.get("output_mass_kg");
    sums.outputKg = sums.outputKg == null || mass.isEmpty() ? null : sums.outputKg.add(new BigDecimal(mass));
  }

  /** The media metered in kWh (energy), from each meter's quantity unit. */
  private static Set<String> energyMedia(List<Map<String, String>> meters) {
    Map<String, Set<String>> unitsOfMedium = new HashMap<>();
    meters.forEach(m -> unitsOfMedium.computeIfAbsent(m.get("medium"), k -> new HashSet<>()).add(m.get("unit")));
    unitsOfMedium.forEach((medium, units) -> {
      if (units.size() > 1 && units.contains("kWh")) {
        // consumption.csv sums per medium, so energy could not be told apart from the rest.
        throw new IllegalArgumentException("medium " + medium + " is metered in several units " + units);
      }
    });
    return unitsOfMedium.entrySet().stream().filter(e -> e.getValue().contains("kWh")).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  private static Window window(ScopeType scope, Map<String, String> row) {
    return new Window(scope, row.get("scope_id"), KpiWindow.valueOf(row.get("window")),
        Instant.parse(row.get("window_start")).toEpochMilli());
  }

  private static BigDecimal micro(Map<String, String> row) {
    return BigDecimal.valueOf(Long.parseLong(row.get("quantity_micro")), 6);
  }

  // ---------------------------------------------------------------- expected values

  /** Whether truth defines this KPI (see {@link #DERIVED}). */
  public static boolean derives(String kpi) {
    return DERIVED.contains(kpi);
  }

  /** The expected value of a record's key, or empty when truth has no such window or does not derive the KPI. */
  public Optional<Expected> expected(KpiValue record) {
    return expected(Key.of(record));
  }

  /** The expected value of a KPI, or empty when truth has no such window or does not derive the KPI. */
  public Optional<Expected> expected(Key key) {
    Sums s = windows.get(new Window(key.scopeType(), key.scopeId(), key.window(), key.windowStart().toEpochMilli()));
    if (s == null || !derives(key.kpi())) {
      return Optional.empty();
    }
    BigDecimal good = BigDecimal.valueOf(s.good);
    BigDecimal co2e = s.co2eUnknown ? null : s.co2eKg;
    return Optional.of(switch (key.kpi()) {
      case "energy_kwh" -> sum(s.energyKwh);
      case "material_kg" -> sum(s.materialKg);
      case "good_units" -> sum(good);
      case "scrap_units" -> sum(BigDecimal.valueOf(s.scrap));
      case "sec_kwh_per_unit" -> ratio(s.energyKwh, good);
      case "sec_kwh_per_kg" -> ratio(s.energyKwh, s.outputKg);
      case "material_kg_per_unit" -> ratio(s.materialKg, good);
      case "material_yield" -> ratio(s.outputKg, s.materialKg);
      case "scrap_rate" -> ratio(BigDecimal.valueOf(s.scrap), BigDecimal.valueOf(s.good + s.scrap));
      // Idle: energy in any state but RUNNING, or with no order running.
      case "idle_energy_share" -> ratio(s.energyKwh.subtract(s.runningKwh).add(s.unassignedRunningKwh), s.energyKwh);
      case "co2e_kg" -> sum(co2e);
      case "co2e_kg_per_unit" -> ratio(co2e, good);
      default -> throw new IllegalStateException("no derivation for " + key.kpi());
    });
  }

  /** Every KPI key truth has a window for, of the derived KPIs. */
  public Set<Key> keys() {
    return keys(w -> true);
  }

  /**
   * The keys of the windows that are final once the watermark reached {@code watermark}: a time window
   * when the watermark passed its end plus the allowed lateness, an order window when the quarter hour
   * holding its end did (docs/kpis.md, "Windows and status").
   */
  public Set<Key> keysFinalBy(Instant watermark, Duration allowedLateness) {
    return keys(w -> closesAt(w) + allowedLateness.toMillis() <= watermark.toEpochMilli());
  }

  private long closesAt(Window w) {
    if (w.window() == KpiWindow.ORDER) {
      long quarter = Duration.ofMinutes(15).toMillis();
      return Math.floorDiv(windows.get(w).end, quarter) * quarter + quarter;
    }
    return w.start() + switch (w.window()) {
      case MINUTES_15 -> Duration.ofMinutes(15).toMillis();
      case HOUR_1 -> Duration.ofHours(1).toMillis();
      case DAY_1 -> Duration.ofDays(1).toMillis();
      case ORDER -> throw new IllegalStateException();
    };
  }

  private Set<Key> keys(Predicate<Window> which) {
    Set<Key> keys = new HashSet<>();
    for (Window w : windows.keySet()) {
      if (KPI_SCOPES.contains(w.scope()) && which.test(w)) {
        for (String kpi : DERIVED) {
          keys.add(new Key(w.scope(), w.scopeId(), kpi, w.window(), Instant.ofEpochMilli(w.start())));
        }
      }
    }
    return keys;
  }

  private static Expected sum(BigDecimal sum) {
    return new Expected(exact(sum), null, false);
  }

  private static Expected ratio(BigDecimal numerator, BigDecimal denominator) {
    return new Expected(exact(numerator), exact(denominator), true);
  }

  private static BigDecimal exact(BigDecimal value) {
    // Truth's sums have at most 12 decimals (micro-units times micro factors): the scale changes no digit.
    return value == null ? null : value.setScale(SCALE, RoundingMode.UNNECESSARY);
  }

  private static boolean sameDecimal(BigDecimal expected, BigDecimal actual) {
    return expected == null ? actual == null : actual != null && expected.compareTo(actual) == 0;
  }

  /** The value on a record is the double nearest to the exact sum or ratio: nothing less will do. */
  private static boolean sameDouble(Double expected, Double actual) {
    return Objects.equals(expected, actual);
  }

  // ---------------------------------------------------------------- comparison

  /**
   * What {@link #check} compared.
   *
   * @param compared FINAL values compared, per KPI and scope type
   * @param notDerived FINAL values of KPIs truth does not derive, per KPI
   */
  public record Comparison(Map<String, Map<ScopeType, Integer>> compared, Map<String, Integer> notDerived,
                           Set<Key> keys) {

    public int total() {
      return compared.values().stream().flatMap(m -> m.values().stream()).mapToInt(Integer::intValue).sum();
    }

    public int count(String kpi, ScopeType scope) {
      return compared.getOrDefault(kpi, Map.of()).getOrDefault(scope, 0);
    }

    /** A table: one line per KPI, a column per scope type. */
    @Override
    public String toString() {
      StringBuilder out = new StringBuilder(String.format("compared %,d FINAL KPI values with the ground truth; all equal%n",
          total()));
      out.append(String.format("  %-22s", "kpi"));
      for (ScopeType scope : KPI_SCOPES_IN_ORDER) {
        out.append(String.format("%9s", scope));
      }
      out.append(String.format("%n"));
      compared.forEach((kpi, perScope) -> {
        out.append(String.format("  %-22s", kpi));
        for (ScopeType scope : KPI_SCOPES_IN_ORDER) {
          out.append(String.format("%,9d", perScope.getOrDefault(scope, 0)));
        }
        out.append(String.format("%n"));
      });
      if (!notDerived.isEmpty()) {
        out.append("  not derivable from truth, not compared: ").append(notDerived).append(String.format("%n"));
      }
      return out.toString();
    }
  }

  private static final List<ScopeType> KPI_SCOPES_IN_ORDER =
      List.of(ScopeType.MACHINE, ScopeType.LINE, ScopeType.SITE, ScopeType.ORDER, ScopeType.PRODUCT);

  /**
   * Checks the FINAL records among {@code records} (provisional ones are ignored): exactly one FINAL
   * per key, and each derived KPI equal to the truth's.
   *
   * @throws AssertionError listing the differences, a key with several FINALs, or a FINAL of a window truth has not
   */
  public Comparison check(Collection<KpiValue> records) {
    Map<Key, List<KpiValue>> finals = new HashMap<>();
    records.stream().filter(r -> r.getStatus() == KpiStatus.FINAL)
        .forEach(r -> finals.computeIfAbsent(Key.of(r), k -> new ArrayList<>()).add(r));
    List<String> problems = new ArrayList<>();
    Map<String, Integer> wrong = new TreeMap<>();
    Map<String, Map<ScopeType, Integer>> compared = new TreeMap<>(
        (a, b) -> Integer.compare(DERIVED.indexOf(a), DERIVED.indexOf(b)));
    Map<String, Integer> notDerived = new TreeMap<>();
    finals.forEach((key, values) -> {
      if (values.size() != 1) {
        problems.add(key + ": " + values.size() + " FINAL records");
      }
      if (!derives(key.kpi())) {
        notDerived.merge(key.kpi(), 1, Integer::sum);
        return;
      }
      Optional<Expected> expected = expected(key);
      if (expected.isEmpty()) {
        problems.add(key + ": FINAL " + values.get(0).getNumerator() + ", but truth has no such window");
        return;
      }
      for (KpiValue value : values) {
        if (!expected.get().matches(value)) {
          wrong.merge(key.scopeType() + " " + key.kpi(), 1, Integer::sum);
          problems.add(key + ": FINAL " + value.getNumerator() + " / " + value.getDenominator() + " = "
              + value.getValue() + ", truth " + expected.get());
        }
      }
      compared.computeIfAbsent(key.kpi(), k -> new EnumMap<>(ScopeType.class)).merge(key.scopeType(), 1, Integer::sum);
    });
    if (!problems.isEmpty()) {
      problems.sort(null);
      // Which KPIs of which scopes differ tells more than the first few lines.
      throw new AssertionError(problems.size() + " FINAL KPI values differ from the ground truth; by scope and KPI "
          + wrong + "; e.g.:\n  " + String.join("\n  ", problems.subList(0, Math.min(40, problems.size()))));
    }
    return new Comparison(compared, notDerived, Set.copyOf(finals.keySet()));
  }

  // ---------------------------------------------------------------- CSV

  /** The rows of a truth CSV file, by column name (RFC 4180 quoting, as TruthFiles writes). */
  private static List<Map<String, String>> read(Path file) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> header = CsvLine.split(lines.get(0), ',');
      List<Map<String, String>> rows = new ArrayList<>(lines.size());
      for (String line : lines.subList(1, lines.size())) {
        List<String> cells = CsvLine.split(line, ',');
        Map<String, String> row = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          row.put(header.get(i), i < cells.size() ? cells.get(i) : "");
        }
        rows.add(row);
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the ground truth file " + file, e);
    }
  }
}
