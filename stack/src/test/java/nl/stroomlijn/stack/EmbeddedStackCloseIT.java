package nl.stroomlijn.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Closing the embedded stack leaves nothing behind: no registry process, no bound port, no data. */
class EmbeddedStackCloseIT {

  @Test
  void closeStopsTheRegistryProcessAndFreesThePorts() {
    long started = System.nanoTime();
    EmbeddedStack stack = EmbeddedStack.start();
    System.out.printf("embedded stack started in %d ms: %s%n", (System.nanoTime() - started) / 1_000_000,
        stack.description());
    ApicurioRegistry registry = stack.registry().orElseThrow();
    long pid = registry.pid();
    int brokerPort = stack.kafka().port();
    int registryPort = registry.port();
    Path dataDir = stack.kafka().dataDir();
    assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive, "registry alive while running");
    assertThat(FreePorts.isFree(brokerPort)).as("broker port bound while running").isFalse();

    stack.close();

    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("registry process " + pid).isEmpty();
    assertThat(FreePorts.isFree(brokerPort)).as("broker port " + brokerPort + " free").isTrue();
    assertThat(FreePorts.isFree(registryPort)).as("registry port " + registryPort + " free").isTrue();
    assertThat(Files.exists(dataDir)).as("Kafka data folder " + dataDir + " deleted").isFalse();
  }
}
