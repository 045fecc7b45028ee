package nl.stroomlijn.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

@WithStack
class TopicProvisionerIT {

  @Test
  void provisioningTwiceChangesNothing(Stack stack) throws Exception {
    try (Admin admin = admin(stack)) {
      TopicProvisioner.create(admin, Topics.all());
      TopicProvisioner.create(admin, Topics.all());

      assertThat(admin.listTopics().names().get())
          .containsAll(Topics.all().stream().map(Topic::name).toList());
    }
  }

  @Test
  void reportsAnExistingTopicThatDiffersFromTheCatalog(Stack stack) throws Exception {
    Topic<?> catalogued = Topics.READINGS.withName("provisioner-it-" + UUID.randomUUID());
    try (Admin admin = admin(stack)) {
      admin.createTopics(List.of(new NewTopic(catalogued.name(), 1, (short) 1)
          .configs(Map.of("cleanup.policy", "compact")))).all().get();

      assertThatThrownBy(() -> TopicProvisioner.create(admin, List.of(catalogued)))
          .hasMessageContaining(catalogued.name() + " has 1 partitions, the catalog says 3")
          .hasMessageContaining(catalogued.name() + " has cleanup.policy=compact, the catalog says delete");
    }
  }

  private static Admin admin(Stack stack) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }
}
