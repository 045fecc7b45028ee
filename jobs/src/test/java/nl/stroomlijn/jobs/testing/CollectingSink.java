package nl.stroomlijn.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** An in-memory sink for MiniCluster tests: every parallel writer adds to one queue in this JVM. */
public final class CollectingSink<T> implements Sink<T> {

  private static final Map<String, Queue<Object>> RESULTS = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  public CollectingSink() {
    RESULTS.put(id, new ConcurrentLinkedQueue<>());
  }

  @SuppressWarnings("unchecked")
  public List<T> results() {
    return new ArrayList<>((Queue<T>) RESULTS.get(id));
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    Queue<Object> queue = RESULTS.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        queue.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {
      }

      @Override
      public void close() {
      }
    };
  }
}
