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
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;

/**
 * What the live view shows, kept from the KPI and anomaly streams: each product's KPIs of the
 * latest day window, the idle energy share of the plant and its sites, and the open anomaly
 * episodes. Holds one value per product and KPI and one record per open episode: bounded by the
 * plant, not by time.
 */
final class PlantBoard {

  /** The KPIs shown per product, in column order. */
  static final List<String> PRODUCT_KPIS = List.of(
      "good_units", "sec_kwh_per_unit", "material_yield", "scrap_rate", "co2e_kg_per_unit");
  static final String IDLE_ENERGY_SHARE = "idle_energy_share";

  private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

  /** Latest day value by product, then KPI. */
  private final Map<String, Map<String, KpiValue>> products = new TreeMap<>();
  /** Latest day idle energy share by site. */
  private final Map<String, KpiValue> siteIdleShare = new TreeMap<>();
  private final Map<String, AnomalyEpisode> openEpisodes = new LinkedHashMap<>();
  private long kpiRecords;
  private long finalKpiRecords;
  private long episodesOpened;
  private long episodesClosed;

  void accept(KpiValue value) {
    kpiRecords++;
    if (value.getStatus() == nl.stroomlijn.schemas.KpiStatus.FINAL) {
      finalKpiRecords++;
    }
    if (value.getWindow() != KpiWindow.DAY_1) {
      return;
    }
    if (value.getScopeType() == ScopeType.PRODUCT && PRODUCT_KPIS.contains(value.getKpi())) {
      keepLatest(products.computeIfAbsent(value.getScopeId(), p -> new HashMap<>()), value.getKpi(), value);
    } else if (value.getScopeType() == ScopeType.SITE && value.getKpi().equals(IDLE_ENERGY_SHARE)) {
      keepLatest(siteIdleShare, value.getScopeId(), value);
    }
  }

  /** A later window wins; within a window, the later record (records of a key arrive in order). */
  private static void keepLatest(Map<String, KpiValue> values, String key, KpiValue value) {
    KpiValue kept = values.get(key);
    if (kept == null || !value.getWindowStart().isBefore(kept.getWindowStart())) {
      values.put(key, value);
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

  /**
   * The plant's idle energy share: the sites' exact numerators over their exact denominators, for
   * the latest day any site reported; null before there is one.
   */
  BigDecimal plantIdleShare() {
    Instant day = siteIdleShare.values().stream().map(KpiValue::getWindowStart).max(Comparator.naturalOrder())
        .orElse(null);
    BigDecimal idle = BigDecimal.ZERO;
    BigDecimal total = BigDecimal.ZERO;
    for (KpiValue site : siteIdleShare.values()) {
      if (site.getWindowStart().equals(day) && site.getNumerator() != null && site.getDenominator() != null) {
        idle = idle.add(site.getNumerator());
        total = total.add(site.getDenominator());
      }
    }
    return total.signum() == 0 ? null : idle.divide(total, MathContext.DECIMAL64);
  }

  /** The board as text lines, at most {@code episodeLines} of them for open episodes. */
  List<String> render(int episodeLines) {
    List<String> lines = new ArrayList<>();
    TreeSet<Instant> days = new TreeSet<>();
    products.values().forEach(kpis -> kpis.values().forEach(v -> days.add(v.getWindowStart())));
    lines.add(days.isEmpty() ? "Per product (day so far): waiting for the first KPI values..."
        : "Per product, day " + DAY.format(days.last()) + " (UTC) so far:");
    lines.add(String.format("  %-22s %12s %12s %10s %10s %14s", "product", "good units", "kWh/unit", "yield",
        "scrap", "kg CO2e/unit"));
    for (Map.Entry<String, Map<String, KpiValue>> product : products.entrySet()) {
      Map<String, KpiValue> kpis = product.getValue();
      lines.add(String.format("  %-22s %12s %12s %10s %10s %14s", product.getKey(),
          number(kpis.get("good_units"), "%,.0f"), number(kpis.get("sec_kwh_per_unit"), "%.4f"),
          percent(kpis.get("material_yield")), percent(kpis.get("scrap_rate")),
          number(kpis.get("co2e_kg_per_unit"), "%.4f")));
    }
    BigDecimal plant = plantIdleShare();
    StringBuilder idle = new StringBuilder("Idle energy share: plant ")
        .append(plant == null ? "-" : String.format("%.1f %%", plant.doubleValue() * 100));
    List<String> sites = new ArrayList<>();
    siteIdleShare.forEach((site, value) -> sites.add(site + " " + percent(value)));
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

  private static String number(KpiValue value, String format) {
    return value == null || value.getValue() == null ? "-" : String.format(format, value.getValue());
  }

  private static String percent(KpiValue value) {
    return value == null || value.getValue() == null ? "-" : String.format("%.1f %%", value.getValue() * 100);
  }

  @Override
  public String toString() {
    return Objects.toString(render(Integer.MAX_VALUE));
  }
}
