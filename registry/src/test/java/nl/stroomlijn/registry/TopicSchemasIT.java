package nl.stroomlijn.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.Test;

@WithStack
class TopicSchemasIT {

  @Test
  void publishesEveryContractOnceWithBackwardCompatibility(Stack stack) {
    SchemaRegistry registry = new RestSchemaRegistry(RegistryConfig.of(stack.schemaRegistryUrl()));

    Map<String, Integer> ids = TopicSchemas.publish(registry, Topics.all());

    assertThat(TopicSchemas.publish(registry, Topics.all())).as("publishing again").isEqualTo(ids);
    assertThat(ids).hasSize(Topics.all().size());
    assertThat(ids.get(Topics.KPI.name())).as("one schema, two topics").isEqualTo(ids.get(Topics.KPI_LATEST.name()));
    for (Topic<?> topic : Topics.all()) {
      assertThat(registry.compatibility(topic.valueSubject())).isEqualTo(CompatibilityLevel.BACKWARD);
      RegisteredSchema latest = registry.latest(topic.valueSubject());
      assertThat(latest.version()).isEqualTo(1);
      assertThat(latest.schema().getFullName()).isEqualTo(topic.valueType().getName());
      assertThat(latest.schema().toString()).doesNotContain("avro.java.string");
    }
  }
}
