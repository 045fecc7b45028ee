package nl.stroomlijn.ingest.gateway.http;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.LongSupplier;
import nl.stroomlijn.ingest.gateway.Outcome;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import nl.stroomlijn.ingest.gateway.validation.Rejection;

/**
 * The batches posted with an {@code Idempotency-Key}, remembered for a bounded time and number, so a
 * resend (after a 503, a lost answer) stores nothing twice: a record Kafka acknowledged, or whose
 * produce is still under way, is not produced again; only a record whose produce failed is. The
 * answer to a resend is the outcome of every record, as for the first send.
 *
 * <p>A key belongs to one body: the same key with another body (or path, or token) is refused.
 * Memory is per gateway process: a restart, or a resend that reaches another gateway instance,
 * forgets the key (route by key to keep it). Thread-safe.
 */
final class IdempotentBatches {

  /** Why a key cannot be used for this request. */
  static final class KeyReused extends RuntimeException {
    KeyReused() {
      super("the Idempotency-Key was used for another body, path or token", null, false, false);
    }
  }

  /** What became of one record, without its bytes: kept per key after the batch is settled. */
  private record Result(Outcome.Status status, Rejection rejection) {
  }

  /** One remembered batch: per record, its produce under way, or its result. */
  private static final class Batch {
    final byte[] digest;
    final long rememberedAt;
    final int size;
    final List<CompletableFuture<Result>> results;

    Batch(byte[] digest, long rememberedAt, int size) {
      this.digest = digest;
      this.rememberedAt = rememberedAt;
      this.size = size;
      this.results = new ArrayList<>(size);
    }
  }

  private final Duration ttl;
  private final int maxKeys;
  private final long maxRecords;
  private final LongSupplier clock;
  /** Records of all remembered batches: what the memory grows with (some 100 bytes each). */
  private long records;
  /** In the order remembered, so the oldest expire or make room first. */
  private final LinkedHashMap<String, Batch> batches = new LinkedHashMap<>();

  /**
   * @param maxKeys    batches remembered at most; the oldest are forgotten first
   * @param maxRecords records of remembered batches at most, likewise
   */
  IdempotentBatches(Duration ttl, int maxKeys, long maxRecords, LongSupplier clock) {
    this.ttl = ttl;
    this.maxKeys = maxKeys;
    this.maxRecords = maxRecords;
    this.clock = clock;
  }

  /**
   * Produces the records of the batch that are neither stored nor under way under this key (on the
   * first send: all of them) and tells every record's outcome.
   *
   * @param scope   who posts where: the token and path, so one sender's key is not another's
   * @param body    the request body, which must be the same on every send of the key
   * @param produce produces the given records (a sub-list of {@code batch}) and tells each one's outcome;
   *                may throw {@link nl.stroomlijn.ingest.gateway.Overloaded}, then nothing is remembered
   * @throws KeyReused when the key was sent before with another body, path or token
   */
  CompletableFuture<List<Outcome>> submit(String key, String scope, RecordKind kind, byte[] body, List<Incoming> batch,
      Function<List<Incoming>, List<CompletableFuture<Outcome>>> produce) {
    byte[] digest = digest(scope, kind, body);
    Batch remembered;
    synchronized (this) {
      expire();
      remembered = batches.get(key);
      if (remembered != null && !Arrays.equals(remembered.digest, digest)) {
        throw new KeyReused();
      }
      if (remembered == null) {
        remembered = new Batch(digest, clock.getAsLong(), batch.size());
        batches.put(key, remembered);
        records += batch.size();
        while (batches.size() > maxKeys || records > maxRecords && batches.size() > 1) {
          Iterator<Map.Entry<String, Batch>> eldest = batches.entrySet().iterator();
          records -= eldest.next().getValue().size;
          eldest.remove();
        }
      }
    }
    Batch entry = remembered;
    List<CompletableFuture<Result>> results;
    // One send of a key at a time decides what to produce; other keys go on meanwhile.
    synchronized (entry) {
      if (entry.results.isEmpty()) {
        // The first send, or one refused as overloaded before anything was produced.
        produce.apply(batch).forEach(ack -> entry.results.add(ack.thenApply(IdempotentBatches::result)));
      } else {
        produceFailed(entry, batch, produce);
      }
      results = List.copyOf(entry.results);
    }
    return CompletableFuture.allOf(results.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<Outcome> outcomes = new ArrayList<>(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        Result result = results.get(i).join();
        outcomes.add(new Outcome(batch.get(i), result.status(), result.rejection()));
      }
      return outcomes;
    });
  }

  synchronized int size() {
    return batches.size();
  }

  /** Produces again only the records whose produce failed; those stored or under way are left alone. */
  private static void produceFailed(Batch remembered, List<Incoming> batch,
      Function<List<Incoming>, List<CompletableFuture<Outcome>>> produce) {
    List<Integer> failed = new ArrayList<>();
    for (int i = 0; i < remembered.results.size(); i++) {
      if (remembered.results.get(i).isCompletedExceptionally()) {
        failed.add(i);
      }
    }
    if (failed.isEmpty()) {
      return;
    }
    List<CompletableFuture<Outcome>> again = produce.apply(failed.stream().map(batch::get).toList());
    for (int j = 0; j < failed.size(); j++) {
      remembered.results.set(failed.get(j), again.get(j).thenApply(IdempotentBatches::result));
    }
  }

  private static Result result(Outcome outcome) {
    return new Result(outcome.status(), outcome.rejection());
  }

  private void expire() {
    long oldest = clock.getAsLong() - ttl.toMillis();
    Iterator<Batch> it = batches.values().iterator();
    while (it.hasNext()) {
      Batch batch = it.next();
      if (batch.rememberedAt >= oldest) {
        return;
      }
      records -= batch.size;
      it.remove();
    }
  }

  private static byte[] digest(String scope, RecordKind kind, byte[] body) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(scope.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(kind.name().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sha.update((byte) 0);
      return sha.digest(body);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
