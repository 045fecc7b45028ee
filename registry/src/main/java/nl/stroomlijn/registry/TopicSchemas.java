package nl.stroomlijn.registry;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import nl.stroomlijn.registry.avro.PublishedSchema;
import nl.stroomlijn.topics.Topic;
import org.apache.avro.specific.SpecificData;

/** Publishes the value schemas of topics under their subjects, with the compatibility rule of our contracts. */
public final class TopicSchemas {

  /** Our contracts evolve BACKWARD: every reader reads everything written before it. */
  public static final CompatibilityLevel CONTRACT_COMPATIBILITY = CompatibilityLevel.BACKWARD;

  private TopicSchemas() {
  }

  /**
   * Sets each topic's value subject to {@link #CONTRACT_COMPATIBILITY} (registries differ in their
   * default: Confluent BACKWARD, Apicurio NONE) and registers its value schema. Idempotent.
   *
   * @return the schema id of each topic's value schema, by topic name
   */
  public static Map<String, Integer> publish(SchemaRegistry registry, Collection<Topic<?>> topics) {
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Topic<?> topic : topics) {
      registry.setCompatibility(topic.valueSubject(), CONTRACT_COMPATIBILITY);
      ids.put(topic.name(), registry.register(topic.valueSubject(),
          PublishedSchema.of(SpecificData.get().getSchema(topic.valueType()))));
    }
    return ids;
  }
}
