package nl.stroomlijn.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.layout.template.json.util.JsonReader;
import org.junit.jupiter.api.Test;

/** Runs {@link LogSample} in a child JVM with this module's log4j2.xml, as a service would start. */
class LogFormatTest {

  @Test
  void jsonFormatWritesOneJsonObjectPerLine() throws Exception {
    List<String> lines = runLogSample(Map.of("STROOMLIJN_LOG_FORMAT", "json"));

    assertThat(lines).hasSize(3);
    List<Map<String, Object>> events = lines.stream().map(LogFormatTest::parseJsonObject).toList();
    assertThat(events).extracting(event -> event.get("message"))
        .containsExactly("info event with \"quotes\"\nand a second line", "warn event", "kafka warning");
    assertThat(events.get(0)).containsEntry("log.level", "INFO").containsEntry("log.logger", LogSample.class.getName());
    assertThat(events.get(1)).containsEntry("error.type", "java.lang.IllegalStateException").containsEntry("error.message", "boom");
  }

  @Test
  void textFormatIsTheDefaultWithOneLinePerMessage() throws Exception {
    List<String> lines = runLogSample(Map.of());

    assertThat(lines.get(0)).contains(" INFO  [main] n.s.s.LogSample - info event with \"quotes\"\\nand a second line");
    assertThat(lines.get(1)).contains(" WARN  [main] n.s.s.LogSample - warn event");
    assertThat(lines.get(2)).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(lines).noneMatch(line -> line.startsWith("{")).noneMatch(line -> line.contains("kafka chatter"));
  }

  @Test
  void levelsComeFromTheEnvironment() throws Exception {
    List<String> quiet = runLogSample(Map.of("STROOMLIJN_LOG_FORMAT", "json", "STROOMLIJN_LOG_LEVEL", "warn"));
    List<String> chatty = runLogSample(Map.of("STROOMLIJN_LOG_FORMAT", "json", "STROOMLIJN_LOG_LEVEL", "debug",
        "STROOMLIJN_LOG_LEVEL_LIBRARIES", "info"));

    assertThat(quiet).hasSize(2).allMatch(line -> line.contains("\"log.level\":\"WARN\""));
    assertThat(chatty).hasSize(5).anyMatch(line -> line.contains("debug event")).anyMatch(line -> line.contains("kafka chatter"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parseJsonObject(String line) {
    return (Map<String, Object>) JsonReader.read(line);
  }

  /** The stderr lines of a child JVM, whose environment holds no STROOMLIJN_* variable but {@code env}. */
  private static List<String> runLogSample(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        LogSample.class.getName());
    builder.environment().keySet().removeIf(name -> name.startsWith("STROOMLIJN_"));
    builder.environment().putAll(env);
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    Process process = builder.start();
    String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(stderr).isZero();
    return stderr.lines().toList();
  }
}
