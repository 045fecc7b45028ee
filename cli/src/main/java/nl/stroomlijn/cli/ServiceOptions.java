package nl.stroomlijn.cli;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import nl.stroomlijn.service.ServiceConfig;
import picocli.CommandLine.Option;

/**
 * The options every long-running service command shares: where Kafka and the registry are, and a
 * settings file. They are laid over the environment in its own spelling, so an option, an
 * environment variable and a file key are one setting, validated in one place ({@link ServiceConfig}).
 */
final class ServiceOptions {

  @Option(names = {"-b", "--bootstrap-servers"}, paramLabel = "HOST:PORT[,...]", description = "Kafka brokers.")
  private String bootstrapServers;

  @Option(names = {"-r", "--schema-registry", "--schema-registry-url"}, paramLabel = "URL",
      description = "Schema registry base URL (Confluent API).")
  private String schemaRegistryUrl;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file of settings; default $STROOMLIJN_CONFIG.")
  private Path configFile;

  /** The configuration: the file, under the environment, under these options and the command's own. */
  ServiceConfig load(Map<String, Object> commandSettings) {
    Map<String, String> env = new HashMap<>(System.getenv());
    putIfGiven(env, "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    putIfGiven(env, "SCHEMA_REGISTRY_URL", schemaRegistryUrl);
    commandSettings.forEach((name, value) -> putIfGiven(env, name, value));
    return ServiceConfig.load(configFile, env);
  }

  private static void putIfGiven(Map<String, String> env, String name, Object value) {
    if (value != null) {
      env.put(name, value.toString());
    }
  }
}
