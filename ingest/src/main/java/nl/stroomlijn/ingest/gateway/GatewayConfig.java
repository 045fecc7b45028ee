package nl.stroomlijn.ingest.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import nl.stroomlijn.ingest.gateway.http.HttpIngestConfig;
import nl.stroomlijn.ingest.gateway.mqtt.TopicTemplate;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import nl.stroomlijn.ingest.gateway.validation.ValidationRules;
import nl.stroomlijn.service.ConfigException;
import nl.stroomlijn.service.ConfigProblem;
import nl.stroomlijn.service.EndpointsConfig;
import nl.stroomlijn.service.HostPort;
import nl.stroomlijn.service.ServiceConfig;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;

/**
 * The gateway's settings, read from a {@link ServiceConfig} (file and environment) and validated at
 * once: {@link #from} throws one {@link ConfigException} naming every wrong setting.
 *
 * @param topics the topics it reads assets from and writes records and dead letters to
 * @param http  the HTTP path, or null when switched off
 * @param mqtt  the MQTT path, or null when no broker is configured
 * @param opcUa the OPC UA path, or null when no server is configured
 */
public record GatewayConfig(String bootstrapServers, String schemaRegistryUrl, Properties kafka,
                            Properties schemaRegistry, GatewayTopics topics, ValidationRules rules, long maxInFlightBytes,
                            int maxInFlightRecords, Duration assetsLoadTimeout, HttpIngestConfig http,
                            MqttConfig mqtt, OpcUaConfig opcUa, EndpointsConfig endpoints) {

  public static final int DEFAULT_MAX_INFLIGHT_BYTES = 64 * 1024 * 1024;
  public static final int DEFAULT_MAX_INFLIGHT_RECORDS = 200_000;

  /**
   * @param templates topic templates with placeholders per record kind, e.g. readings on
   *                  {@code factory/{site}/{line}/{machine}/{meter}}; no two of them match the same topic
   */
  public record MqttConfig(String host, int port, boolean tls, Map<RecordKind, List<String>> templates,
                           String clientId, String username, String password) {
  }

  /**
   * @param endpoint         {@code opc.tcp://host:port/path}
   * @param nodes            the nodes whose data changes become readings
   * @param samplingInterval how often the server samples each node
   * @param user             the user the session runs as, or null for anonymous
   */
  public record OpcUaConfig(String endpoint, List<OpcUaNode> nodes, Duration samplingInterval, OpcUaUser user) {
  }

  /** A user name and its password; the password is never printed. */
  public record OpcUaUser(String username, String password) {
    @Override
    public String toString() {
      return "OpcUaUser[username=" + username + ", password=****]";
    }
  }

  /** A node whose data changes become readings of a meter, e.g. {@code site/line/press/kw} from {@code ns=2;s=Press.Power}. */
  public record OpcUaNode(String sensorId, String nodeId) {
  }

  /** The setting of the MQTT topic templates of each record kind. */
  private static final Map<RecordKind, String> MQTT_TOPICS = Map.of(
      RecordKind.READING, "ingest.mqtt.topics",
      RecordKind.MACHINE_STATE, "ingest.mqtt.machine-state-topics",
      RecordKind.PRODUCTION_EVENT, "ingest.mqtt.production-topics");

  public static GatewayConfig from(ServiceConfig config) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<HostPort> brokers = config.kafkaBootstrapServers().required();
    var registryUrl = config.schemaRegistryUrl().required();
    ValidationRules rules = new ValidationRules(
        config.duration("ingest.timestamp.max-age").orElse(ValidationRules.DEFAULT_MAX_AGE),
        config.duration("ingest.timestamp.max-ahead").orElse(ValidationRules.DEFAULT_MAX_AHEAD),
        config.enumValue("ingest.unknown-assets", ValidationRules.UnknownAssets.class)
            .orElse(ValidationRules.UnknownAssets.REJECT));
    int maxInFlightBytes = config.integer("ingest.inflight.max-bytes", 1024, Integer.MAX_VALUE)
        .orElse(DEFAULT_MAX_INFLIGHT_BYTES);
    int maxInFlightRecords = config.integer("ingest.inflight.max-records", 1, Integer.MAX_VALUE)
        .orElse(DEFAULT_MAX_INFLIGHT_RECORDS);
    Duration assetsLoadTimeout = config.duration("ingest.assets.load-timeout").orElse(Duration.ofSeconds(60));
    GatewayTopics topics = topics(config, problems);
    HttpIngestConfig http = config.bool("ingest.http.enabled").orElse(true) ? http(config, problems) : null;
    MqttConfig mqtt = mqtt(config, problems);
    OpcUaConfig opcUa = opcUa(config, problems);
    EndpointsConfig endpoints = EndpointsConfig.from(config);
    problems.addAll(0, config.problems());
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new GatewayConfig(String.join(",", brokers.stream().map(HostPort::toString).toList()),
        registryUrl.toString(), config.kafkaProperties(), config.schemaRegistryProperties(), topics, rules,
        maxInFlightBytes,
        maxInFlightRecords, assetsLoadTimeout, http, mqtt, opcUa, endpoints);
  }

  /** The topic names, {@code ingest.topic.<name>}: legal Kafka names, and no two records kinds or the DLQ sharing one. */
  private static GatewayTopics topics(ServiceConfig config, List<ConfigProblem> problems) {
    GatewayTopics defaults = GatewayTopics.defaults();
    GatewayTopics topics = new GatewayTopics(
        defaults.readings().withName(topicName(config, "readings", defaults.readings().name(), problems)),
        defaults.machineStates().withName(topicName(config, "machine-states", defaults.machineStates().name(), problems)),
        defaults.production().withName(topicName(config, "production", defaults.production().name(), problems)),
        defaults.deadLetters().withName(topicName(config, "dead-letters", defaults.deadLetters().name(), problems)),
        defaults.assets().withName(topicName(config, "assets", defaults.assets().name(), problems)));
    Set<String> seen = new java.util.HashSet<>();
    for (var topic : topics.all()) {
      if (!seen.add(topic.name())) {
        problems.add(problem("ingest.topic.*", topic.name(),
            "a different topic for each of readings, machine-states, production, dead-letters and assets"));
      }
    }
    return topics;
  }

  private static String topicName(ServiceConfig config, String which, String defaultName, List<ConfigProblem> problems) {
    String key = "ingest.topic." + which;
    String name = config.string(key).orElse(defaultName).trim();
    if (!GatewayTopics.legalName(name)) {
      problems.add(problem(key, name, "a Kafka topic name: 1 to 249 of a-z A-Z 0-9 . _ -"));
      return defaultName;
    }
    return name;
  }

  private static HttpIngestConfig http(ServiceConfig config, List<ConfigProblem> problems) {
    String tokens = config.string("ingest.http.tokens").orElse(null);
    Set<String> tokenSet = tokens == null ? Set.of() : new LinkedHashSet<>(Arrays.stream(tokens.split(","))
        .map(String::trim).filter(t -> !t.isEmpty()).toList());
    if (tokenSet.isEmpty()) {
      problems.add(problem("ingest.http.tokens", null, "one or more bearer tokens, comma-separated (no token, no entry)"));
    }
    Path keystore = config.path("ingest.http.tls.keystore").orElse(null);
    if (keystore != null && !keystore.toFile().canRead()) {
      problems.add(problem("ingest.http.tls.keystore", keystore.toString(), "a readable PKCS12 keystore"));
    }
    return new HttpIngestConfig(
        config.string("ingest.http.host").orElse("127.0.0.1"),
        config.integer("ingest.http.port", 0, 65535).orElse(HttpIngestConfig.DEFAULT_PORT),
        tokenSet, keystore, config.string("ingest.http.tls.keystore.password").orElse(null),
        config.integer("ingest.http.max-request-bytes", 1024, Integer.MAX_VALUE - 1)
            .orElse(HttpIngestConfig.DEFAULT_MAX_REQUEST_BYTES),
        config.integer("ingest.http.max-records", 1, Integer.MAX_VALUE).orElse(HttpIngestConfig.DEFAULT_MAX_RECORDS),
        config.duration("ingest.http.ack-timeout").orElse(HttpIngestConfig.DEFAULT_ACK_TIMEOUT),
        config.duration("ingest.http.retry-after").orElse(HttpIngestConfig.DEFAULT_RETRY_AFTER),
        config.integer("ingest.http.threads", 1, 1024).orElse(HttpIngestConfig.DEFAULT_THREADS));
  }

  private static MqttConfig mqtt(ServiceConfig config, List<ConfigProblem> problems) {
    var url = config.url("ingest.mqtt.url").optional();
    if (url.isEmpty()) {
      return null;
    }
    String scheme = url.get().getScheme();
    if (!scheme.equals("tcp") && !scheme.equals("ssl")) {
      problems.add(problem("ingest.mqtt.url", url.get().toString(), "tcp://host:port or ssl://host:port"));
    }
    Map<RecordKind, List<String>> templates = new EnumMap<>(RecordKind.class);
    List<TopicTemplate> parsed = new ArrayList<>();
    for (RecordKind kind : RecordKind.values()) {
      String key = MQTT_TOPICS.get(kind);
      List<String> list = Arrays.stream(config.string(key).orElse("").split(",")).map(String::trim)
          .filter(f -> !f.isEmpty()).toList();
      for (String text : list) {
        try {
          TopicTemplate template = new TopicTemplate(text);
          parsed.stream().filter(template::overlaps).findFirst().ifPresent(other -> problems.add(problem(key, text,
              "a template no topic of " + other + " also matches (a broker may deliver such a message twice)")));
          parsed.add(template);
        } catch (IllegalArgumentException e) {
          problems.add(problem(key, text, "levels that are names, + or a whole {placeholder}"));
        }
      }
      if (!list.isEmpty()) {
        templates.put(kind, list);
      }
    }
    if (templates.isEmpty()) {
      problems.add(problem("ingest.mqtt.topics", null, "topic templates such as factory/{site}/{line}/{machine}/{meter}"
          + " (readings; machine states and production events in ingest.mqtt.machine-state-topics and"
          + " ingest.mqtt.production-topics)"));
    }
    int port = url.get().getPort() > 0 ? url.get().getPort() : scheme.equals("ssl") ? 8883 : 1883;
    return new MqttConfig(url.get().getHost(), port, scheme.equals("ssl"), templates,
        config.string("ingest.mqtt.client-id").orElse("stroomlijn-gateway"),
        config.string("ingest.mqtt.username").orElse(null), config.string("ingest.mqtt.password").orElse(null));
  }

  private static OpcUaConfig opcUa(ServiceConfig config, List<ConfigProblem> problems) {
    var endpoint = config.url("ingest.opcua.endpoint").optional();
    if (endpoint.isEmpty()) {
      return null;
    }
    if (!endpoint.get().getScheme().equals("opc.tcp")) {
      problems.add(problem("ingest.opcua.endpoint", endpoint.get().toString(), "opc.tcp://host:port[/path]"));
    }
    String example = "sensorId@nodeId entries such as site/line/press/kw@ns=2;s=Press.Power";
    List<OpcUaNode> nodes = new ArrayList<>();
    for (String entry : config.string("ingest.opcua.nodes").orElse("").split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      // The sensor id is a path without '@'; a node id may hold '@' in its string identifier.
      int at = entry.indexOf('@');
      String sensorId = at < 0 ? "" : entry.substring(0, at).trim();
      String nodeId = at < 0 ? "" : entry.substring(at + 1).trim();
      if (sensorId.isEmpty() || NodeId.parseSafe(nodeId).isEmpty()) {
        problems.add(problem("ingest.opcua.nodes", entry.trim(), example));
      } else {
        nodes.add(new OpcUaNode(sensorId, nodeId));
      }
    }
    if (nodes.isEmpty() && problems.stream().noneMatch(p -> p.fileKey().equals("ingest.opcua.nodes"))) {
      problems.add(problem("ingest.opcua.nodes", null, "one or more " + example + ", comma-separated"));
    }
    Duration samplingInterval = config.duration("ingest.opcua.sampling-interval").orElse(Duration.ofSeconds(1));
    if (samplingInterval.isNegative()) {
      problems.add(problem("ingest.opcua.sampling-interval", samplingInterval.toString(), "a duration of 0 or more"));
    }
    return new OpcUaConfig(endpoint.get().toString(), List.copyOf(nodes), samplingInterval, opcUaUser(config, problems));
  }

  /**
   * The OPC UA user: {@code ingest.opcua.username} with the password by reference, from the environment
   * ({@code STROOMLIJN_INGEST_OPCUA_PASSWORD}) or a file ({@code ingest.opcua.password-file}, e.g. a
   * mounted secret; surrounding white space and the final newline are not part of it).
   */
  private static OpcUaUser opcUaUser(ServiceConfig config, List<ConfigProblem> problems) {
    String username = config.string("ingest.opcua.username").orElse(null);
    String password = config.string("ingest.opcua.password").orElse(null);
    Path file = config.path("ingest.opcua.password-file").orElse(null);
    if (file != null) {
      if (password != null) {
        problems.add(problem("ingest.opcua.password-file", file.toString(),
            "either a password file or STROOMLIJN_INGEST_OPCUA_PASSWORD, not both"));
      }
      try {
        password = java.nio.file.Files.readString(file).strip();
      } catch (java.io.IOException | RuntimeException e) {
        problems.add(problem("ingest.opcua.password-file", file.toString(), "a readable file holding the password"));
      }
    }
    if (username == null) {
      if (password != null) {
        problems.add(problem("ingest.opcua.username", null, "the user name that goes with the password"));
      }
      return null;
    }
    if (password == null || password.isEmpty()) {
      problems.add(problem("ingest.opcua.password-file", null,
          "a file holding the password of " + username + " (or STROOMLIJN_INGEST_OPCUA_PASSWORD in the environment)"));
    }
    return new OpcUaUser(username, password);
  }

  private static ConfigProblem problem(String key, String given, String expected) {
    String env = "STROOMLIJN_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    return new ConfigProblem(key, env, given == null ? null : '"' + given + '"', "the file or environment", expected);
  }
}
