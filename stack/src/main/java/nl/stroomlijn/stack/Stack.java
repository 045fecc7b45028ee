package nl.stroomlijn.stack;

/**
 * A running Kafka cluster and Confluent-API schema registry with every catalog topic created,
 * as used by integration tests and the local demo. Closing it stops what it started.
 */
public interface Stack extends AutoCloseable {

  /** Kafka {@code bootstrap.servers}. */
  String bootstrapServers();

  /** Base URL of the Confluent Schema Registry API (or {@code mock://...} for the in-memory one). */
  String schemaRegistryUrl();

  /** One line for humans: what runs where. */
  String description();

  @Override
  void close();
}
