package nl.stroomlijn.stack;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft broker and controller in one) running in this JVM, on
 * 127.0.0.1 ports chosen at start, with its data in a temporary folder removed on close.
 * Configured for one node: replication factor 1 for the internal topics, so that consumer
 * groups and transactions (exactly-once) work.
 */
public final class EmbeddedKafka implements AutoCloseable {

  private static final int NODE_ID = 1;
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final int brokerPort;
  private final KafkaRaftServer server;

  private EmbeddedKafka(Path dataDir, int brokerPort, KafkaRaftServer server) {
    this.dataDir = dataDir;
    this.brokerPort = brokerPort;
    this.server = server;
  }

  /** Formats a fresh data folder, starts the broker and waits until it serves requests. */
  public static EmbeddedKafka start() {
    Path dataDir = Folders.createTemp("stroomlijn-kafka-");
    int brokerPort = FreePorts.pick();
    int controllerPort = FreePorts.pick();
    KafkaRaftServer server = null;
    try {
      KafkaConfig config = KafkaConfig.fromProps(properties(dataDir, brokerPort, controllerPort), false);
      format(config, dataDir);
      server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      EmbeddedKafka kafka = new EmbeddedKafka(dataDir, brokerPort, server);
      kafka.awaitReady();
      return kafka;
    } catch (RuntimeException e) {
      if (server != null) {
        server.shutdown();
        server.awaitShutdown();
      }
      Folders.deleteRecursively(dataDir);
      throw new IllegalStateException("embedded Kafka did not start on 127.0.0.1:" + brokerPort
          + " (controller port " + controllerPort + ", data in " + dataDir + ")", e);
    }
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  public int port() {
    return brokerPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Stops the broker and controller, waits until they are down and deletes the data folder. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    Folders.deleteRecursively(dataDir);
  }

  private static Properties properties(Path dataDir, int brokerPort, int controllerPort) {
    Properties props = new Properties();
    props.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", String.valueOf(NODE_ID)),
        Map.entry("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort),
        Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("log.dirs", dataDir.toString()),
        // One node: internal topics cannot have more replicas than brokers.
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "3"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "3"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        // Tests and the demo should not wait 3 s for the first consumer group to form.
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        // The 128 MiB default is allocated at start; compacted test topics are tiny.
        Map.entry("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024))));
    return props;
  }

  private static void format(KafkaConfig config, Path dataDir) {
    try {
      new Formatter()
          .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
          .setNodeId(NODE_ID)
          .setClusterId(Uuid.randomUuid().toString())
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(config.metadataLogDir())
          .addDirectory(dataDir.toString())
          .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
          .run();
    } catch (Exception e) {
      throw new IllegalStateException("cannot format Kafka storage in " + dataDir, e);
    }
  }

  /** startup() returns before the broker is unfenced; a describeCluster that lists it proves it serves. */
  private void awaitReady() {
    Properties adminProps = new Properties();
    adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (Admin admin = Admin.create(adminProps)) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Kafka on " + bootstrapServers(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("Kafka on " + bootstrapServers() + " not ready after " + READY_TIMEOUT, e);
    }
  }
}
