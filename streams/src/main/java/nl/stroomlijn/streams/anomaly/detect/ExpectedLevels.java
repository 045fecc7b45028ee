package nl.stroomlijn.streams.anomaly.detect;

/** What a meter should read given what its machines are doing, learned from its normal readings. */
interface ExpectedLevels {

  /** The expectation of {@code value}, read over [windowStart, timestamp] with the machines in {@code context}. */
  Expectation expect(long windowStart, long timestamp, MachineContext context, double value);

  /** Learns from the reading just expected, which nothing found anomalous and whose window held one mix of states. */
  void learn(double value);

  /**
   * Follows the reading just expected, anomalous or not, so that a lasting change becomes the new
   * normal; true when that learned the reading (it must not be learned again).
   */
  boolean track(double value, long timestamp);
}
