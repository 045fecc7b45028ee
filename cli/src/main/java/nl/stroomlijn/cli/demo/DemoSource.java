package nl.stroomlijn.cli.demo;

import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantAssets;
import nl.stroomlijn.ingest.replay.Replay;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.SimulationReport;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.Pace;
import nl.stroomlijn.ingest.sink.Progress;
import nl.stroomlijn.ingest.sink.RecordSink;
import nl.stroomlijn.ingest.sink.TeeSink;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.ingest.truth.TruthFiles;

/**
 * Where the demo's factory data comes from, on a thread of its own: the simulator at demo pace
 * (with its ground truth, when asked for) or the replay of a recorded file. {@link #stop()} ends it
 * at the event time it has reached, as a duration would, so what it delivered stays whole.
 */
public abstract class DemoSource implements AutoCloseable {

  private final Thread thread;
  private final RecordSink kafka;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile String summary = "running";

  private DemoSource(String name, RecordSink kafka) {
    this.kafka = kafka;
    thread = new Thread(() -> {
      try {
        summary = run();
      } catch (RuntimeException | Error e) {
        failure.set(e);
        summary = "failed: " + e;
      }
    }, "demo-" + name);
    thread.setDaemon(true);
  }

  /** Delivers until the end of its data or until interrupted; returns a one-line summary. */
  abstract String run();

  /** What it is, for the banner. */
  public abstract String describe();

  /**
   * Publishes the reference data the source's records need (asset definitions, emission factors)
   * and waits until it is stored: the apps started after it find it in their global stores at once,
   * rather than racing it (a machine state processed before its machine is known is dead-lettered).
   */
  public void publishReferenceData() {
  }

  public final DemoSource startThread() {
    thread.start();
    return this;
  }

  /** A line on how it ended, or {@code running}. */
  public final String summary() {
    return summary;
  }

  public final boolean failed() {
    return failure.get() != null;
  }

  /** Ends the source at the event time it reached and waits until what it sent is stored. */
  public final void stop() throws InterruptedException {
    thread.interrupt();
    thread.join();
  }

  /** Stops it; one never started only lets go of its Kafka producer. */
  @Override
  public final void close() throws InterruptedException {
    if (thread.getState() == Thread.State.NEW) {
      kafka.close();
    } else {
      stop();
    }
  }

  /**
   * The simulator on {@code plant} from {@code start}, event time running {@code speed} times as
   * fast as the wall clock until it reaches now, then in real time. With a {@code truthDir}, the
   * exact ground truth of what it delivered is written there when it stops.
   */
  public static DemoSource simulator(Plant plant, long seed, Instant start, double speed, Path truthDir, RecordSink kafka) {
    return new DemoSource("simulator", kafka) {
      @Override
      public void publishReferenceData() {
        // The simulator publishes the same records again first (compacted topics: the latest is the same value).
        PlantAssets.publish(plant, start, kafka);
        kafka.flush();
      }

      @Override
      String run() {
        GroundTruth truth = truthDir == null ? null : new GroundTruth(plant,
            SimulationOptions.DEFAULT_REORDER_WINDOW.toMillis(), SimulationOptions.DEFAULT_GAP_THRESHOLD.toMillis());
        SimulationReport report;
        try (RecordSink sink = truth == null ? kafka : new TeeSink(kafka, truth)) {
          SimulationOptions options = new SimulationOptions(seed, start, null, 0,
              SimulationOptions.DEFAULT_REORDER_WINDOW, SimulationOptions.DEFAULT_GAP_THRESHOLD, true,
              Pace.catchingUpToNow(speed), Progress.none());
          report = new Simulator(plant, options).run(sink);
        }
        if (truth != null) {
          TruthFiles.write(truthDir, truth, report, seed);
        }
        return String.format("simulated %s from %s to %s: %,d records%s", plant.name(),
            Instant.ofEpochMilli(report.start()), Instant.ofEpochMilli(report.end()), report.records(),
            truthDir == null ? "" : "; ground truth in " + truthDir.toAbsolutePath());
      }

      @Override
      public String describe() {
        return String.format("simulator, plant %s, seed %d, from %s at %sx until it reaches now, then real time",
            plant.name(), seed, start, speed);
      }
    };
  }

  /** The replay of a recorded CSV file by a mapping, event time running {@code speed} times as fast as the wall clock. */
  public static DemoSource replay(Replay replay, Path csv, double speed, RecordSink kafka) {
    return new DemoSource("replay", kafka) {
      @Override
      String run() {
        try (RecordSink sink = kafka) {
          return "replayed " + csv + ": " + replay.run(csv, sink,
              new Replay.Options(Pace.timeScale(speed), Progress.none(), null, 0));
        }
      }

      @Override
      public String describe() {
        // A mapping defines meters and machines for validation, but publishes no plant structure (sites, lines) yet.
        return String.format("replay of %s at %sx (no plant structure in a mapping yet: attribution dead-letters "
            + "its readings as UNKNOWN_METER, so no KPIs; anomaly detection runs)", csv, speed);
      }
    };
  }
}
