package nl.stroomlijn.stack;

import nl.stroomlijn.topics.Topics;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;

/**
 * The stack in Docker containers (Testcontainers): the official Kafka image and Apicurio
 * Registry's image, same versions as the embedded stack, with every catalog topic created.
 */
public final class ContainerStack implements Stack {

  public static final String KAFKA_IMAGE = "apache/kafka:4.2.0";
  public static final String REGISTRY_IMAGE = "apicurio/apicurio-registry:3.3.3";
  private static final int REGISTRY_PORT = 8080;
  private static final String CCOMPAT_PATH = "/apis/ccompat/v7";

  private final KafkaContainer kafka;
  private final GenericContainer<?> registry;

  private ContainerStack(KafkaContainer kafka, GenericContainer<?> registry) {
    this.kafka = kafka;
    this.registry = registry;
  }

  /** Whether Testcontainers can reach a Docker engine. */
  public static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  /** Starts both containers in parallel and creates the topics. */
  public static ContainerStack start() {
    if (!dockerAvailable()) {
      throw new IllegalStateException("no Docker engine for the container stack; set " + StackMode.ENV
          + "=embedded (the default) to use the embedded stack");
    }
    KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE);
    GenericContainer<?> registry = new GenericContainer<>(REGISTRY_IMAGE)
        .withExposedPorts(REGISTRY_PORT)
        .waitingFor(Wait.forHttp(CCOMPAT_PATH + "/subjects").forStatusCode(200));
    ContainerStack stack = new ContainerStack(kafka, registry);
    try {
      Startables.deepStart(kafka, registry).join();
      TopicProvisioner.create(stack.bootstrapServers(), Topics.all());
      return stack;
    } catch (RuntimeException e) {
      stack.close();
      throw e;
    }
  }

  @Override
  public String bootstrapServers() {
    return kafka.getBootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    return "http://" + registry.getHost() + ":" + registry.getMappedPort(REGISTRY_PORT) + CCOMPAT_PATH;
  }

  @Override
  public String description() {
    return "container stack: " + KAFKA_IMAGE + " at " + bootstrapServers() + ", " + REGISTRY_IMAGE + " at "
        + schemaRegistryUrl();
  }

  /** Stops both containers; both are stopped even if one fails. */
  @Override
  public void close() {
    try {
      registry.stop();
    } finally {
      kafka.stop();
    }
  }
}
