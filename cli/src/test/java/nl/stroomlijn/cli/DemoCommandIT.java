package nl.stroomlijn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code stroomlijn demo} as a user runs it: it comes up, answers, and leaves nothing behind. */
class DemoCommandIT {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final DemoCommand demo = new DemoCommand();
  private final CommandLine command = new CommandLine(demo).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

  @Test
  void comesUpReadyAndStopsWithNothingLeftRunning() throws Exception {
    CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> command.execute("--metrics-port", "0"));
    String banner = awaitOutput("Press Ctrl-C to stop.", exit);

    String base = find(banner, "Metrics +(http://127\\.0\\.0\\.1:\\d+)/metrics");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
    assertThat(ready.body()).contains("\"kafka\"", "\"schema-registry\"", "10 subject(s)");
    String metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("stroomlijn_demo_topics 10.0", "stroomlijn_service_info{service=\"stroomlijn-demo\"");
    assertThat(banner).contains("factory.readings.raw", "factory.kpi.latest", "compact", "BACKWARD");

    long registryPid = Long.parseLong(find(banner, "Apicurio Registry \\(pid (\\d+)"));
    int brokerPort = Integer.parseInt(find(banner, "Kafka broker +127\\.0\\.0\\.1:(\\d+)"));
    assertThat(ProcessHandle.of(registryPid)).as("registry process while running").isPresent();

    demo.requestStop();
    assertThat(exit.get(2, TimeUnit.MINUTES)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Stopped; nothing left running.");
    assertThat(ProcessHandle.of(registryPid).filter(ProcessHandle::isAlive)).as("registry process after stop").isEmpty();
    assertThat(canConnect(brokerPort)).as("broker port after stop").isFalse();
  }

  @Test
  void aSignalStopsTheRealCommandAndNothingIsLeft() throws Exception {
    Path jar = Path.of("target", "stroomlijn.jar");
    assertThat(jar).as("the shaded jar, built in the package phase before the integration tests").exists();
    Process demo = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx768m", "-jar", jar.toString(), "demo", "--metrics-port", "0"))
        .redirectErrorStream(true).start();
    StringBuilder seen = new StringBuilder();
    try (BufferedReader output = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = output.readLine()) != null && !line.contains("Press Ctrl-C to stop."); ) {
        seen.append(line).append('\n');
      }
      long registryPid = Long.parseLong(find(seen.toString(), "Apicurio Registry \\(pid (\\d+)"));
      int brokerPort = Integer.parseInt(find(seen.toString(), "Kafka broker +127\\.0\\.0\\.1:(\\d+)"));

      demo.toHandle().destroy(); // SIGTERM, like Ctrl-C: the shutdown hooks run (and our pipe stays open)
      assertThat(demo.waitFor(2, TimeUnit.MINUTES)).as("demo ended").isTrue();
      output.lines().forEach(line -> seen.append(line).append('\n'));

      assertThat(seen).as("output").contains("Stopped; nothing left running.").doesNotContain("Exception");
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

  private String awaitOutput(String marker, CompletableFuture<Integer> exit) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!out.toString().contains(marker)) {
      if (exit.isDone()) {
        throw new AssertionError("demo ended with " + exit.get() + " before it was up:\n" + out + err);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("demo not up after 3 minutes:\n" + out + err);
      }
      Thread.sleep(200);
    }
    return out.toString();
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
