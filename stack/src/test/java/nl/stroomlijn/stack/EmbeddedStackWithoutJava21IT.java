package nl.stroomlijn.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import nl.stroomlijn.stack.EmbeddedStack.WithoutRegistryJava;
import nl.stroomlijn.stack.JavaRuntimes.InstallFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A machine with only Java 17: the stack either says what it searched or runs on the mock registry. */
class EmbeddedStackWithoutJava21IT {

  @TempDir
  Path noJdks;

  @Test
  void failsNamingWhereItSearched() {
    assertThatThrownBy(() -> EmbeddedStack.start(WithoutRegistryJava.FAIL, onlyJava17()))
        .hasMessageContaining("Java 21+")
        .hasMessageContaining(noJdks.toString())
        .hasMessageContaining(JavaRuntimes.HOME_ENV);
  }

  @Test
  void fallsBackToTheMockRegistryWhenAsked() {
    try (EmbeddedStack stack = EmbeddedStack.start(WithoutRegistryJava.USE_MOCK_REGISTRY, onlyJava17())) {
      assertThat(stack.schemaRegistryUrl()).isEqualTo(EmbeddedStack.MOCK_REGISTRY_URL);
      assertThat(stack.registry()).isEmpty();
      assertThat(stack.description()).contains("mock registry", "Java 21+", stack.bootstrapServers());
    }
  }

  private JavaRuntimes onlyJava17() {
    return new JavaRuntimes(Optional.empty(), noJdks.resolve("current"), Runtime.Version.parse("17.0.12"),
        List.of(new InstallFolder(noJdks, "")));
  }
}
