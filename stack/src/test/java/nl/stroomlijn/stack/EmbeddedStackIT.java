package nl.stroomlijn.stack;

import static org.assertj.core.api.Assertions.assertThat;

import nl.stroomlijn.stack.junit.StackExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract on the embedded stack: runs on any machine with a JDK 21+ somewhere. */
class EmbeddedStackIT extends StackContract {

  @RegisterExtension
  static final StackExtension STACK = StackExtension.pinnedTo(StackMode.EMBEDDED);

  @Test
  void usesTheRealRegistryOnLoopback(Stack stack) {
    assertThat(stack.bootstrapServers()).startsWith("127.0.0.1:");
    assertThat(stack.schemaRegistryUrl()).matches("http://127\\.0\\.0\\.1:\\d+/apis/ccompat/v7");
    assertThat(stack.description()).contains("Apicurio Registry", stack.schemaRegistryUrl(), stack.bootstrapServers());
  }
}
