package nl.stroomlijn.streams.anomaly.detect;

import java.util.Random;

/** A seeded, seasonal test series (daily shape, weekday/weekend) at a fixed cadence, with anomalies injected by index. */
final class SyntheticSeries {

  static final long START = 1_704_067_200_000L; // 2024-01-01T00:00:00Z, a Monday
  static final long FIVE_MINUTES = 300_000L;

  final long[] timestamps;
  final double[] values;
  final double noise;

  /** {@code days} of points every {@code cadence} ms: base 50, +30 in the day shift on weekdays, noise sigma {@code noise}. */
  SyntheticSeries(int days, long cadence, double noise, long seed) {
    int n = (int) (days * 86_400_000L / cadence);
    this.noise = noise;
    timestamps = new long[n];
    values = new double[n];
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      long t = START + i * cadence;
      timestamps[i] = t;
      int hour = (int) ((t / 3_600_000L) % 24);
      int weekday = (int) ((t / 86_400_000L + 3) % 7); // 0 = Monday (epoch day 0 was a Thursday)
      double shift = weekday < 5 && hour >= 6 && hour < 22 ? 30 : 0;
      values[i] = 50 + shift + 5 * Math.sin(2 * Math.PI * hour / 24.0) + noise * random.nextGaussian();
    }
  }

  static SyntheticSeries twoWeeks() {
    return new SyntheticSeries(14, FIVE_MINUTES, 1.0, 42);
  }

  SyntheticSeries add(int from, int to, double delta) {
    for (int i = from; i < to; i++) {
      values[i] += delta;
    }
    return this;
  }

  SyntheticSeries ramp(int from, int to, double perPoint) {
    for (int i = from; i < values.length; i++) {
      values[i] += perPoint * (Math.min(i, to) - from);
    }
    return this;
  }

  SyntheticSeries hold(int from, int to) {
    for (int i = from; i < to; i++) {
      values[i] = values[from];
    }
    return this;
  }

  int size() {
    return values.length;
  }
}
