package nl.stroomlijn.ingest.gateway;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import nl.stroomlijn.ingest.gateway.validation.RecordValidator;
import nl.stroomlijn.ingest.gateway.validation.Rejection;
import nl.stroomlijn.ingest.gateway.validation.Validation;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.schemas.DeadLetter;

/**
 * What every path of the gateway shares: each record is validated, valid ones go to their raw
 * topic and the others to the DLQ, and a batch is answered only once Kafka acknowledged every one
 * of its records (idempotent producer, acks=all). The in-flight bound keeps a slow Kafka from
 * filling the heap: HTTP is refused ({@link Overloaded}), MQTT and OPC UA wait.
 */
public final class Gateway {

  public static final String APPLICATION = "stroomlijn-ingest";

  private final RecordValidator validator;
  private final KafkaSink kafka;
  private final InFlight inFlight;
  private final GatewayMetrics metrics;
  private final LongSupplier clock;
  private final GatewayTopics topics;

  public Gateway(RecordValidator validator, KafkaSink kafka, GatewayTopics topics, InFlight inFlight,
      GatewayMetrics metrics, LongSupplier clock) {
    this.validator = validator;
    this.topics = topics;
    this.kafka = kafka;
    this.inFlight = inFlight;
    this.metrics = metrics;
    this.clock = clock;
  }

  /**
   * Validates and produces a batch if the in-flight bound has room for it now.
   *
   * @param path the source: {@code http}, {@code mqtt}, {@code opcua}
   * @return the outcome of every record, in batch order, once all are acknowledged; fails when one
   *         could not be produced
   * @throws Overloaded when the bound is reached
   */
  public CompletableFuture<List<Outcome>> submit(String path, RecordKind kind, List<Incoming> batch) {
    return all(submitEach(path, kind, batch));
  }

  /** Like {@link #submit}, but tells the outcome of each record on its own: for a sender that resends only what failed. */
  public List<CompletableFuture<Outcome>> submitEach(String path, RecordKind kind, List<Incoming> batch) {
    long bytes = bytes(batch);
    if (!inFlight.tryAcquire(bytes, batch.size())) {
      metrics.overloaded(path);
      throw new Overloaded("more than the in-flight bound is waiting for Kafka");
    }
    return produce(path, kind, batch, bytes);
  }

  /** Like {@link #submit}, but waits for room: for sources whose unacknowledged messages stay with them. */
  public CompletableFuture<List<Outcome>> submitWaiting(String path, RecordKind kind, List<Incoming> batch)
      throws InterruptedException {
    long bytes = bytes(batch);
    if (!inFlight.tryAcquire(bytes, batch.size())) {
      metrics.overloaded(path);
      inFlight.acquire(bytes, batch.size());
    }
    return all(produce(path, kind, batch, bytes));
  }

  /** The outcomes in batch order once every record is acknowledged; fails when one could not be produced. */
  public static CompletableFuture<List<Outcome>> all(List<CompletableFuture<Outcome>> acks) {
    return CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
        .thenApply(done -> acks.stream().map(CompletableFuture::join).toList());
  }

  /** Sets how many of its configured nodes a path's server refused. */
  public void refusedNodes(String path, int count) {
    metrics.refusedNodes(path, count);
  }

  /** Sets the connection state a path reports. */
  public void connected(String path, boolean up) {
    metrics.connected(path, up);
  }

  private List<CompletableFuture<Outcome>> produce(String path, RecordKind kind, List<Incoming> batch, long bytes) {
    long now = clock.getAsLong();
    List<CompletableFuture<Outcome>> acks = new ArrayList<>(batch.size());
    for (Incoming incoming : batch) {
      Validation validation = incoming.unreadable() != null
          ? new Validation.Invalid(incoming.unreadable(), null, null, false)
          : validator.validate(kind, incoming.record(), path, now);
      long start = System.nanoTime();
      CompletableFuture<Outcome> ack;
      if (validation instanceof Validation.Valid valid) {
        ack = kafka.deliver(topics.raw(valid.kind()), valid.key(), valid.value(), valid.eventTime())
            .thenApply(metadata -> new Outcome(incoming, Outcome.Status.ACCEPTED, null));
      } else {
        Validation.Invalid invalid = (Validation.Invalid) validation;
        Outcome.Status status = invalid.parked() ? Outcome.Status.PARKED : Outcome.Status.REJECTED;
        ack = kafka.deliver(topics.deadLetters(), invalid.key() != null ? invalid.key() : path,
                deadLetter(invalid, path, incoming, now), now)
            .thenApply(metadata -> new Outcome(incoming, status, invalid.rejection()));
      }
      acks.add(ack.whenComplete((outcome, error) -> {
        if (outcome != null) {
          metrics.produced(path, System.nanoTime() - start);
          metrics.record(path, outcome.status().label(),
              outcome.rejection() == null ? GatewayMetrics.NO_REASON : outcome.rejection().code());
        }
      }));
    }
    CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
        .whenComplete((done, error) -> inFlight.release(bytes, batch.size()));
    return acks;
  }

  /** The dead letter of a record: reason, source, line, original bytes, event time if it could be read. */
  public static DeadLetter deadLetter(Validation.Invalid invalid, String source, Incoming incoming, long now) {
    Rejection rejection = invalid.rejection();
    return new DeadLetter(rejection.code(), rejection.message(), rejection.field(), source, APPLICATION, null, null,
        null, incoming.line() > 0 ? incoming.line() : null, null, ByteBuffer.wrap(incoming.original()),
        invalid.eventTime() == null ? null : Instant.ofEpochMilli(invalid.eventTime()), Instant.ofEpochMilli(now));
  }

  private static long bytes(List<Incoming> batch) {
    return batch.stream().mapToLong(incoming -> incoming.original().length).sum();
  }
}
