package nl.stroomlijn.ingest.gateway.mqtt;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Moquette in this JVM on 127.0.0.1, in memory: a real MQTT broker with nothing to install. */
final class EmbeddedMqttBroker implements AutoCloseable {

  private final int port;
  private final Path dataPath;
  private final Server server;

  /** A broker on a free port. */
  EmbeddedMqttBroker() {
    this(freePort());
  }

  /** A broker on a given port: for a restart where the clients expect it. */
  EmbeddedMqttBroker(int port) {
    this.port = port;
    Properties props = new Properties();
    props.setProperty("host", "127.0.0.1");
    props.setProperty("port", Integer.toString(port));
    props.setProperty("websocket_port", "disabled");
    props.setProperty("persistence_enabled", "false");
    props.setProperty("allow_anonymous", "true");
    try {
      dataPath = Files.createTempDirectory("stroomlijn-moquette");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // Moquette writes its instance id there even without persistence; keep it out of the working directory.
    props.setProperty("data_path", dataPath.toString());
    server = new Server();
    try {
      server.startServer(new MemoryConfig(props));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  String url() {
    return "tcp://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    server.stopServer();
    try (var files = Files.walk(dataPath)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
