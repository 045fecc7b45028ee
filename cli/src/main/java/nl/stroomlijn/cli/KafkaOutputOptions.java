package nl.stroomlijn.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.ingest.sink.Pace;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import picocli.CommandLine.Option;

/** Where and how fast the ingest commands produce: broker, schema registry, client settings, pace. */
final class KafkaOutputOptions {

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT",
      description = "Kafka brokers to produce to.")
  String bootstrapServers;

  @Option(names = {"-r", "--schema-registry"}, paramLabel = "URL", defaultValue = "http://127.0.0.1:8081",
      description = "Schema registry base URL (Confluent API), or mock://scope (default ${DEFAULT-VALUE}).")
  String schemaRegistryUrl;

  @Option(names = {"-P", "--producer-property"}, paramLabel = "KEY=VALUE",
      description = "Kafka producer setting passed through (TLS, SASL, tuning); repeatable.")
  Map<String, String> producerProperties = new LinkedHashMap<>();

  @Option(names = "--rate", paramLabel = "RECORDS_PER_S",
      description = "Demo mode: deliver at most this many records per second.")
  Double rate;

  @Option(names = "--time-scale", paramLabel = "FACTOR",
      description = "Demo mode: let event time run FACTOR times as fast as the wall clock (1 = real time).")
  Double timeScale;

  /** The pace asked for: load mode (as fast as possible) unless a rate or time scale is given. */
  Pace pace() {
    if (rate != null && timeScale != null) {
      throw new IllegalArgumentException("give --rate or --time-scale, not both");
    }
    return rate != null ? Pace.recordsPerSecond(rate) : timeScale != null ? Pace.timeScale(timeScale) : Pace.unlimited();
  }

  KafkaSink sink() {
    return new KafkaSink(bootstrapServers, SchemaRegistries.connect(RegistryConfig.of(schemaRegistryUrl)),
        producerProperties);
  }
}
