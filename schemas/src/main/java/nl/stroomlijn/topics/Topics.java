package nl.stroomlijn.topics;

import java.util.List;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topic.CleanupPolicy;
import nl.stroomlijn.topics.Topic.KeyFormat;

/** Every topic of DESIGN.md, with its default name, key, value record and cleanup policy. */
public final class Topics {

  private static final int PARTITIONS = 3;

  public static final Topic<AssetDefinition> ASSETS = new Topic<>(
      "factory.assets", AssetDefinition.class, KeyFormat.STRING, "asset id", CleanupPolicy.COMPACT, 1);
  public static final Topic<EmissionFactor> EMISSION_FACTORS = new Topic<>(
      "factory.emission-factors", EmissionFactor.class, KeyFormat.STRING,
      "zone id / medium / valid from", CleanupPolicy.COMPACT, 1);
  public static final Topic<SensorReading> READINGS = new Topic<>(
      "factory.readings.raw", SensorReading.class, KeyFormat.STRING, "sensor id", CleanupPolicy.DELETE, PARTITIONS);
  public static final Topic<MachineState> MACHINE_STATES = new Topic<>(
      "factory.machine-states", MachineState.class, KeyFormat.STRING, "machine id", CleanupPolicy.DELETE, PARTITIONS);
  public static final Topic<ProductionEvent> PRODUCTION = new Topic<>(
      "factory.production", ProductionEvent.class, KeyFormat.STRING, "machine id", CleanupPolicy.DELETE, PARTITIONS);
  public static final Topic<DeadLetter> DEAD_LETTERS = new Topic<>(
      "factory.readings.dlq", DeadLetter.class, KeyFormat.BYTES, "original key", CleanupPolicy.DELETE, PARTITIONS);
  public static final Topic<AttributedConsumption> CONSUMPTION = new Topic<>(
      "factory.consumption", AttributedConsumption.class, KeyFormat.STRING, "machine id", CleanupPolicy.DELETE, PARTITIONS);
  public static final Topic<AnomalyEpisode> ANOMALIES = new Topic<>(
      "factory.anomalies", AnomalyEpisode.class, KeyFormat.STRING, "scope id", CleanupPolicy.DELETE, PARTITIONS);
  public static final Topic<KpiValue> KPI = new Topic<>(
      "factory.kpi", KpiValue.class, KeyFormat.STRING,
      "scope type / scope id / kpi / window / window start", CleanupPolicy.DELETE, PARTITIONS);
  public static final Topic<KpiValue> KPI_LATEST = new Topic<>(
      "factory.kpi.latest", KpiValue.class, KeyFormat.STRING,
      "scope type / scope id / kpi / window", CleanupPolicy.COMPACT, PARTITIONS);

  private static final List<Topic<?>> ALL = List.of(
      ASSETS, EMISSION_FACTORS, READINGS, MACHINE_STATES, PRODUCTION, DEAD_LETTERS,
      CONSUMPTION, ANOMALIES, KPI, KPI_LATEST);

  private Topics() {
  }

  /** All topics, in the order of DESIGN.md. */
  public static List<Topic<?>> all() {
    return ALL;
  }
}
