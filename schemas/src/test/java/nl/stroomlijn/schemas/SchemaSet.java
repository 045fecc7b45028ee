package nl.stroomlijn.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.Schema;

/**
 * A directory of {@code .avsc} files laid out like {@code src/main/avro}: shared named types in
 * {@code common/}, one top-level record per file beside it.
 */
record SchemaSet(Path directory, Map<String, Schema> topLevel) {

  static SchemaSet read(Path directory) {
    Schema.Parser parser = new Schema.Parser();
    parseAll(parser, directory.resolve("common"));
    Map<String, Schema> topLevel = new TreeMap<>();
    for (Path file : avscFiles(directory)) {
      Schema schema = parse(parser, file);
      topLevel.put(schema.getFullName(), schema);
    }
    return new SchemaSet(directory, topLevel);
  }

  private static void parseAll(Schema.Parser parser, Path directory) {
    avscFiles(directory).forEach(file -> parse(parser, file));
  }

  private static Schema parse(Schema.Parser parser, Path file) {
    try {
      return parser.parse(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
    }
  }

  private static List<Path> avscFiles(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
