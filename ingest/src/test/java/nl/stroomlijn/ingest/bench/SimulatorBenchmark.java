package nl.stroomlijn.ingest.bench;

import java.time.Instant;
import java.util.Map;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import nl.stroomlijn.ingest.simulator.SimulationOptions;
import nl.stroomlijn.ingest.simulator.SimulationReport;
import nl.stroomlijn.ingest.simulator.Simulator;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.ingest.sink.RecordSink;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.stack.EmbeddedKafka;
import nl.stroomlijn.stack.TopicProvisioner;
import nl.stroomlijn.topics.Topics;

/**
 * Load-mode throughput of the simulator on the large plant: generation alone (records dropped), and
 * generation plus producing to a local broker (an embedded KRaft broker in this JVM unless
 * {@code -Dbootstrap=host:port}; values serialized in the wire format against an in-memory
 * registry). Not a test: run it by hand (ingest/BENCHMARKS.md), it measures, it does not judge.
 *
 * <p>Arguments: {@code generate|produce [records]}.
 */
public final class SimulatorBenchmark {

  public static void main(String[] args) {
    String mode = args.length > 0 ? args[0] : "generate";
    long records = args.length > 1 ? Long.parseLong(args[1]) : 5_000_000;
    Plant plant = PlantLoader.loadNamed("large").withFaults(Map.of());
    if (mode.equals("generate")) {
      run("generate (warm-up)", plant, records / 5, RecordSink.discard());
      run("generate", plant, records, RecordSink.discard());
      return;
    }
    String configured = System.getProperty("bootstrap");
    try (EmbeddedKafka broker = configured == null ? EmbeddedKafka.start() : null) {
      String bootstrap = configured != null ? configured : broker.bootstrapServers();
      TopicProvisioner.create(bootstrap, Topics.all());
      try (KafkaSink kafka = new KafkaSink(bootstrap, SchemaRegistries.connect(RegistryConfig.of("mock://bench")),
          Map.of())) {
        run("generate+produce", plant, records, kafka);
      }
    }
  }

  private static void run(String what, Plant plant, long records, RecordSink sink) {
    SimulationOptions options = new SimulationOptions(1, Instant.parse("2026-01-05T00:00:00Z"), null, records, null,
        null, false, null, null);
    long start = System.nanoTime();
    SimulationReport report = new Simulator(plant, options).run(sink);
    sink.flush();
    double seconds = (System.nanoTime() - start) / 1e9;
    long readings = report.recordsPerTopic().getOrDefault(Topics.READINGS.name(), 0L);
    System.out.printf("%s: %,d records (%,d readings) in %.2f s: %,.0f records/s, %,.0f readings/s, "
            + "%.1f h simulated%n", what, report.records(), readings, seconds, report.records() / seconds,
        readings / seconds, (report.end() - report.start()) / 3.6e6);
  }
}
