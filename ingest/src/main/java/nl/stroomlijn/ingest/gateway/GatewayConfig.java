package nl.stroomlijn.ingest.gateway;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
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
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.CertificateUtil;

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
   * @param security         the secure channel: policy, mode and the certificates, or null for security None
   */
  public record OpcUaConfig(String endpoint, List<OpcUaNode> nodes, Duration samplingInterval, OpcUaUser user,
                            OpcUaSecurity security) {
  }

  /**
   * A signed (and encrypted) channel: the gateway's application instance certificate and key, and the
   * server certificate it trusts (pinned; the server must trust the gateway's certificate in turn).
   *
   * @param applicationUri the URI in the gateway certificate's subject alternative name, which OPC UA
   *                       requires the client to announce
   */
  public record OpcUaSecurity(SecurityPolicy policy, MessageSecurityMode mode, KeyPair keyPair,
                              X509Certificate[] certificateChain, String applicationUri,
                              X509Certificate trustedServerCertificate) {
    @Override
    public String toString() {
      return "OpcUaSecurity[policy=" + policy + ", mode=" + mode + ", certificate="
          + certificateChain[0].getSubjectX500Principal() + ", trusted=" + trustedServerCertificate.getSubjectX500Principal()
          + "]";
    }
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
        config.integer("ingest.http.threads", 1, 1024).orElse(HttpIngestConfig.DEFAULT_THREADS),
        config.duration("ingest.http.idempotency.ttl").orElse(HttpIngestConfig.DEFAULT_IDEMPOTENCY_TTL),
        config.integer("ingest.http.idempotency.max-keys", 0, Integer.MAX_VALUE)
            .orElse(HttpIngestConfig.DEFAULT_IDEMPOTENCY_KEYS),
        config.integer("ingest.http.idempotency.max-records", 0, Integer.MAX_VALUE)
            .orElse(HttpIngestConfig.DEFAULT_IDEMPOTENCY_RECORDS));
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
    return new OpcUaConfig(endpoint.get().toString(), List.copyOf(nodes), samplingInterval, opcUaUser(config, problems),
        opcUaSecurity(config, problems));
  }

  /** The security policies a gateway may ask for, by their OPC UA names. */
  private enum Policy {
    NONE(SecurityPolicy.None), BASIC256SHA256(SecurityPolicy.Basic256Sha256),
    AES128_SHA256_RSAOAEP(SecurityPolicy.Aes128_Sha256_RsaOaep), AES256_SHA256_RSAPSS(SecurityPolicy.Aes256_Sha256_RsaPss);

    final SecurityPolicy policy;

    Policy(SecurityPolicy policy) {
      this.policy = policy;
    }
  }

  /** The security mode of a signed channel. */
  private enum Mode { SIGN, SIGN_AND_ENCRYPT }

  /**
   * {@code ingest.opcua.security-policy} (None, Basic256Sha256, Aes128_Sha256_RsaOaep,
   * Aes256_Sha256_RsaPss), {@code ingest.opcua.security-mode} (SignAndEncrypt, Sign),
   * {@code ingest.opcua.keystore} (PKCS12: the gateway's certificate and key) with its password by
   * reference, and {@code ingest.opcua.server-certificate} (PEM or DER) to trust.
   */
  private static OpcUaSecurity opcUaSecurity(ServiceConfig config, List<ConfigProblem> problems) {
    String policyName = config.string("ingest.opcua.security-policy").orElse("None");
    Policy policy = java.util.Arrays.stream(Policy.values())
        .filter(p -> p.policy.name().equalsIgnoreCase(policyName)).findFirst().orElse(null);
    if (policy == null) {
      problems.add(problem("ingest.opcua.security-policy", policyName,
          "None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss"));
      return null;
    }
    if (policy == Policy.NONE) {
      return null;
    }
    String modeName = config.string("ingest.opcua.security-mode").orElse("SignAndEncrypt");
    Mode mode = modeName.equalsIgnoreCase("SignAndEncrypt") ? Mode.SIGN_AND_ENCRYPT
        : modeName.equalsIgnoreCase("Sign") ? Mode.SIGN : null;
    if (mode == null) {
      problems.add(problem("ingest.opcua.security-mode", modeName, "SignAndEncrypt or Sign"));
    }
    Path keystore = config.path("ingest.opcua.keystore").orElse(null);
    String password = secret(config, "ingest.opcua.keystore.password", problems);
    Path serverCertificate = config.path("ingest.opcua.server-certificate").orElse(null);
    KeyPair keyPair = null;
    X509Certificate[] chain = null;
    String applicationUri = null;
    if (keystore == null) {
      problems.add(problem("ingest.opcua.keystore", null, "a PKCS12 keystore with the gateway's certificate and key"));
    } else {
      try (var in = java.nio.file.Files.newInputStream(keystore)) {
        KeyStore store = KeyStore.getInstance("PKCS12");
        char[] chars = password == null ? new char[0] : password.toCharArray();
        store.load(in, chars);
        String alias = java.util.Collections.list(store.aliases()).stream().filter(a -> {
          try {
            return store.isKeyEntry(a);
          } catch (KeyStoreException e) {
            return false;
          }
        }).findFirst().orElseThrow(() -> new IllegalArgumentException("no key entry"));
        chain = java.util.Arrays.stream(store.getCertificateChain(alias)).map(c -> (X509Certificate) c)
            .toArray(X509Certificate[]::new);
        keyPair = new KeyPair(chain[0].getPublicKey(), (PrivateKey) store.getKey(alias, chars));
        applicationUri = CertificateUtil.getSanUri(chain[0]).orElse(null);
        if (applicationUri == null) {
          problems.add(problem("ingest.opcua.keystore", keystore.toString(),
              "a certificate with the gateway's application URI as subject alternative name (OPC UA requires it)"));
        }
      } catch (Exception e) {
        problems.add(problem("ingest.opcua.keystore", keystore.toString(),
            "a readable PKCS12 keystore with one key entry, opened by ingest.opcua.keystore.password"));
      }
    }
    X509Certificate trusted = null;
    if (serverCertificate == null) {
      problems.add(problem("ingest.opcua.server-certificate", null, "the server's certificate (PEM or DER) to trust"));
    } else {
      try (var in = java.nio.file.Files.newInputStream(serverCertificate)) {
        trusted = CertificateUtil.decodeCertificate(in);
      } catch (Exception e) {
        problems.add(problem("ingest.opcua.server-certificate", serverCertificate.toString(), "a PEM or DER certificate"));
      }
    }
    if (mode == null || keyPair == null || applicationUri == null || trusted == null) {
      return null;
    }
    return new OpcUaSecurity(policy.policy, mode == Mode.SIGN ? MessageSecurityMode.Sign
        : MessageSecurityMode.SignAndEncrypt, keyPair, chain, applicationUri, trusted);
  }

  /**
   * A secret by reference: the setting itself, meant for the environment ({@code STROOMLIJN_...}, masked
   * when printed), or a file named by {@code <key>-file} (a mounted secret; surrounding white space and
   * the final newline are not part of it). Null when neither is given.
   */
  private static String secret(ServiceConfig config, String key, List<ConfigProblem> problems) {
    String value = config.string(key).orElse(null);
    Path file = config.path(key + "-file").orElse(null);
    if (file == null) {
      return value;
    }
    if (value != null) {
      problems.add(problem(key + "-file", file.toString(), "either a file or " + env(key) + ", not both"));
    }
    try {
      return java.nio.file.Files.readString(file).strip();
    } catch (java.io.IOException | RuntimeException e) {
      problems.add(problem(key + "-file", file.toString(), "a readable file holding the secret"));
      return null;
    }
  }

  /**
   * The OPC UA user: {@code ingest.opcua.username} with the password by reference, from the environment
   * ({@code STROOMLIJN_INGEST_OPCUA_PASSWORD}) or a file ({@code ingest.opcua.password-file}, e.g. a
   * mounted secret; surrounding white space and the final newline are not part of it).
   */
  private static OpcUaUser opcUaUser(ServiceConfig config, List<ConfigProblem> problems) {
    String username = config.string("ingest.opcua.username").orElse(null);
    String password = secret(config, "ingest.opcua.password", problems);
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
    return new ConfigProblem(key, env(key), given == null ? null : '"' + given + '"', "the file or environment", expected);
  }

  private static String env(String key) {
    return "STROOMLIJN_" + key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
  }
}
