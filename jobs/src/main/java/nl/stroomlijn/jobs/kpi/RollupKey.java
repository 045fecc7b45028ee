package nl.stroomlijn.jobs.kpi;

import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;

/**
 * The key of the roll-up, {@code scopeType/scopeId/window}: one scope and window kind. Scope ids
 * may contain '/', so the id is everything between the first and the last separator.
 */
public record RollupKey(ScopeType scopeType, String scopeId, KpiWindow window) {

  public static RollupKey parse(String key) {
    int first = key.indexOf('/');
    int last = key.lastIndexOf('/');
    return new RollupKey(ScopeType.valueOf(key.substring(0, first)), key.substring(first + 1, last),
        KpiWindow.valueOf(key.substring(last + 1)));
  }

  @Override
  public String toString() {
    return scopeType + "/" + scopeId + "/" + window;
  }
}
