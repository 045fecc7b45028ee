package nl.stroomlijn.ingest.sink;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import nl.stroomlijn.ingest.gateway.Gateway;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.validation.RecordValidator;
import nl.stroomlijn.ingest.gateway.validation.Validation;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

/**
 * Puts a source that builds its records as Avro (the simulator) through the gateway's validation:
 * readings, machine states and production events are checked by {@link RecordValidator}; a valid one
 * goes on to the sink, an invalid one goes to the DLQ as a dead letter with its reason, its source
 * and the record as JSON. Other records (asset definitions, emission factors) pass unchecked.
 * Everything downstream (Kafka, the ground truth) sees only what was accepted.
 */
public final class ValidatingSink implements RecordSink {

  private final RecordSink sink;
  private final RecordValidator validator;
  private final LongSupplier receipt;
  private final Map<String, Long> recordsPerTopic = new TreeMap<>();

  /** @param receipt the time of receipt of the record being sent (the centre of the time window), UTC epoch millis */
  public ValidatingSink(RecordSink sink, RecordValidator validator, LongSupplier receipt) {
    this.sink = sink;
    this.validator = validator;
    this.receipt = receipt;
  }

  @Override
  public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value, long timestamp) {
    if (!(value instanceof SensorReading || value instanceof MachineState || value instanceof ProductionEvent)) {
      pass(topic, key, value, timestamp);
      return;
    }
    long now = receipt.getAsLong();
    Validation validation = validator.validate(value, now);
    if (validation instanceof Validation.Valid) {
      pass(topic, key, value, timestamp);
      return;
    }
    Validation.Invalid invalid = (Validation.Invalid) validation;
    String source = source(value);
    byte[] original = value.toString().getBytes(StandardCharsets.UTF_8);
    pass(Topics.DEAD_LETTERS, invalid.key() != null ? invalid.key() : source,
        Gateway.deadLetter(invalid, source, Incoming.of(null, original, 0), now), now);
  }

  /** What reached the sink per topic: accepted records on their topics, rejected ones on the DLQ. */
  public Map<String, Long> recordsPerTopic() {
    return Map.copyOf(recordsPerTopic);
  }

  private <V extends SpecificRecord> void pass(Topic<V> topic, String key, V value, long timestamp) {
    sink.send(topic, key, value, timestamp);
    recordsPerTopic.merge(topic.name(), 1L, Long::sum);
  }

  private static String source(SpecificRecord value) {
    if (value instanceof SensorReading reading) {
      return reading.getSource();
    }
    return value instanceof MachineState state ? state.getSource() : ((ProductionEvent) value).getSource();
  }

  @Override
  public void flush() {
    sink.flush();
  }

  @Override
  public void close() {
    sink.close();
  }
}
