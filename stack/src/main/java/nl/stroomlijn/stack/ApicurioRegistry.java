package nl.stroomlijn.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry server in a child process on 127.0.0.1, speaking the Confluent
 * Schema Registry API at {@link #url()}. It keeps schemas in memory, so each start is empty.
 * A JVM shutdown hook stops it if the JVM exits without {@link #close()}, and an agent in the
 * registry's JVM ends it when this JVM dies without running hooks.
 */
public final class ApicurioRegistry implements AutoCloseable {

  /** The registry is a Quarkus app built for Java 21. */
  public static final int MIN_JAVA = 21;

  private static final String CCOMPAT_PATH = "/apis/ccompat/v7";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int LOG_TAIL_LINES = 40;

  private final Process process;
  private final int port;
  private final Path workDir;
  private final Thread shutdownHook;
  private final java.util.concurrent.atomic.AtomicBoolean stopped = new java.util.concurrent.atomic.AtomicBoolean();

  private ApicurioRegistry(Process process, int port, Path workDir) {
    this.process = process;
    this.port = port;
    this.workDir = workDir;
    this.shutdownHook = new Thread(this::stop, "stop-apicurio-registry-" + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the registry with a Java {@value #MIN_JAVA}+ found by {@link JavaRuntimes}, or fails naming where it looked. */
  public static ApicurioRegistry start() {
    JavaRuntimes runtimes = JavaRuntimes.onThisMachine();
    Path java = runtimes.newest(MIN_JAVA).orElseThrow(() -> new IllegalStateException(noJavaFound(runtimes)));
    return start(java);
  }

  static String noJavaFound(JavaRuntimes runtimes) {
    return "Apicurio Registry needs Java " + MIN_JAVA + "+, none found in " + runtimes.searchedPlaces()
        + "; install one or set " + JavaRuntimes.HOME_ENV;
  }

  /** Starts the registry with the given {@code bin/java} and waits until its Confluent API answers. */
  public static ApicurioRegistry start(Path java) {
    Path appDir = ApicurioDistribution.fromBuild().appDir();
    Path workDir = Folders.createTemp("stroomlijn-apicurio-");
    Path log = workDir.resolve("apicurio.log");
    int port = FreePorts.pick();
    int managementPort = FreePorts.pick();
    Process process;
    try {
      process = new ProcessBuilder(List.of(
          java.toString(),
          "-Xmx256m", "-XX:+UseSerialGC",
          // Ends the registry when this JVM ends, even by kill -9, when no shutdown hook runs.
          ParentWatch.agentOption(workDir),
          "-Dquarkus.http.host=127.0.0.1",
          "-Dquarkus.http.port=" + port,
          // Quarkus' management interface cannot be switched off and would bind *:9000.
          "-Dquarkus.management.host=127.0.0.1",
          "-Dquarkus.management.port=" + managementPort,
          "-jar", appDir.resolve(ApicurioDistribution.RUN_JAR).toString()))
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
    } catch (IOException e) {
      Folders.deleteRecursively(workDir);
      throw new UncheckedIOException("cannot start Apicurio Registry with " + java + " from " + appDir, e);
    }
    ApicurioRegistry registry = new ApicurioRegistry(process, port, workDir);
    try {
      registry.awaitReady();
    } catch (RuntimeException e) {
      String tail = registry.logTail();
      registry.close();
      throw new IllegalStateException(e.getMessage() + "; last lines of its log:\n" + tail, e);
    }
    return registry;
  }

  /** Base URL of the Confluent-compatible API, e.g. {@code http://127.0.0.1:41234/apis/ccompat/v7}. */
  public String url() {
    return "http://127.0.0.1:" + port + CCOMPAT_PATH;
  }

  public long pid() {
    return process.pid();
  }

  public int port() {
    return port;
  }

  /** Stops the process (gently, then forcibly), waits until it has ended and removes its folder. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook is running or about to: it does the same.
    }
  }

  /** Once: close() and the shutdown hook (Ctrl-C) may both get here. */
  private void stop() {
    if (!stopped.compareAndSet(false, true)) {
      return;
    }
    stopProcess();
    Folders.deleteRecursively(workDir);
  }

  private void stopProcess() {
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest probe = HttpRequest.newBuilder(URI.create(url() + "/subjects"))
        .timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Apicurio Registry (pid " + pid() + ") exited with code "
            + process.exitValue() + " before answering on " + url());
      }
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notReadyYet) {
        // not listening yet, or a half-started server dropped the connection: keep polling
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for Apicurio Registry on " + url(), e);
      }
      sleep(Duration.ofMillis(100));
    }
    throw new IllegalStateException("Apicurio Registry (pid " + pid() + ") did not answer GET " + url()
        + "/subjects within " + READY_TIMEOUT.toSeconds() + " s");
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(workDir.resolve("apicurio.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
    }
  }
}
