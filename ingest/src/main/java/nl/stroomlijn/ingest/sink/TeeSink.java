package nl.stroomlijn.ingest.sink;

import java.util.List;
import nl.stroomlijn.topics.Topic;
import org.apache.avro.specific.SpecificRecord;

/** Delivers every record to several sinks, in the order given (e.g. Kafka and the ground truth). */
public final class TeeSink implements RecordSink {

  private final List<RecordSink> sinks;

  public TeeSink(RecordSink... sinks) {
    this.sinks = List.of(sinks);
  }

  @Override
  public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value, long timestamp) {
    for (RecordSink sink : sinks) {
      sink.send(topic, key, value, timestamp);
    }
  }

  @Override
  public void flush() {
    sinks.forEach(RecordSink::flush);
  }

  @Override
  public void close() {
    sinks.forEach(RecordSink::close);
  }
}
