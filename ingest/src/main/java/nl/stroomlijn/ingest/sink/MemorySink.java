package nl.stroomlijn.ingest.sink;

import java.util.ArrayList;
import java.util.List;
import nl.stroomlijn.topics.Topic;
import org.apache.avro.specific.SpecificRecord;

/** Keeps every delivered record in memory, in delivery order; for tests. */
public final class MemorySink implements RecordSink {

  /** One delivered record. */
  public record Sent(Topic<?> topic, String key, SpecificRecord value, long timestamp) {
  }

  private final List<Sent> records = new ArrayList<>();

  @Override
  public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value, long timestamp) {
    records.add(new Sent(topic, key, value, timestamp));
  }

  public List<Sent> records() {
    return records;
  }

  /** The values delivered to one topic, in order. */
  @SuppressWarnings("unchecked")
  public <V extends SpecificRecord> List<V> values(Topic<V> topic) {
    return records.stream().filter(r -> r.topic().name().equals(topic.name())).map(r -> (V) r.value()).toList();
  }
}
