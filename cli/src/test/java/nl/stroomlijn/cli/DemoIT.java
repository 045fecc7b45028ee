package nl.stroomlijn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.stroomlijn.jobs.truth.TruthKpis;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.ScopeType;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user runs it, end to end: {@code ./stroomlijn demo} as a child
 * process, with a short duration and plain logs. While it runs, the test reads the KPI and anomaly
 * topics ({@code read_committed}) and posts a record to the HTTP ingest endpoint; after it stopped,
 * it compares every FINAL KPI value with the simulator's ground truth, which the demo wrote on
 * exit, checks that the injected faults that every detector must see were seen, and that every
 * process the demo started has ended.
 */
class DemoIT {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Duration RUN = Duration.ofMinutes(4);
  /** Faults a detector finds for sure, and the episode kind that reports each. */
  private static final Map<String, String> CERTAIN_FAULTS = Map.of("GAP", "MISSING_DATA", "COUNTER_RESET", "COUNTER_RESET");

  private final StringBuffer output = new StringBuffer();

  @Test
  void theReadmeCommandRunsThePipelineLiveAndItsResultsEqualTheGroundTruth(@TempDir Path truth) throws Exception {
    Process demo = new ProcessBuilder(ROOT.resolve("stroomlijn").toString(), "demo", "--no-ui",
        "--duration", RUN.toString(), "--seed", "7", "--metrics-port", "0", "--ingest-port", "0",
        "--truth", truth.toString())
        .directory(ROOT.toFile()).redirectErrorStream(true).start();
    Thread reader = readOutput(demo);
    try {
      String banner = awaitOutput("Press Ctrl-C to stop.", demo, Duration.ofMinutes(10));
      String bootstrap = find(banner, "Kafka broker +(127\\.0\\.0\\.1:\\d+)");
      String registryUrl = find(banner, "Schema registry +(\\S+)");
      long registryPid = Long.parseLong(find(banner, "Apicurio Registry \\(pid (\\d+)"));
      String metrics = find(banner, "Metrics +(http://127\\.0\\.0\\.1:\\d+)/metrics");
      String ingest = find(banner, "HTTP ingest +(http://127\\.0\\.0\\.1:\\d+)/v1/readings");
      List<ProcessHandle> started = demo.descendants().collect(Collectors.toList());
      started.add(demo.toHandle());
      assertThat(started).extracting(ProcessHandle::pid).contains(registryPid);

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(metrics + "/health/ready")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat(ready.body()).contains("\"kafka\"", "\"schema-registry\"", "\"source\"");
      // The README's curl call, with a meter the plant does not have: the gateway answers with the reason and
      // nothing reaches the pipeline (the ground truth stays the simulator's alone).
      HttpResponse<String> posted = http.send(HttpRequest.newBuilder(URI.create(ingest + "/v1/readings"))
          .header("Authorization", "Bearer demo-token").header("Content-Type", "application/x-ndjson")
          .POST(HttpRequest.BodyPublishers.ofString("{\"sensorId\":\"site-ede/press-line/press-9/em\",\"timestamp\":"
              + System.currentTimeMillis() + ",\"value\":1500,\"unit\":\"Wh\"}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(posted.body()).contains("\"reasonCode\":\"UNKNOWN_METER\"");

      Collected collected = collectUntilEnd(demo, bootstrap, registryUrl);

      assertThat(demo.waitFor(5, TimeUnit.MINUTES)).as("demo ended\n%s", output).isTrue();
      reader.join(10_000);
      assertThat(demo.exitValue()).as(output.toString()).isZero();
      assertThat(output).contains("Stopped; nothing left running.");
      for (ProcessHandle process : started) {
        assertThat(process.isAlive()).as("process %d (%s) after the demo", process.pid(),
            process.info().commandLine().orElse("?")).isFalse();
      }
      assertThat(canConnect(bootstrap)).as("broker port after the demo").isFalse();

      Map<String, Long> deadLetters = collected.deadLetters.stream().collect(Collectors.groupingBy(
          d -> d.getApplication() + " " + d.getReasonCode() + " from " + d.getSourceTopic(), Collectors.counting()));
      System.out.println("DemoIT: dead letters " + deadLetters);
      collected.deadLetters.stream().filter(d -> d.getReasonCode().equals("LATE")).limit(5)
          .forEach(d -> System.out.println("DemoIT: late " + d.getEventTimestamp() + " failed at " + d.getFailedAt()
              + ": " + d.getReason()));
      // Late simulated readings are the attribution's to dead-letter; the KPI job must have found every slice in time.
      assertThat(deadLetters.keySet()).as("dead letters").noneMatch(what -> what.startsWith("stroomlijn-jobs"));
      assertKpisEqualTheTruth(truth, collected.kpis);
      assertAnomaliesMatchTheInjectedFaults(truth, collected.episodes);
    } finally {
      demo.destroyForcibly();
    }
  }

  private void assertKpisEqualTheTruth(Path truth, List<KpiValue> kpis) {
    assertThat(kpis).as("KPI records on factory.kpi").isNotEmpty();
    TruthKpis.Comparison comparison = TruthKpis.load(truth).check(kpis);
    System.out.println("DemoIT: " + kpis.size() + " KPI records read, "
        + kpis.stream().filter(k -> k.getStatus() == KpiStatus.FINAL).count() + " FINAL\n" + comparison);
    assertThat(comparison.total()).isGreaterThan(1_000);
    for (ScopeType scope : List.of(ScopeType.PRODUCT, ScopeType.ORDER, ScopeType.MACHINE, ScopeType.LINE,
        ScopeType.SITE)) {
      assertThat(comparison.count("energy_kwh", scope)).as("energy_kwh FINALs of %s", scope).isPositive();
    }
    assertThat(comparison.count("co2e_kg_per_unit", ScopeType.PRODUCT)).isPositive();
    assertThat(comparison.count("material_yield", ScopeType.PRODUCT)).isPositive();
  }

  private void assertAnomaliesMatchTheInjectedFaults(Path truth, List<AnomalyEpisode> episodes) throws IOException {
    assertThat(episodes).as("anomaly episodes on factory.anomalies").isNotEmpty();
    Instant seenUntil = episodes.stream().map(AnomalyEpisode::getLastSeen).max(Instant::compareTo).orElseThrow();
    List<String> faults = Files.readAllLines(truth.resolve("faults.csv"));
    int checked = 0;
    List<String> missed = new ArrayList<>();
    for (String line : faults.subList(1, faults.size())) {
      String[] f = line.split(",", 6);
      String episodeKind = CERTAIN_FAULTS.get(f[0]);
      if (episodeKind == null || Instant.parse(f[4]).plus(Duration.ofMinutes(15)).isAfter(seenUntil)) {
        continue; // not a certain kind, or too close to the end for the detector to have spoken
      }
      checked++;
      Instant from = Instant.parse(f[3]);
      Instant to = Instant.parse(f[4]).plus(Duration.ofMinutes(15));
      boolean found = episodes.stream().anyMatch(e -> e.getKind().name().equals(episodeKind)
          && f[2].equals(e.getMeterId() != null ? e.getMeterId() : e.getScopeId())
          && !e.getStart().isAfter(to) && !(e.getEnd() != null ? e.getEnd() : e.getLastSeen()).isBefore(from));
      if (!found) {
        missed.add(line);
      }
    }
    System.out.printf("DemoIT: %d anomaly records; %d injected GAP/COUNTER_RESET faults checked, missed %s%n",
        episodes.size(), checked, missed);
    assertThat(checked).as("certain faults injected in the run").isPositive();
    assertThat(missed).as("injected faults without an episode").isEmpty();
  }

  private record Collected(List<KpiValue> kpis, List<AnomalyEpisode> episodes, List<DeadLetter> deadLetters) {
  }

  /** Reads factory.kpi and factory.anomalies, committed records only, until the demo has ended. */
  private Collected collectUntilEnd(Process demo, String bootstrap, String registryUrl) {
    List<KpiValue> kpis = new ArrayList<>();
    List<AnomalyEpisode> episodes = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of(registryUrl));
    Deserializer<KpiValue> kpi = AvroSerde.specific(KpiValue.class, registry).deserializer();
    Deserializer<AnomalyEpisode> episode = AvroSerde.specific(AnomalyEpisode.class, registry).deserializer();
    Deserializer<DeadLetter> deadLetter = AvroSerde.specific(DeadLetter.class, registry).deserializer();
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<?> topic : List.of(Topics.KPI, Topics.ANOMALIES, Topics.DEAD_LETTERS)) {
      for (int p = 0; p < topic.partitions(); p++) {
        partitions.add(new TopicPartition(topic.name(), p));
      }
    }
    try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000),
        new StringDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      while (demo.isAlive() && !output.toString().contains("Stopping...")) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          if (record.topic().equals(Topics.KPI.name())) {
            kpis.add(kpi.deserialize(record.topic(), record.headers(), record.value()));
          } else if (record.topic().equals(Topics.DEAD_LETTERS.name())) {
            deadLetters.add(deadLetter.deserialize(record.topic(), record.headers(), record.value()));
          } else {
            episodes.add(episode.deserialize(record.topic(), record.headers(), record.value()));
          }
        }
      }
    }
    return new Collected(Collections.unmodifiableList(kpis), Collections.unmodifiableList(episodes),
        Collections.unmodifiableList(deadLetters));
  }

  private Thread readOutput(Process demo) {
    Thread reader = new Thread(() -> {
      try (BufferedReader lines = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          output.append(line).append('\n');
        }
      } catch (IOException ended) {
        // The demo closed its output.
      }
    }, "demo-output");
    reader.setDaemon(true);
    reader.start();
    return reader;
  }

  private String awaitOutput(String marker, Process demo, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output.toString().contains(marker)) {
      assertThat(demo.isAlive()).as("demo ended before it was up:\n%s", output).isTrue();
      assertThat(System.nanoTime()).as("demo not up after %s:\n%s", timeout, output).isLessThan(deadline);
      Thread.sleep(200);
    }
    return output.toString();
  }

  private static String find(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("'%s' in:%n%s", regex, text).isTrue();
    return m.group(1);
  }

  private static boolean canConnect(String hostPort) {
    String[] parts = hostPort.split(":");
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(parts[0], Integer.parseInt(parts[1])), 2_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
