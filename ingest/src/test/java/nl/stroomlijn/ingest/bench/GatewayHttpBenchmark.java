package nl.stroomlijn.ingest.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import nl.stroomlijn.ingest.gateway.GatewayConfig;
import nl.stroomlijn.ingest.gateway.GatewayService;
import nl.stroomlijn.ingest.gateway.TestAssets;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.stack.EmbeddedKafka;
import nl.stroomlijn.stack.TopicProvisioner;
import nl.stroomlijn.topics.Topics;

/**
 * Records per second the HTTP path sustains: a gateway on an embedded KRaft broker in this JVM
 * (in-memory registry), and a bounded number of NDJSON batches of valid readings posted to it on
 * 127.0.0.1 by several clients at once, each waiting for its answer (Kafka acknowledged every
 * record). Not a test: run it by hand (ingest/BENCHMARKS-gateway.md); it measures, it does not judge.
 *
 * <p>Arguments: {@code [clients] [batches per client] [records per batch]}.
 */
public final class GatewayHttpBenchmark {

  private static final String TOKEN = "bench";

  public static void main(String[] args) throws Exception {
    int clients = args.length > 0 ? Integer.parseInt(args[0]) : 4;
    int batches = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    int size = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
    try (EmbeddedKafka broker = EmbeddedKafka.start()) {
      TopicProvisioner.create(broker.bootstrapServers(), Topics.all());
      TestAssets assets = new TestAssets("site-bench");
      try (KafkaSink sink = new KafkaSink(broker.bootstrapServers(),
          SchemaRegistries.connect(RegistryConfig.of("mock://bench")), Map.of())) {
        assets.publish(sink);
      }
      ServiceConfig config = ServiceConfig.load(null, Map.of(
          "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
          "SCHEMA_REGISTRY_URL", "mock://bench",
          "STROOMLIJN_HTTP_PORT", "0",
          "STROOMLIJN_INGEST_HTTP_PORT", "0",
          "STROOMLIJN_INGEST_HTTP_TOKENS", TOKEN));
      try (GatewayService gateway = GatewayService.start(GatewayConfig.from(config))) {
        URI uri = gateway.httpUri().resolve("/v1/readings");
        run("warm-up", uri, assets, clients, Math.max(1, batches / 5), size);
        run("measured", uri, assets, clients, batches, size);
      }
    }
  }

  private static void run(String what, URI uri, TestAssets assets, int clients, int batches, int size)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    AtomicLong sequence = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    long[] latencies = new long[clients * batches];
    List<Future<?>> done = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      done.add(pool.submit(() -> {
        for (int b = 0; b < batches; b++) {
          byte[] body = batch(assets, size, sequence.getAndAdd(size));
          long sent = System.nanoTime();
          int status;
          do {
            status = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status == 429) {
              refused.incrementAndGet();
            }
          } while (status == 429);
          if (status != 200) {
            throw new IllegalStateException("HTTP " + status);
          }
          latencies[client * batches + b] = System.nanoTime() - sent;
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    Arrays.sort(latencies);
    long records = (long) clients * batches * size;
    System.out.printf("%s: %,d readings in %d batches of %,d from %d clients in %.2f s: %,.0f readings/s; "
            + "batch answered in p50 %.1f ms, p99 %.1f ms; %d times 429%n", what, records, clients * batches, size,
        clients, seconds, records / seconds, latencies[latencies.length / 2] / 1e6,
        latencies[(int) (latencies.length * 0.99)] / 1e6, refused.get());
  }

  private static byte[] batch(TestAssets assets, int size, long first) {
    StringBuilder body = new StringBuilder(size * 110);
    long now = System.currentTimeMillis();
    for (int i = 0; i < size; i++) {
      long n = first + i;
      body.append("{\"sensorId\":\"").append(n % 2 == 0 ? assets.counter : assets.power)
          .append("\",\"timestamp\":").append(now - 60_000 + (n % 50_000))
          .append(",\"value\":").append(n % 100_000).append(".5,\"unit\":\"").append(n % 2 == 0 ? "Wh" : "kW")
          .append("\"}\n");
    }
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }
}
