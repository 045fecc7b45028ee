package nl.stroomlijn.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The operations of the Confluent Schema Registry REST API that Stroomlijn uses. Subjects follow
 * the topic name strategy ({@code <topic>-value}, {@code <topic>-key}).
 *
 * <p>Every failure is a {@link SchemaRegistryException} naming the subject or id and, for the REST
 * registry, the HTTP status.
 */
public interface SchemaRegistry extends AutoCloseable {

  /** Registers the schema under the subject (or finds it there) and returns its global id. */
  int register(String subject, Schema schema);

  /** The registered version of this exact schema under the subject; fails when it is not there. */
  RegisteredSchema lookup(String subject, Schema schema);

  /** The schema with this global id. */
  Schema schemaById(int id);

  /** The latest version registered under the subject. */
  RegisteredSchema latest(String subject);

  /** A given version registered under the subject. */
  RegisteredSchema version(String subject, int version);

  /** All subjects. */
  List<String> subjects();

  /** Whether the schema may be registered under the subject by the subject's compatibility level. */
  boolean isCompatible(String subject, Schema schema);

  /** The compatibility level in force for the subject (its own, else the global one). */
  CompatibilityLevel compatibility(String subject);

  /** Sets the subject's own compatibility level. */
  void setCompatibility(String subject, CompatibilityLevel level);

  @Override
  void close();
}
