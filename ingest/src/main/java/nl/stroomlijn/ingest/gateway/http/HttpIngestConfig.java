package nl.stroomlijn.ingest.gateway.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * Where and how the HTTP path listens.
 *
 * @param tokens           bearer tokens that may post; a request without one of them gets 401
 * @param keystore         PKCS12 keystore of the TLS certificate; null serves plain HTTP
 * @param maxRequestBytes  larger bodies get 413
 * @param maxRecords       batches with more records get 413
 * @param ackTimeout       how long a request waits for Kafka before it answers 503
 * @param retryAfter       the Retry-After of a 429 or 503
 * @param threads          requests handled at once (each waits for its Kafka acknowledgements)
 * @param idempotencyTtl   how long a batch sent with an Idempotency-Key is remembered
 * @param idempotencyKeys  how many such batches are remembered at most (the oldest are forgotten first)
 * @param idempotencyRecords how many records of such batches are remembered at most (some 100 bytes each)
 */
public record HttpIngestConfig(String host, int port, Set<String> tokens, Path keystore, String keystorePassword,
                               int maxRequestBytes, int maxRecords, Duration ackTimeout, Duration retryAfter,
                               int threads, Duration idempotencyTtl, int idempotencyKeys, int idempotencyRecords) {

  public static final int DEFAULT_PORT = 8090;
  public static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;
  public static final int DEFAULT_MAX_RECORDS = 50_000;
  public static final Duration DEFAULT_ACK_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);
  public static final int DEFAULT_THREADS = 16;
  public static final Duration DEFAULT_IDEMPOTENCY_TTL = Duration.ofHours(1);
  public static final int DEFAULT_IDEMPOTENCY_KEYS = 100_000;
  public static final int DEFAULT_IDEMPOTENCY_RECORDS = 1_000_000;

  public HttpIngestConfig {
    tokens = Set.copyOf(tokens);
  }

  /** Loopback on a free port, plain HTTP, one token, default limits: for tests and benchmarks. */
  public static HttpIngestConfig loopback(String token) {
    return new HttpIngestConfig("127.0.0.1", 0, Set.of(token), null, null, DEFAULT_MAX_REQUEST_BYTES,
        DEFAULT_MAX_RECORDS, DEFAULT_ACK_TIMEOUT, DEFAULT_RETRY_AFTER, DEFAULT_THREADS, DEFAULT_IDEMPOTENCY_TTL,
        DEFAULT_IDEMPOTENCY_KEYS, DEFAULT_IDEMPOTENCY_RECORDS);
  }
}
