package nl.stroomlijn.stack;

import nl.stroomlijn.stack.junit.StackExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The contract on the container stack: skipped where no Docker engine runs. */
@Testcontainers(disabledWithoutDocker = true)
class ContainerStackIT extends StackContract {

  @RegisterExtension
  static final StackExtension STACK = StackExtension.pinnedTo(StackMode.CONTAINERS);
}
