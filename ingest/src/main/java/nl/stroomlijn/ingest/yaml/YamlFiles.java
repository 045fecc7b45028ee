package nl.stroomlijn.ingest.yaml;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * The YAML files of ingest (plants, replay mappings): one strict reader (unknown fields are
 * errors, decimals exact), and files that ship with ingest under a name or lie on disk at a path.
 */
public final class YamlFiles {

  /** Strict: a misspelt field fails instead of being ignored. */
  public static final ObjectMapper MAPPER = new ObjectMapper(new YAMLFactory())
      .registerModule(new JavaTimeModule())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private YamlFiles() {
  }

  /**
   * Reads {@code /<folder>/<name>.yaml} from the classpath when ingest ships one of that name, else
   * the file at the path {@code nameOrPath}; {@code reader} gets a source name for messages and the content.
   */
  public static <T> T open(String folder, String nameOrPath, BiFunction<String, InputStream, T> reader) {
    String resource = folder + "/" + nameOrPath + ".yaml";
    InputStream shipped = YamlFiles.class.getResourceAsStream("/" + resource);
    Path file = Path.of(nameOrPath);
    try (InputStream in = shipped != null ? shipped : Files.newInputStream(file)) {
      return reader.apply(shipped != null ? resource : file.toString(), in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + nameOrPath + " (neither a shipped " + folder
          + " nor a readable file): " + e.getMessage(), e);
    }
  }

  /** The first line of a parse error: where and what, without Jackson's stack of references. */
  public static String firstLine(IOException e) {
    return e.getMessage() == null ? e.toString() : e.getMessage().lines().findFirst().orElse(e.toString());
  }
}
