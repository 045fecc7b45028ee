package nl.stroomlijn.registry.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;

/**
 * A schema as other languages and tools should see it in the registry: without the Java-only
 * {@code avro.java.string} hints the code generator adds (Confluent's
 * {@code avro.remove.java.properties}).
 */
public final class PublishedSchema {

  private static final ObjectMapper JSON = new ObjectMapper();

  private PublishedSchema() {
  }

  public static Schema of(Schema schema) {
    try {
      JsonNode json = JSON.readTree(schema.toString());
      stripJavaProperties(json);
      return new Schema.Parser().parse(json.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void stripJavaProperties(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("avro.java.string");
    }
    node.forEach(PublishedSchema::stripJavaProperties);
  }
}
