package nl.stroomlijn.ingest.gateway;

import java.util.List;
import java.util.regex.Pattern;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;

/**
 * The topics the gateway reads and writes, by default those of {@link Topics}; a deployment may name
 * them its own way ({@code ingest.topic.*}).
 *
 * @param assets the asset table the gateway validates against
 */
public record GatewayTopics(Topic<SensorReading> readings, Topic<MachineState> machineStates,
                            Topic<ProductionEvent> production, Topic<DeadLetter> deadLetters,
                            Topic<AssetDefinition> assets) {

  /** Kafka's rule for a topic name. */
  private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

  public static GatewayTopics defaults() {
    return new GatewayTopics(Topics.READINGS, Topics.MACHINE_STATES, Topics.PRODUCTION, Topics.DEAD_LETTERS,
        Topics.ASSETS);
  }

  /** The raw topic of a record kind. */
  public Topic<?> raw(RecordKind kind) {
    return switch (kind) {
      case READING -> readings;
      case MACHINE_STATE -> machineStates;
      case PRODUCTION_EVENT -> production;
    };
  }

  /** Whether Kafka accepts this as a topic name. */
  public static boolean legalName(String name) {
    return LEGAL_NAME.matcher(name).matches() && !name.equals(".") && !name.equals("..");
  }

  /** Every topic, in the order of the settings. */
  public List<Topic<?>> all() {
    return List.of(readings, machineStates, production, deadLetters, assets);
  }
}
