package nl.stroomlijn.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StackModeTest {

  @Test
  void embeddedUnlessSetOtherwise() {
    assertThat(StackMode.fromSettings(null, null)).isEqualTo(StackMode.EMBEDDED);
    assertThat(StackMode.fromSettings(" ", "")).isEqualTo(StackMode.EMBEDDED);
  }

  @Test
  void thePropertyWinsOverTheEnvironment() {
    assertThat(StackMode.fromSettings("embedded", "containers")).isEqualTo(StackMode.EMBEDDED);
    assertThat(StackMode.fromSettings(null, "Containers")).isEqualTo(StackMode.CONTAINERS);
  }

  @Test
  void rejectsUnknownModesNamingTheSettingAndTheChoices() {
    assertThatThrownBy(() -> StackMode.fromSettings("docker", null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("stroomlijn.stack").hasMessageContaining("'docker'")
        .hasMessageContaining("embedded, containers");
    assertThatThrownBy(() -> StackMode.fromSettings(null, "kubernetes"))
        .hasMessageContaining("STROOMLIJN_STACK");
  }
}
