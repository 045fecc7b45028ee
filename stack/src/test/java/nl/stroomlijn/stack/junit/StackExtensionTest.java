package nl.stroomlijn.stack.junit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import nl.stroomlijn.stack.ContainerStack;
import nl.stroomlijn.stack.StackMode;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class StackExtensionTest {

  @Test
  void abortsContainerTestsWithoutDockerSayingHowToRunThemEmbedded() {
    assumeFalse(ContainerStack.dockerAvailable(), "a Docker engine is available here");

    assertThatThrownBy(() -> StackExtension.pinnedTo(StackMode.CONTAINERS).resolveParameter(null, null))
        .isInstanceOf(TestAbortedException.class)
        .hasMessageContaining("no Docker engine: set STROOMLIJN_STACK=embedded (the default) to run these tests"
            + " on the embedded stack");
  }
}
