package nl.stroomlijn.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A registry whose owner is killed with SIGKILL (no shutdown hooks run) does not outlive it. */
class OrphanRegistryIT {

  @Test
  void theRegistryEndsWhenItsOwnerIsKilled() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process owner = new ProcessBuilder(List.of(java.toString(), "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), RegistryOwner.class.getName()))
        .redirectErrorStream(true).start();
    long registryPid = -1;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8))) {
      StringBuilder seen = new StringBuilder();
      for (String line; (line = out.readLine()) != null; ) {
        seen.append(line).append('\n');
        if (line.startsWith("registry-pid=")) {
          registryPid = Long.parseLong(line.substring("registry-pid=".length()));
          break;
        }
      }
      assertThat(registryPid).as("the owner's output:%n%s", seen).isPositive();
      Optional<ProcessHandle> registry = ProcessHandle.of(registryPid);
      assertThat(registry).as("registry running").isPresent();

      owner.destroyForcibly().waitFor(30, TimeUnit.SECONDS);

      assertThat(registry.get().onExit().get(60, TimeUnit.SECONDS).isAlive()).as("registry after its owner died").isFalse();
    } finally {
      owner.destroyForcibly();
      if (registryPid > 0) {
        ProcessHandle.of(registryPid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }
}
