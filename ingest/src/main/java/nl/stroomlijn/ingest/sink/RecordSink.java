package nl.stroomlijn.ingest.sink;

import nl.stroomlijn.topics.Topic;
import org.apache.avro.specific.SpecificRecord;

/**
 * Where sources deliver their records, in delivery order: Kafka, memory (tests), the ground truth,
 * or several at once ({@link TeeSink}).
 */
public interface RecordSink extends AutoCloseable {

  /**
   * Delivers one record.
   *
   * @param key       the record key (UTF-8 on the wire)
   * @param timestamp the record's event time, UTC epoch millis (the Kafka record timestamp)
   */
  <V extends SpecificRecord> void send(Topic<V> topic, String key, V value, long timestamp);

  /** Returns once every record sent so far is stored (acknowledged by Kafka); fails if one could not be. */
  default void flush() {
  }

  @Override
  default void close() {
    flush();
  }

  /** A sink that drops everything: for dry runs and for measuring a source alone. */
  static RecordSink discard() {
    return new RecordSink() {
      @Override
      public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value, long timestamp) {
      }
    };
  }
}
