package nl.stroomlijn.ingest.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import nl.stroomlijn.ingest.gateway.Outcome;
import nl.stroomlijn.ingest.gateway.Overloaded;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import org.junit.jupiter.api.Test;

/** The bookkeeping of idempotency keys; the produce step is the test's, so it can fail and lag at will. */
class IdempotentBatchesTest {

  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final IdempotentBatches batches = new IdempotentBatches(Duration.ofMinutes(10), 3, 1_000, clock::get);
  /** Every record handed to produce, and its pending acknowledgement. */
  private final List<Incoming> produced = new ArrayList<>();
  private final List<CompletableFuture<Outcome>> acks = new ArrayList<>();

  private final List<Incoming> batch = List.of(record("a"), record("b"), record("c"));
  private final byte[] body = "a\nb\nc".getBytes(StandardCharsets.UTF_8);

  private static Incoming record(String text) {
    return Incoming.of(null, text.getBytes(StandardCharsets.UTF_8), 1);
  }

  private List<CompletableFuture<Outcome>> produce(List<Incoming> records) {
    List<CompletableFuture<Outcome>> pending = new ArrayList<>();
    for (Incoming incoming : records) {
      produced.add(incoming);
      CompletableFuture<Outcome> ack = new CompletableFuture<>();
      acks.add(ack);
      pending.add(ack);
    }
    return pending;
  }

  private CompletableFuture<List<Outcome>> send(String key, byte[] payload) {
    return batches.submit(key, "Bearer t", RecordKind.READING, payload, batch, this::produce);
  }

  private void acknowledge(int i) {
    acks.get(i).complete(new Outcome(produced.get(i), Outcome.Status.ACCEPTED, null));
  }

  @Test
  void aResendWhileTheFirstIsUnderWayProducesNothingAndGetsTheSameAnswer() {
    CompletableFuture<List<Outcome>> first = send("k1", body);
    CompletableFuture<List<Outcome>> again = send("k1", body);

    assertThat(produced).hasSize(3);
    assertThat(again).isNotDone();
    acknowledge(0);
    acknowledge(1);
    acknowledge(2);
    assertThat(first.join()).extracting(Outcome::status).containsOnly(Outcome.Status.ACCEPTED);
    assertThat(again.join()).extracting(Outcome::status).containsOnly(Outcome.Status.ACCEPTED);
    assertThat(send("k1", body).join()).hasSize(3);
    assertThat(produced).hasSize(3);
  }

  @Test
  void aResendAfterAPartialFailureProducesOnlyTheRecordsThatFailed() {
    CompletableFuture<List<Outcome>> first = send("k1", body);
    acknowledge(0);
    acks.get(1).completeExceptionally(new RuntimeException("delivery timeout"));
    acknowledge(2);
    assertThat(first).isCompletedExceptionally();

    CompletableFuture<List<Outcome>> again = send("k1", body);

    assertThat(produced).hasSize(4);
    assertThat(produced.get(3)).isSameAs(batch.get(1));
    acknowledge(3);
    assertThat(again.join()).extracting(o -> new String(o.incoming().original(), StandardCharsets.UTF_8))
        .containsExactly("a", "b", "c");
  }

  @Test
  void aKeyBelongsToOneBodyPathAndToken() {
    send("k1", body);
    assertThatThrownBy(() -> send("k1", "other".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IdempotentBatches.KeyReused.class);
    assertThatThrownBy(() -> batches.submit("k1", "Bearer t", RecordKind.MACHINE_STATE, body, batch, this::produce))
        .isInstanceOf(IdempotentBatches.KeyReused.class);
    assertThatThrownBy(() -> batches.submit("k1", "Bearer other", RecordKind.READING, body, batch, this::produce))
        .isInstanceOf(IdempotentBatches.KeyReused.class);
    assertThat(produced).hasSize(3);
  }

  @Test
  void anOverloadedFirstSendRemembersNothingProducedAndTheResendProducesAll() {
    assertThatThrownBy(() -> batches.submit("k1", "Bearer t", RecordKind.READING, body, batch, records -> {
      throw new Overloaded("full");
    })).isInstanceOf(Overloaded.class);

    send("k1", body);

    assertThat(produced).hasSize(3);
  }

  @Test
  void keysAreForgottenAfterTheirTimeAndBeyondTheirNumber() {
    send("k1", body);
    clock.addAndGet(Duration.ofMinutes(11).toMillis());
    send("k1", body);
    assertThat(produced).hasSize(6);

    send("k2", body);
    send("k3", body);
    send("k4", body);
    assertThat(batches.size()).isEqualTo(3);
    send("k1", body);
    assertThat(produced).hasSize(18);

    IdempotentBatches few = new IdempotentBatches(Duration.ofMinutes(10), 100, 5, clock::get);
    few.submit("k1", "Bearer t", RecordKind.READING, body, batch, this::produce);
    few.submit("k2", "Bearer t", RecordKind.READING, body, batch, this::produce);
    assertThat(few.size()).as("6 records are more than 5: the oldest batch is forgotten").isEqualTo(1);
  }
}
