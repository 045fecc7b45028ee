package nl.stroomlijn.jobs.baseline;

import java.math.BigDecimal;

/** Energy and units of one product on one machine in one hour: an observation of its baseline. */
public class ProductHour {

  public BigDecimal energyKwh = BigDecimal.ZERO;
  /** Units produced, good and scrap. */
  public long units;
  public long sourceRecords;

  public ProductHour() {
  }
}
