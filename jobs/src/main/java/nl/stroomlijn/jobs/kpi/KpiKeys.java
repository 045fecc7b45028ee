package nl.stroomlijn.jobs.kpi;

import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.KpiValue;

/** The record keys of the output topics (see nl.stroomlijn.topics.Topics). */
public final class KpiKeys {

  private KpiKeys() {
  }

  /** factory.kpi: scopeType/scopeId/kpi/window/windowStart, the start as an ISO-8601 instant. */
  public static String kpiKey(KpiValue value) {
    return latestKey(value) + "/" + value.getWindowStart();
  }

  /** factory.kpi.latest (compacted): scopeType/scopeId/kpi/window. */
  public static String latestKey(KpiValue value) {
    return value.getScopeType() + "/" + value.getScopeId() + "/" + value.getKpi() + "/" + value.getWindow();
  }

  /** factory.anomalies: the scope id. */
  public static String anomalyKey(AnomalyEpisode episode) {
    return episode.getScopeId();
  }
}
