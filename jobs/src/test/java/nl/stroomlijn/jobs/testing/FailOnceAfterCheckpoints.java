package nl.stroomlijn.jobs.testing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Wraps a source so that the job fails exactly once: once {@link #ARMED}, the first reader that has
 * seen two more completed checkpoints throws on its next poll. The flags live in this JVM, so the
 * restarted job runs on.
 */
public final class FailOnceAfterCheckpoints<T, S extends SourceSplit, E> implements Source<T, S, E> {

  public static final AtomicBoolean ARMED = new AtomicBoolean();
  public static final AtomicBoolean FAILED = new AtomicBoolean();

  private final Source<T, S, E> source;

  public FailOnceAfterCheckpoints(Source<T, S, E> source) {
    this.source = source;
  }

  @Override
  public Boundedness getBoundedness() {
    return source.getBoundedness();
  }

  @Override
  public SplitEnumerator<S, E> createEnumerator(SplitEnumeratorContext<S> context) throws Exception {
    return source.createEnumerator(context);
  }

  @Override
  public SplitEnumerator<S, E> restoreEnumerator(SplitEnumeratorContext<S> context, E checkpoint) throws Exception {
    return source.restoreEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<S> getSplitSerializer() {
    return source.getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<E> getEnumeratorCheckpointSerializer() {
    return source.getEnumeratorCheckpointSerializer();
  }

  @Override
  public SourceReader<T, S> createReader(SourceReaderContext context) throws Exception {
    SourceReader<T, S> reader = source.createReader(context);
    return new SourceReader<>() {
      private int completedCheckpoints;

      @Override
      public void start() {
        reader.start();
      }

      @Override
      public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
        if (completedCheckpoints >= 2 && FAILED.compareAndSet(false, true)) {
          throw new IllegalStateException("failing once on purpose, after two completed checkpoints");
        }
        return reader.pollNext(output);
      }

      @Override
      public List<S> snapshotState(long checkpointId) {
        return reader.snapshotState(checkpointId);
      }

      @Override
      public CompletableFuture<Void> isAvailable() {
        // Poll at least every 100 ms, so the failure comes soon after the second checkpoint.
        return CompletableFuture.anyOf(reader.isAvailable(),
                CompletableFuture.runAsync(() -> { }, CompletableFuture.delayedExecutor(100,
                    java.util.concurrent.TimeUnit.MILLISECONDS)))
            .thenApply(ignored -> null);
      }

      @Override
      public void addSplits(List<S> splits) {
        reader.addSplits(splits);
      }

      @Override
      public void notifyNoMoreSplits() {
        reader.notifyNoMoreSplits();
      }

      @Override
      public void handleSourceEvents(SourceEvent sourceEvent) {
        reader.handleSourceEvents(sourceEvent);
      }

      @Override
      public void notifyCheckpointComplete(long checkpointId) throws Exception {
        if (ARMED.get()) {
          completedCheckpoints++;
        }
        reader.notifyCheckpointComplete(checkpointId);
      }

      @Override
      public void pauseOrResumeSplits(java.util.Collection<String> paused, java.util.Collection<String> resumed) {
        reader.pauseOrResumeSplits(paused, resumed);
      }

      @Override
      public void close() throws Exception {
        reader.close();
      }
    };
  }
}
