package nl.stroomlijn.stack;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import nl.stroomlijn.topics.Topics;
import org.apache.kafka.common.utils.AppInfoParser;

/**
 * The stack without Docker: a Kafka broker in this JVM ({@link EmbeddedKafka}) and Apicurio
 * Registry as a child process ({@link ApicurioRegistry}), with every catalog topic created.
 */
public final class EmbeddedStack implements Stack {

  /** The in-memory registry of the registry module, for machines without Java 21+. */
  public static final String MOCK_REGISTRY_URL = "mock://local-stack";

  /** What to do when no Java 21+ exists to run Apicurio Registry. */
  public enum WithoutRegistryJava {
    /** Fail, naming where Java was searched: tests want the real registry. */
    FAIL,
    /** Return {@link #MOCK_REGISTRY_URL}: a demo can still run. */
    USE_MOCK_REGISTRY
  }

  private final EmbeddedKafka kafka;
  private final Optional<ApicurioRegistry> registry;
  private final String registryNote;

  private EmbeddedStack(EmbeddedKafka kafka, Optional<ApicurioRegistry> registry, String registryNote) {
    this.kafka = kafka;
    this.registry = registry;
    this.registryNote = registryNote;
  }

  /** Starts the stack with the real registry, failing when no Java 21+ is found. */
  public static EmbeddedStack start() {
    return start(WithoutRegistryJava.FAIL);
  }

  public static EmbeddedStack start(WithoutRegistryJava withoutRegistryJava) {
    return start(withoutRegistryJava, JavaRuntimes.onThisMachine());
  }

  static EmbeddedStack start(WithoutRegistryJava withoutRegistryJava, JavaRuntimes runtimes) {
    Optional<Path> java = runtimes.newest(ApicurioRegistry.MIN_JAVA);
    if (java.isEmpty()) {
      if (withoutRegistryJava == WithoutRegistryJava.FAIL) {
        throw new IllegalStateException(ApicurioRegistry.noJavaFound(runtimes));
      }
      return new EmbeddedStack(startKafkaWithTopics(), Optional.empty(),
          "in-memory mock registry " + MOCK_REGISTRY_URL + " (" + ApicurioRegistry.noJavaFound(runtimes) + ")");
    }
    // The registry boots in its own process while the broker starts here.
    CompletableFuture<ApicurioRegistry> registry = CompletableFuture.supplyAsync(() -> ApicurioRegistry.start(java.get()));
    EmbeddedKafka kafka;
    try {
      kafka = startKafkaWithTopics();
    } catch (RuntimeException e) {
      try {
        registry.join().close();
      } catch (CompletionException registryFailedToo) {
        e.addSuppressed(registryFailedToo.getCause());
      }
      throw e;
    }
    try {
      ApicurioRegistry started = registry.join();
      return new EmbeddedStack(kafka, Optional.of(started),
          "Apicurio Registry (pid " + started.pid() + ", " + java.get() + ") at " + started.url());
    } catch (CompletionException e) {
      kafka.close();
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private static EmbeddedKafka startKafkaWithTopics() {
    EmbeddedKafka kafka = EmbeddedKafka.start();
    try {
      TopicProvisioner.create(kafka.bootstrapServers(), Topics.all());
      return kafka;
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
  }

  @Override
  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  @Override
  public String schemaRegistryUrl() {
    return registry.map(ApicurioRegistry::url).orElse(MOCK_REGISTRY_URL);
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  /** The registry process, absent when the mock registry is used. */
  public Optional<ApicurioRegistry> registry() {
    return registry;
  }

  @Override
  public String description() {
    return "embedded stack: Kafka " + AppInfoParser.getVersion() + " (KRaft, in this JVM) at "
        + bootstrapServers() + ", " + registryNote;
  }

  /** Stops the registry and the broker; both are stopped even if one fails. */
  @Override
  public void close() {
    try {
      registry.ifPresent(ApicurioRegistry::close);
    } finally {
      kafka.close();
    }
  }
}
