package nl.stroomlijn.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;
import org.junit.jupiter.api.Test;

class PlantBoardTest {

  private static final Instant DAY = Instant.parse("2026-01-05T00:00:00Z");
  private final PlantBoard board = new PlantBoard();

  @Test
  void addsUpTheDaysExactlyAndTheSitesIntoThePlantsIdleShare() {
    Instant yesterday = DAY.minus(Duration.ofDays(1));
    board.accept(kpi(ScopeType.PRODUCT, "bracket-a", "good_units", yesterday, 5.0, "5", null));
    board.accept(kpi(ScopeType.PRODUCT, "bracket-a", "good_units", yesterday, 80.0, "80", null)); // later record
    board.accept(kpi(ScopeType.PRODUCT, "bracket-a", "good_units", DAY, 40.0, "40", null));
    board.accept(kpi(ScopeType.PRODUCT, "bracket-a", "sec_kwh_per_unit", yesterday, 0.125, "10", "80"));
    board.accept(kpi(ScopeType.PRODUCT, "bracket-a", "sec_kwh_per_unit", DAY, 0.5, "20", "40"));
    board.accept(kpi(ScopeType.PRODUCT, "bracket-a", "scrap_rate", DAY, 0.025, "3", "120"));
    board.accept(kpi(ScopeType.MACHINE, "press-1", "good_units", DAY, 7.0, "7", null));
    board.accept(hourly(kpi(ScopeType.PRODUCT, "bracket-a", "good_units", DAY, 999.0, "999", null)));
    board.accept(kpi(ScopeType.SITE, "site-a", "idle_energy_share", DAY, 0.1, "10", "100"));
    board.accept(kpi(ScopeType.SITE, "site-b", "idle_energy_share", DAY, 0.5, "150", "300"));

    // (10 + 150) / (100 + 300): not the mean of the sites' shares, which would be 30 %.
    assertThat(board.plantIdleShare()).isEqualByComparingTo("0.4");
    // 120 good units; (10 + 20) kWh / 120 units = 0.25, not the mean of the days' 0.125 and 0.5.
    assertThat(String.join("\n", board.render(5)))
        .contains("since 2026-01-04 (UTC)")
        .containsPattern("bracket-a +120 +0\\.2500 +- +2\\.5 %")
        .doesNotContain("press-1", "999")
        .contains("Idle energy share: plant 40.0 %  (site-a 10.0 %, site-b 50.0 %)");
    assertThat(board.kpiRecords()).isEqualTo(10);
  }

  @Test
  void listsOpenEpisodesNewestFirstAndForgetsClosedOnes() {
    board.accept(episode("e1", EpisodeStatus.OPENED, DAY, "press-2 drew 12.3 kW while IDLE"));
    board.accept(episode("e2", EpisodeStatus.OPENED, DAY.plusSeconds(600), "meter stuck at 41.0 kWh"));
    board.accept(episode("e2", EpisodeStatus.UPDATED, DAY.plusSeconds(600), "meter stuck at 41.0 kWh for 20 min"));
    board.accept(episode("e3", EpisodeStatus.OPENED, DAY.plusSeconds(60), "a spike"));
    board.accept(episode("e3", EpisodeStatus.CLOSED, DAY.plusSeconds(60), "a spike"));

    String text = String.join("\n", board.render(1));
    assertThat(text).contains("Open anomaly episodes: 2 (opened so far 3, closed 1)")
        .contains("meter stuck at 41.0 kWh for 20 min").contains("... and 1 more")
        .doesNotContain("a spike", "press-2 drew");
  }

  private static KpiValue kpi(ScopeType scope, String id, String kpi, Instant start, Double value, String numerator,
      String denominator) {
    return KpiValue.newBuilder().setScopeType(scope).setScopeId(id).setKpi(kpi).setWindow(KpiWindow.DAY_1)
        .setWindowStart(start).setWindowEnd(start.plus(Duration.ofDays(1))).setValue(value)
        .setNumerator(numerator == null ? null : new BigDecimal(numerator).setScale(12))
        .setDenominator(denominator == null ? null : new BigDecimal(denominator).setScale(12))
        .setUnit("x").setSourceRecords(1).setStatus(KpiStatus.PROVISIONAL).setEmittedAt(start).build();
  }

  private static KpiValue hourly(KpiValue value) {
    return KpiValue.newBuilder(value).setWindow(KpiWindow.HOUR_1).build();
  }

  private static AnomalyEpisode episode(String id, EpisodeStatus status, Instant start, String explanation) {
    return AnomalyEpisode.newBuilder().setEpisodeId(id).setStatus(status).setKind(AnomalyKind.IDLE_WASTE)
        .setScopeType(ScopeType.MACHINE).setScopeId("site/line/press-2").setMachineId("site/line/press-2")
        .setStart(start).setLastSeen(start).setScore(0.9).setPeakScore(0.9).setPoints(1).setDetector("test")
        .setExplanation(explanation).build();
  }
}
