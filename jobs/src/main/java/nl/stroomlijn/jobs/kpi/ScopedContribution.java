package nl.stroomlijn.jobs.kpi;

import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;

/** A contribution addressed to one scope (product, order, machine, line or site) and one kind of window. */
public class ScopedContribution {

  public ScopeType scopeType;
  public String scopeId;
  /** Site of the scope; null for plant-wide product scopes. */
  public String siteId;
  public KpiWindow window;
  public Contribution contribution;

  public ScopedContribution() {
  }

  public ScopedContribution(ScopeType scopeType, String scopeId, String siteId, KpiWindow window,
      Contribution contribution) {
    this.scopeType = scopeType;
    this.scopeId = scopeId;
    this.siteId = siteId;
    this.window = window;
    this.contribution = contribution;
  }

  /** The key the roll-up is partitioned by: every window of one scope and window kind lives on one key. */
  public String rollupKey() {
    return new RollupKey(scopeType, scopeId, window).toString();
  }
}
