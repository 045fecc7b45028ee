package nl.stroomlijn.ingest.gateway.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import nl.stroomlijn.ingest.gateway.Gateway;
import nl.stroomlijn.ingest.gateway.Outcome;
import nl.stroomlijn.ingest.gateway.Overloaded;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.payload.PayloadFormat;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP path: {@code POST /v1/readings}, {@code /v1/machine-states} and
 * {@code /v1/production-events} take a batch as a JSON array, NDJSON or CSV (by Content-Type) and
 * answer, once Kafka acknowledged every record, which were accepted and why the others were not.
 *
 * <p>Answers: 200 with per-record results; 401 without a known bearer token; 404, 405; 413 above
 * the size or record limit; 415 for other media types or charsets; 429 when the in-flight bound is
 * reached and 503 when Kafka did not acknowledge in time or failed, both with Retry-After (nothing of
 * a 429 was produced; a 503 batch may be partly produced, so a resend can duplicate records).
 */
public final class HttpIngestServer implements AutoCloseable {

  public static final String SOURCE = "http";

  private static final Logger log = LoggerFactory.getLogger(HttpIngestServer.class);
  private static final JsonFactory JSON = new JsonFactory();
  /** The most of an unread request body read and dropped before an error answer. */
  private static final long DISCARD_LIMIT = 1L << 20;
  private static final Map<String, RecordKind> ROUTES = Map.of(
      "/v1/readings", RecordKind.READING,
      "/v1/machine-states", RecordKind.MACHINE_STATE,
      "/v1/production-events", RecordKind.PRODUCTION_EVENT);

  /** A sender's name for a batch: a resend under it stores nothing twice ({@link IdempotentBatches}). */
  static final String IDEMPOTENCY_KEY = "Idempotency-Key";
  private static final java.util.regex.Pattern IDEMPOTENCY_KEY_FORM = java.util.regex.Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final HttpIngestConfig config;
  private final Gateway gateway;
  private final List<byte[]> tokens;
  private final HttpServer server;
  private final ExecutorService executor;
  private final IdempotentBatches idempotent;

  private HttpIngestServer(HttpIngestConfig config, Gateway gateway) throws IOException {
    this.config = config;
    this.gateway = gateway;
    this.tokens = config.tokens().stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
    this.idempotent = new IdempotentBatches(config.idempotencyTtl(), config.idempotencyKeys(),
        config.idempotencyRecords(), System::currentTimeMillis);
    InetSocketAddress address = new InetSocketAddress(config.host(), config.port());
    if (config.keystore() != null) {
      HttpsServer https = HttpsServer.create(address, 0);
      https.setHttpsConfigurator(new HttpsConfigurator(sslContext(config)));
      server = https;
    } else {
      server = HttpServer.create(address, 0);
    }
    executor = Executors.newFixedThreadPool(config.threads(), runnable -> {
      Thread thread = new Thread(runnable, "gateway-http");
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
    log.info("gateway HTTP path listens on {}", baseUri());
  }

  /** Starts listening; fails when the address is taken or the keystore cannot be read. */
  public static HttpIngestServer start(HttpIngestConfig config, Gateway gateway) {
    try {
      return new HttpIngestServer(config, gateway);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
  }

  public URI baseUri() {
    InetSocketAddress address = server.getAddress();
    String host = address.getAddress().getHostAddress();
    return URI.create((config.keystore() != null ? "https" : "http") + "://"
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      RecordKind kind = ROUTES.get(exchange.getRequestURI().getPath());
      if (kind == null) {
        error(exchange, 404, "no such path; POST to " + ROUTES.keySet());
      } else if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "POST");
        error(exchange, 405, "method not allowed; POST a batch");
      } else if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
        error(exchange, 401, "a known bearer token is required");
      } else {
        ingest(exchange, kind);
      }
    } catch (IOException | RuntimeException e) {
      log.warn("HTTP request failed: {}", e.toString());
    }
  }

  private void ingest(HttpExchange exchange, RecordKind kind) throws IOException {
    Optional<PayloadFormat> format = PayloadFormat.ofContentType(exchange.getRequestHeaders().getFirst("Content-Type"));
    if (format.isEmpty()) {
      error(exchange, 415, "Content-Type must be application/json, application/x-ndjson or text/csv, in UTF-8");
      return;
    }
    byte[] body = declaredLength(exchange) > config.maxRequestBytes() ? null
        : readAtMost(exchange.getRequestBody(), config.maxRequestBytes());
    if (body == null) {
      error(exchange, 413, "the body may have at most " + config.maxRequestBytes() + " bytes");
      return;
    }
    List<Incoming> batch = format.get().read(body);
    if (batch.size() > config.maxRecords()) {
      error(exchange, 413, "a batch may have at most " + config.maxRecords() + " records, this one has " + batch.size());
      return;
    }
    String key = exchange.getRequestHeaders().getFirst(IDEMPOTENCY_KEY);
    if (key != null && !IDEMPOTENCY_KEY_FORM.matcher(key).matches()) {
      error(exchange, 400, IDEMPOTENCY_KEY + " must be 1 to 255 printable ASCII characters");
      return;
    }
    List<Outcome> outcomes;
    try {
      // The scope of a key: the sender's token and the path (kind) it posts to.
      CompletableFuture<List<Outcome>> submitted = key == null ? gateway.submit(SOURCE, kind, batch)
          : idempotent.submit(key, exchange.getRequestHeaders().getFirst("Authorization"), kind, body, batch,
              records -> gateway.submitEach(SOURCE, kind, records));
      outcomes = submitted.get(config.ackTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (Overloaded e) {
      retryLater(exchange, 429, e.getMessage());
      return;
    } catch (IdempotentBatches.KeyReused e) {
      error(exchange, 422, e.getMessage());
      return;
    } catch (TimeoutException e) {
      retryLater(exchange, 503, "Kafka did not acknowledge the batch within " + config.ackTimeout());
      return;
    } catch (ExecutionException e) {
      log.warn("a batch could not be produced: {}", e.getCause().toString());
      retryLater(exchange, 503, "Kafka could not store the batch: " + e.getCause().getMessage());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      retryLater(exchange, 503, "the gateway is stopping");
      return;
    }
    respond(exchange, 200, results(outcomes));
  }

  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
    boolean known = false;
    for (byte[] token : tokens) {
      known |= MessageDigest.isEqual(token, given); // constant time: no token leaks through timing
    }
    return known;
  }

  /**
   * Reads and drops what is left of the request body, up to {@link #DISCARD_LIMIT} bytes, before
   * an error answer: a server that closes a connection with unread bytes resets it, and the client
   * may lose the answer to the reset. A longer body is not worth reading: the connection closes.
   */
  private static void discardUnreadBody(HttpExchange exchange) throws IOException {
    if (declaredLength(exchange) > DISCARD_LIMIT) {
      return;
    }
    InputStream rest = exchange.getRequestBody();
    byte[] buffer = new byte[8192];
    long discarded = 0;
    for (int read; discarded < DISCARD_LIMIT && (read = rest.read(buffer)) > 0; ) {
      discarded += read;
    }
  }

  /** The body's length as its Content-Length header declares it; -1 without one (a chunked body) or when unreadable. */
  private static long declaredLength(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    return length != null && length.matches("\\d{1,18}") ? Long.parseLong(length) : -1;
  }

  /** The body, or null when it is longer than the limit (a chunked body has no Content-Length to check first). */
  private static byte[] readAtMost(InputStream in, int limit) throws IOException {
    byte[] body = in.readNBytes(limit + 1);
    return body.length > limit ? null : body;
  }

  private static byte[] results(List<Outcome> outcomes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + outcomes.size() * 24);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      for (Outcome.Status status : Outcome.Status.values()) {
        json.writeNumberField(status.label(), outcomes.stream().filter(o -> o.status() == status).count());
      }
      json.writeArrayFieldStart("results");
      for (int i = 0; i < outcomes.size(); i++) {
        Outcome outcome = outcomes.get(i);
        json.writeStartObject();
        json.writeNumberField("index", i);
        if (outcome.incoming().line() > 0) {
          json.writeNumberField("line", outcome.incoming().line());
        }
        json.writeStringField("status", outcome.status().label());
        if (outcome.rejection() != null) {
          json.writeStringField("reasonCode", outcome.rejection().code());
          json.writeStringField("field", outcome.rejection().field());
          json.writeStringField("rule", outcome.rejection().rule());
          json.writeStringField("value", outcome.rejection().value());
          json.writeStringField("message", outcome.rejection().message());
        }
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    return out.toByteArray();
  }

  private void retryLater(HttpExchange exchange, int status, String message) throws IOException {
    exchange.getResponseHeaders().set("Retry-After", Long.toString(Math.max(1, config.retryAfter().toSeconds())));
    error(exchange, status, message);
  }

  private static void error(HttpExchange exchange, int status, String message) throws IOException {
    discardUnreadBody(exchange);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeStringField("error", message);
      json.writeEndObject();
    }
    respond(exchange, status, out.toByteArray());
  }

  private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private static SSLContext sslContext(HttpIngestConfig config) throws IOException {
    char[] password = config.keystorePassword() == null ? new char[0] : config.keystorePassword().toCharArray();
    try (InputStream in = Files.newInputStream(config.keystore())) {
      KeyStore keyStore = KeyStore.getInstance("PKCS12");
      keyStore.load(in, password);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(keyStore, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IOException("cannot use keystore " + config.keystore() + ": " + e.getMessage(), e);
    }
  }
}
