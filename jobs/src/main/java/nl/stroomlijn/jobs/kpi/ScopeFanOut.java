package nl.stroomlijn.jobs.kpi;

import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.util.Collector;

/**
 * Sends each contribution to every scope it belongs to (its machine, line, site, order and
 * product) in every time window, and to its order's order window. Order boundary events only
 * shape the order window.
 */
public final class ScopeFanOut implements FlatMapFunction<Contribution, ScopedContribution> {

  @Override
  public void flatMap(Contribution c, Collector<ScopedContribution> out) {
    if (c.orderId != null) {
      out.collect(new ScopedContribution(ScopeType.ORDER, c.orderId, c.siteId, KpiWindow.ORDER, c));
    }
    if (c.orderMark != Contribution.OrderMark.NONE) {
      return;
    }
    for (KpiWindow window : KpiWindows.TIME_WINDOWS) {
      out.collect(new ScopedContribution(ScopeType.MACHINE, c.machineId, c.siteId, window, c));
      if (c.lineId != null) {
        out.collect(new ScopedContribution(ScopeType.LINE, c.lineId, c.siteId, window, c));
      }
      if (c.siteId != null) {
        out.collect(new ScopedContribution(ScopeType.SITE, c.siteId, c.siteId, window, c));
      }
      if (c.orderId != null) {
        out.collect(new ScopedContribution(ScopeType.ORDER, c.orderId, c.siteId, window, c));
      }
      if (c.productId != null) {
        out.collect(new ScopedContribution(ScopeType.PRODUCT, c.productId, null, window, c));
      }
    }
  }
}
