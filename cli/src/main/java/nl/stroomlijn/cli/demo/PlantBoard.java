package nl.stroomlijn.cli.demo;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;

/**
 * What the live view shows, kept from the KPI and anomaly streams: each product's KPIs and the
 * idle energy share of the plant and its sites over everything seen so far, and the open anomaly
 * episodes. A KPI over several day windows is the sum of their exact numerators over the sum of
 * their exact denominators (every KPI shown is such a ratio, or a sum). Holds one value per
 * product, KPI and day, and one record per open episode.
 */
final class PlantBoard {

  /** The KPIs shown per product, in column order. */
  static final List<String> PRODUCT_KPIS = List.of(
      "good_units", "sec_kwh_per_unit", "material_yield", "scrap_rate", "co2e_kg_per_unit");
  static final String IDLE_ENERGY_SHARE = "idle_energy_share";

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** By product, then KPI. */
  private final Map<String, Map<String, Days>> products = new TreeMap<>();
  /** Idle energy share by site. */
  private final Map<String, Days> siteIdleShare = new TreeMap<>();
  private final Map<String, AnomalyEpisode> openEpisodes = new LinkedHashMap<>();
  private Instant firstDay;
  private long kpiRecords;
  private long finalKpiRecords;
  private long episodesOpened;
  private long episodesClosed;

  /** A KPI's latest value per day window, and their total. */
  private static final class Days {
    private final Map<Instant, KpiValue> byDay = new HashMap<>();

    void put(KpiValue value) {
      byDay.put(value.getWindowStart(), value); // records of one key arrive in order: the latest wins
    }

    BigDecimal numerator() {
      return sum(byDay.values().stream().map(KpiValue::getNumerator).toList());
    }

    BigDecimal denominator() {
      return sum(byDay.values().stream().map(KpiValue::getDenominator).toList());
    }

    /** The sum, or the ratio of the sums; null when undefined. */
    BigDecimal total() {
      BigDecimal numerator = numerator();
      BigDecimal denominator = denominator();
      if (denominator == null) {
        return numerator;
      }
      return numerator == null || denominator.signum() == 0 ? null : numerator.divide(denominator, MathContext.DECIMAL64);
    }

    private static BigDecimal sum(List<BigDecimal> parts) {
      return parts.stream().filter(p -> p != null).reduce(BigDecimal::add).orElse(null);
    }
  }

  void accept(KpiValue value) {
    kpiRecords++;
    if (value.getStatus() == KpiStatus.FINAL) {
      finalKpiRecords++;
    }
    if (value.getWindow() != KpiWindow.DAY_1) {
      return;
    }
    if (value.getScopeType() == ScopeType.PRODUCT && PRODUCT_KPIS.contains(value.getKpi())) {
      products.computeIfAbsent(value.getScopeId(), p -> new HashMap<>())
          .computeIfAbsent(value.getKpi(), k -> new Days()).put(value);
    } else if (value.getScopeType() == ScopeType.SITE && value.getKpi().equals(IDLE_ENERGY_SHARE)) {
      siteIdleShare.computeIfAbsent(value.getScopeId(), s -> new Days()).put(value);
    } else {
      return;
    }
    if (firstDay == null || value.getWindowStart().isBefore(firstDay)) {
      firstDay = value.getWindowStart();
    }
  }

  void accept(AnomalyEpisode episode) {
    if (episode.getStatus() == EpisodeStatus.OPENED) {
      episodesOpened++;
    }
    if (episode.getStatus() == EpisodeStatus.CLOSED) {
      episodesClosed++;
      openEpisodes.remove(episode.getEpisodeId());
    } else {
      openEpisodes.put(episode.getEpisodeId(), episode);
    }
  }

  long kpiRecords() {
    return kpiRecords;
  }

  long finalKpiRecords() {
    return finalKpiRecords;
  }

  long episodesOpened() {
    return episodesOpened;
  }

  int openEpisodeCount() {
    return openEpisodes.size();
  }

  /** The plant's idle energy share: every site's and day's numerator over their denominators; null before any. */
  BigDecimal plantIdleShare() {
    BigDecimal idle = BigDecimal.ZERO;
    BigDecimal total = BigDecimal.ZERO;
    for (Days site : siteIdleShare.values()) {
      if (site.numerator() != null && site.denominator() != null) {
        idle = idle.add(site.numerator());
        total = total.add(site.denominator());
      }
    }
    return total.signum() == 0 ? null : idle.divide(total, MathContext.DECIMAL64);
  }

  /** The board as text lines, at most {@code episodeLines} of them for open episodes. */
  List<String> render(int episodeLines) {
    List<String> lines = new ArrayList<>();
    lines.add(firstDay == null ? "Per product: waiting for the first KPI values..."
        : "Per product, plant time since " + DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(firstDay)
            + " (UTC), open windows included:");
    lines.add(String.format("  %-22s %12s %12s %10s %10s %14s", "product", "good units", "kWh/unit", "yield",
        "scrap", "kg CO2e/unit"));
    products.forEach((product, kpis) -> lines.add(String.format("  %-22s %12s %12s %10s %10s %14s", product,
        number(kpis.get("good_units"), "%,.0f"), number(kpis.get("sec_kwh_per_unit"), "%.4f"),
        percent(kpis.get("material_yield")), percent(kpis.get("scrap_rate")),
        number(kpis.get("co2e_kg_per_unit"), "%.4f"))));
    BigDecimal plant = plantIdleShare();
    StringBuilder idle = new StringBuilder("Idle energy share: plant ")
        .append(plant == null ? "-" : String.format("%.1f %%", plant.doubleValue() * 100));
    List<String> sites = new ArrayList<>();
    siteIdleShare.forEach((site, days) -> sites.add(site + " " + percent(days)));
    if (!sites.isEmpty()) {
      idle.append("  (").append(String.join(", ", sites)).append(')');
    }
    lines.add("");
    lines.add(idle.toString());
    lines.add("");
    lines.add("Open anomaly episodes: " + openEpisodes.size() + " (opened so far " + episodesOpened + ", closed "
        + episodesClosed + ")");
    openEpisodes.values().stream()
        .sorted(Comparator.comparing(AnomalyEpisode::getStart).reversed())
        .limit(episodeLines)
        .forEach(e -> lines.add(episodeLine(e)));
    if (openEpisodes.size() > episodeLines) {
      lines.add("  ... and " + (openEpisodes.size() - episodeLines) + " more");
    }
    return lines;
  }

  /** When, what and where: the explanation names the meter or machine by its name, the scope says which one. */
  static String episodeLine(AnomalyEpisode episode) {
    String where = episode.getMeterId() != null ? episode.getMeterId()
        : episode.getMachineId() != null ? episode.getMachineId() : episode.getScopeId();
    return String.format("  %s  %-17s %-38s %s", TIME.format(episode.getStart()), episode.getKind(), where,
        episode.getExplanation());
  }

  private static String number(Days days, String format) {
    BigDecimal total = days == null ? null : days.total();
    return total == null ? "-" : String.format(format, total.doubleValue());
  }

  private static String percent(Days days) {
    BigDecimal total = days == null ? null : days.total();
    return total == null ? "-" : String.format("%.1f %%", total.doubleValue() * 100);
  }
}
