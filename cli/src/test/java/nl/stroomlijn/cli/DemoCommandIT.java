package nl.stroomlijn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code stroomlijn demo}: Ctrl-C on the live screen leaves nothing behind; wrong input is a clear message. DemoIT runs it end to end. */
class DemoCommandIT {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final CommandLine command = new CommandLine(new DemoCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

  @Test
  void aSignalStopsTheRealCommandAndNothingIsLeft() throws Exception {
    Path jar = Path.of("target", "stroomlijn.jar");
    assertThat(jar).as("the shaded jar, built in the package phase before the integration tests").exists();
    // The live screen, as a user first sees it; its logs go to a file.
    Process demo = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx2g", "-jar", jar.toString(), "demo", "--metrics-port", "0", "--ingest-port", "0"))
        .redirectErrorStream(true).start();
    StringBuilder seen = new StringBuilder();
    try (BufferedReader output = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = output.readLine()) != null && !line.contains("Open anomaly episodes"); ) {
        seen.append(line).append('\n');
      }
      assertThat(seen).as("the live screen").contains("\033[H\033[2J", "Stroomlijn demo: simulator", "Per product",
          "Idle energy share", "Ctrl-C stops everything.");
      Path log = Path.of(find(seen.toString(), "Logs go to (\\S+)"));
      long registryPid = Long.parseLong(find(seen.toString(), "Apicurio Registry \\(pid (\\d+)"));
      int brokerPort = Integer.parseInt(find(seen.toString(), "Kafka broker +127\\.0\\.0\\.1:(\\d+)"));

      demo.toHandle().destroy(); // SIGTERM, like Ctrl-C: the shutdown hooks run (and our pipe stays open)
      assertThat(demo.waitFor(2, TimeUnit.MINUTES)).as("demo ended").isTrue();
      output.lines().forEach(line -> seen.append(line).append('\n'));

      assertThat(seen).as("output").contains("Stopped; nothing left running.").doesNotContain("Exception");
      assertThat(log).as("the services' logs, not on the screen").exists().isNotEmptyFile();
      Files.delete(log);
      assertThat(ProcessHandle.of(registryPid).filter(ProcessHandle::isAlive)).as("registry process").isEmpty();
      assertThat(canConnect(brokerPort)).as("broker port").isFalse();
    } finally {
      demo.destroyForcibly();
    }
  }

  @Test
  void aPortInUseIsAClearMessageNotAStackTrace() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int exit = command.execute("--metrics-port", String.valueOf(taken.getLocalPort()));
      assertThat(exit).isEqualTo(2);
      assertThat(err.toString()).contains("port is in use", "--metrics-port").doesNotContain("\tat ");
    }
  }

  @Test
  void anIngestPortInUseIsAClearMessageBeforeAnythingStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      int exit = command.execute("--metrics-port", "0", "--ingest-port", String.valueOf(taken.getLocalPort()));
      assertThat(exit).isEqualTo(2);
      assertThat(err.toString()).contains("port is in use", "--ingest-port").doesNotContain("\tat ");
      assertThat(out.toString()).doesNotContain("Starting");
    }
  }

  @Test
  void aWrongOptionIsAClearMessageBeforeAnythingStarts() {
    assertThat(command.execute("--metrics-port", "0", "--replay", "nowhere.csv")).isEqualTo(2);
    assertThat(command.execute("--metrics-port", "0", "--plant", "no-such-plant")).isEqualTo(2);
    assertThat(command.execute("--metrics-port", "0", "--speed", "0")).isEqualTo(2);
    assertThat(err.toString()).contains("--replay needs --mapping", "no-such-plant", "--speed must be positive")
        .doesNotContain("\tat ");
    assertThat(out.toString()).doesNotContain("Starting");
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("'%s' in:%n%s", regex, text).isTrue();
    return m.group(1);
  }

  private static boolean canConnect(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) Duration.ofSeconds(2).toMillis());
      return true;
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
