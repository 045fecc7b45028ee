package nl.stroomlijn.jobs.baseline;

import java.util.List;
import java.util.Optional;

/**
 * An ISO 50006 energy baseline: energy = a + b x units, fitted by ordinary least squares.
 *
 * @param intercept a, kWh at zero output (the fixed share)
 * @param slope     b, kWh per unit (the variable share)
 * @param points    number of observations fitted
 */
public record LinearBaseline(double intercept, double slope, int points) {

  /** One observation: units produced and energy used in one period. */
  public record Point(double units, double energyKwh) {
  }

  /**
   * Fits a baseline; none when there are fewer than {@code minPoints} observations or the units
   * never vary (the slope is then undetermined).
   */
  public static Optional<LinearBaseline> fit(List<Point> points, int minPoints) {
    int n = points.size();
    if (n < Math.max(2, minPoints)) {
      return Optional.empty();
    }
    double meanUnits = points.stream().mapToDouble(Point::units).average().orElseThrow();
    double meanEnergy = points.stream().mapToDouble(Point::energyKwh).average().orElseThrow();
    double sxx = 0;
    double sxy = 0;
    for (Point p : points) {
      sxx += (p.units() - meanUnits) * (p.units() - meanUnits);
      sxy += (p.units() - meanUnits) * (p.energyKwh() - meanEnergy);
    }
    if (sxx == 0) {
      return Optional.empty();
    }
    double slope = sxy / sxx;
    return Optional.of(new LinearBaseline(meanEnergy - slope * meanUnits, slope, n));
  }

  public double expectedKwh(double units) {
    return intercept + slope * units;
  }
}
