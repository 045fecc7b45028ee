package nl.stroomlijn.stack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import nl.stroomlijn.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalog's topics on a cluster: the missing ones with their partitions and cleanup
 * policy, leaving existing ones alone. Idempotent; an existing topic that differs from the
 * catalog in partitions or cleanup policy is an error, because apps would silently misbehave
 * on it (a deleting topic for compacted definitions, keys spread differently).
 */
public final class TopicProvisioner {

  private final short replicationFactor;

  public TopicProvisioner(short replicationFactor) {
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor must be at least 1, got " + replicationFactor);
    }
    this.replicationFactor = replicationFactor;
  }

  /** Creates the missing topics with replication factor 1, for a single-broker stack. */
  public static void create(Admin admin, Collection<Topic<?>> topics) {
    new TopicProvisioner((short) 1).provision(admin, topics);
  }

  /** Creates the missing topics with replication factor 1 on the cluster at {@code bootstrapServers}. */
  public static void create(String bootstrapServers, Collection<Topic<?>> topics) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      create(admin, topics);
    }
  }

  /** Creates the missing topics and checks the existing ones against the catalog. */
  public void provision(Admin admin, Collection<Topic<?>> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<Topic<?>> toCheck = new ArrayList<>();
      List<Topic<?>> missing = new ArrayList<>();
      topics.forEach(topic -> (existing.contains(topic.name()) ? toCheck : missing).add(topic));
      Map<String, KafkaFuture<Void>> created = admin.createTopics(missing.stream().map(this::newTopic).toList()).values();
      for (Topic<?> topic : missing) {
        try {
          created.get(topic.name()).get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
          toCheck.add(topic); // created by someone else meanwhile
        }
      }
      checkExisting(admin, toCheck);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create topics " + names(topics) + ": " + e.getCause().getMessage(),
          e.getCause());
    }
  }

  private NewTopic newTopic(Topic<?> topic) {
    return new NewTopic(topic.name(), topic.partitions(), replicationFactor)
        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, topic.cleanupPolicy().configValue()));
  }

  private static void checkExisting(Admin admin, List<Topic<?>> topics)
      throws InterruptedException, ExecutionException {
    if (topics.isEmpty()) {
      return;
    }
    Map<String, TopicDescription> descriptions = admin.describeTopics(names(topics)).allTopicNames().get();
    Map<ConfigResource, Config> configs = admin.describeConfigs(topics.stream()
        .map(topic -> new ConfigResource(ConfigResource.Type.TOPIC, topic.name())).toList()).all().get();
    List<String> mismatches = new ArrayList<>();
    for (Topic<?> topic : topics) {
      int partitions = descriptions.get(topic.name()).partitions().size();
      if (partitions != topic.partitions()) {
        mismatches.add(topic.name() + " has " + partitions + " partitions, the catalog says " + topic.partitions());
      }
      String policy = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
          .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
      if (!policy.equals(topic.cleanupPolicy().configValue())) {
        mismatches.add(topic.name() + " has cleanup.policy=" + policy + ", the catalog says "
            + topic.cleanupPolicy().configValue());
      }
    }
    if (!mismatches.isEmpty()) {
      throw new IllegalStateException("existing topics differ from the catalog: " + String.join("; ", mismatches));
    }
  }

  /**
   * Switches time-based retention off for the topics, for tests with simulated or replayed history:
   * records carry their event time as Kafka timestamp, and the broker's retention check (first run
   * 30 s after start) would delete segments of old event times, depending on how long the stack has
   * been up.
   */
  public static void keepHistory(String bootstrapServers, Collection<Topic<?>> topics) {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      Map<ConfigResource, Collection<AlterConfigOp>> changes = new HashMap<>();
      for (Topic<?> topic : topics) {
        changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()),
            List.of(new AlterConfigOp(new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET)));
      }
      admin.incrementalAlterConfigs(changes).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot switch retention off: " + e.getCause(), e.getCause());
    }
  }

  private static List<String> names(Collection<Topic<?>> topics) {
    return topics.stream().map(Topic::name).toList();
  }
}
