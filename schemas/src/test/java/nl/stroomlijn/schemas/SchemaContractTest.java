package nl.stroomlijn.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.Stream;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contracts are public: BI tools and other teams read these topics. A change must let new
 * readers read everything ever written (BACKWARD, against every release kept in
 * {@code schemas/releases}), and every field must say what it is.
 */
class SchemaContractTest {

  private static final Path CURRENT = Path.of(System.getProperty("schemas.current", "src/main/avro"));
  private static final Path RELEASES = Path.of(System.getProperty("schemas.releases", "releases"));

  @Test
  void everyChangeIsBackwardCompatibleWithEveryRelease() throws IOException {
    List<Path> releases = releaseDirectories();
    assertThat(releases).as("released schema sets in %s", RELEASES).isNotEmpty();

    List<String> problems = incompatibilities(CURRENT, releases);

    System.out.printf("compared the schemas in %s against %d release(s): %d problem(s)%n",
        CURRENT, releases.size(), problems.size());
    assertThat(problems).as("backward-incompatible schema changes").isEmpty();
  }

  @Test
  void aBreakingEditOnDiskFailsTheCheck(@TempDir Path copy) throws IOException {
    copyTree(CURRENT, copy);
    Path reading = copy.resolve("SensorReading.avsc");
    Files.writeString(reading, Files.readString(reading).replaceFirst("\"fields\": \\[",
        "\"fields\": [{\"name\": \"lineId\", \"type\": \"string\", \"doc\": \"new, no default\"},"));
    Path state = copy.resolve("common/OperatingState.avsc");
    Files.writeString(state, Files.readString(state).replace("\"SETUP\", ", ""));

    List<String> problems = incompatibilities(copy, releaseDirectories());

    assertThat(problems).anySatisfy(p -> assertThat(p).contains("SensorReading", "lineId"));
    assertThat(problems).anySatisfy(p -> assertThat(p).contains("SETUP"));
  }

  /** What the schemas in {@code current} cannot read of each release, one line per problem. */
  private static List<String> incompatibilities(Path current, List<Path> releases) {
    SchemaSet now = SchemaSet.read(current);
    List<String> problems = new ArrayList<>();
    for (Path release : releases) {
      SchemaSet released = SchemaSet.read(release);
      released.topLevel().forEach((name, writer) -> {
        Schema reader = now.topLevel().get(name);
        if (reader == null) {
          problems.add(name + " was released in " + release.getFileName() + " but is gone");
        } else {
          problems.addAll(backwardIncompatibilities(reader, writer, release.getFileName().toString()));
          problems.addAll(removedEnumSymbols(reader, writer, release.getFileName().toString()));
        }
      });
    }
    return problems;
  }

  /**
   * Stricter than Avro: an enum with a default reads a removed symbol as the default, so old
   * data would silently change meaning (a SETUP machine read as OFF). Released symbols stay.
   */
  private static List<String> removedEnumSymbols(Schema reader, Schema writer, String release) {
    Map<String, Schema> now = new TreeMap<>();
    Map<String, Schema> then = new TreeMap<>();
    collectEnums(reader, now, new HashSet<>());
    collectEnums(writer, then, new HashSet<>());
    List<String> problems = new ArrayList<>();
    then.forEach((name, released) -> {
      Schema current = now.get(name);
      List<String> kept = current == null ? List.of() : current.getEnumSymbols();
      released.getEnumSymbols().stream().filter(symbol -> !kept.contains(symbol)).forEach(symbol ->
          problems.add(reader.getFullName() + ": enum " + name + " lost symbol " + symbol + " of release " + release));
    });
    return problems;
  }

  private static void collectEnums(Schema schema, Map<String, Schema> enums, Set<String> seen) {
    switch (schema.getType()) {
      case ENUM -> enums.put(schema.getFullName(), schema);
      case RECORD -> {
        if (seen.add(schema.getFullName())) {
          schema.getFields().forEach(f -> collectEnums(f.schema(), enums, seen));
        }
      }
      case UNION -> schema.getTypes().forEach(t -> collectEnums(t, enums, seen));
      case ARRAY -> collectEnums(schema.getElementType(), enums, seen);
      case MAP -> collectEnums(schema.getValueType(), enums, seen);
      default -> { }
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target);
        }
      }
    }
  }

  @Test
  void everyRecordEnumAndFieldIsDocumented() {
    List<String> undocumented = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    SchemaSet.read(CURRENT).topLevel().values().forEach(s -> collectUndocumented(s, undocumented, seen));
    assertThat(undocumented).as("schema elements without a doc").isEmpty();
  }

  @Test
  void everyTopLevelSchemaIsTheValueOfATopicAndMatchesItsGeneratedClass() {
    SchemaSet current = SchemaSet.read(CURRENT);
    Set<String> topicValues = new HashSet<>();
    for (Topic<?> topic : Topics.all()) {
      Schema generated = SpecificData.get().getSchema(topic.valueType());
      topicValues.add(generated.getFullName());
      Schema source = current.topLevel().get(generated.getFullName());
      assertThat(source).as("source schema of %s", topic.name()).isNotNull();
      assertThat(SchemaNormalization.toParsingForm(source))
          .as("generated class of %s is stale", topic.name())
          .isEqualTo(SchemaNormalization.toParsingForm(generated));
    }
    assertThat(topicValues).containsExactlyInAnyOrderElementsOf(current.topLevel().keySet());
  }

  @Test
  void topicNamesAreUnique() {
    assertThat(Topics.all().stream().map(Topic::name)).doesNotHaveDuplicates();
  }

  private static List<String> backwardIncompatibilities(Schema reader, Schema writer, String release) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult();
    if (result.getCompatibility() == SchemaCompatibilityType.COMPATIBLE) {
      return List.of();
    }
    return result.getIncompatibilities().stream()
        .map(i -> "%s cannot read data written with release %s: %s at %s (%s)".formatted(
            reader.getFullName(), release, i.getType(), i.getLocation(), i.getMessage()))
        .toList();
  }

  private static void collectUndocumented(Schema schema, List<String> out, Set<String> seen) {
    switch (schema.getType()) {
      case RECORD -> {
        if (!seen.add(schema.getFullName())) {
          return;
        }
        requireDoc(schema.getDoc(), schema.getFullName(), out);
        for (Schema.Field field : schema.getFields()) {
          requireDoc(field.doc(), schema.getFullName() + "." + field.name(), out);
          collectUndocumented(field.schema(), out, seen);
        }
      }
      case ENUM -> {
        if (seen.add(schema.getFullName())) {
          requireDoc(schema.getDoc(), schema.getFullName(), out);
        }
      }
      case UNION -> schema.getTypes().forEach(t -> collectUndocumented(t, out, seen));
      case ARRAY -> collectUndocumented(schema.getElementType(), out, seen);
      case MAP -> collectUndocumented(schema.getValueType(), out, seen);
      default -> { }
    }
  }

  private static void requireDoc(String doc, String where, List<String> out) {
    if (doc == null || doc.isBlank()) {
      out.add(where);
    }
  }

  private static List<Path> releaseDirectories() throws IOException {
    try (Stream<Path> dirs = Files.list(RELEASES)) {
      return dirs.filter(Files::isDirectory).sorted().toList();
    }
  }
}
