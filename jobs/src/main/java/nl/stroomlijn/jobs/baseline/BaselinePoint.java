package nl.stroomlijn.jobs.baseline;

/** A past hour of a product on a machine, kept to fit its baseline. */
public class BaselinePoint {

  public long hourStart;
  public long units;
  public double energyKwh;

  public BaselinePoint() {
  }

  public BaselinePoint(long hourStart, long units, double energyKwh) {
    this.hourStart = hourStart;
    this.units = units;
    this.energyKwh = energyKwh;
  }
}
