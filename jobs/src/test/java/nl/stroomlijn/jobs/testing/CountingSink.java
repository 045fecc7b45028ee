package nl.stroomlijn.jobs.testing;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** A sink that only counts, for throughput runs where keeping the records would measure the heap. */
public final class CountingSink<T> implements Sink<T> {

  private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  public CountingSink() {
    COUNTS.put(id, new AtomicLong());
  }

  public long count() {
    return COUNTS.get(id).get();
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    AtomicLong count = COUNTS.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        count.incrementAndGet();
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
