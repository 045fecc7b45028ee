package nl.stroomlijn.streams.anomaly.detect;

/** What a reading over [windowStart, timestamp] should read, and how far it normally strays. */
record Expectation(double expected, double spread, double floor, boolean pure) {

  /** Not known yet: a state not learned, or a product level still to pick. */
  static Expectation unknown(double floor, boolean pure) {
    return new Expectation(Double.NaN, Double.NaN, floor, pure);
  }

  boolean known() {
    return !Double.isNaN(expected);
  }

  /** The reading as a ratio to the expectation; the floor keeps a zero flow from dividing by zero. */
  double ratio(double value) {
    return (value + floor) / (expected + floor);
  }

  /** A ratio back in the meter's unit. */
  double value(double ratio) {
    return ratio * (expected + floor) - floor;
  }

  /** Nothing flows and nothing is expected to: there is nothing to judge. */
  boolean idle(double value) {
    return expected < floor && Math.abs(value) < floor;
  }
}
