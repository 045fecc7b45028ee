package nl.stroomlijn.streams.anomaly.detect;

/** What a meter's readings depend on: its own machine's operating state, or the states of the machines a shared meter feeds. */
public sealed interface MachineContext permits OperatingContext, TargetStates {

  /** Event time of the latest state change it reflects: readings before it are not judged by it. */
  long since();
}
