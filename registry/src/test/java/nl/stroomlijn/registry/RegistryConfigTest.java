package nl.stroomlijn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

  @Test
  void readsConfluentClientProperties() {
    RegistryConfig config = RegistryConfig.fromProperties(Map.of(
        "schema.registry.url", "https://a:8081, https://b:8081",
        "basic.auth.user.info", "svc:s3cret",
        "schema.registry.ssl.truststore.location", "/etc/tls/trust.p12",
        "schema.registry.request.timeout.ms", "2500"));

    assertThat(config.urls()).containsExactly("https://a:8081", "https://b:8081");
    assertThat(config.basicAuthUserInfo()).isEqualTo("svc:s3cret");
    assertThat(config.tls().trustStoreLocation()).isEqualTo("/etc/tls/trust.p12");
    assertThat(config.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
    assertThat(config.toString()).doesNotContain("s3cret");
  }

  @Test
  void mockScopes() {
    RegistryConfig config = RegistryConfig.of("mock://unit");
    assertThat(config.isMock()).isTrue();
    assertThat(config.mockScope()).isEqualTo("unit");
  }

  @Test
  void saysWhatIsWrong() {
    assertThatThrownBy(() -> RegistryConfig.fromProperties(Map.of()))
        .hasMessageContaining("schema.registry.url is required");
    assertThatThrownBy(() -> RegistryConfig.of("localhost:8081"))
        .hasMessageContaining("must be http://, https:// or mock://");
    assertThatThrownBy(() -> RegistryConfig.fromProperties(Map.of("schema.registry.url", "http://x", "basic.auth.user.info", "nocolon")))
        .hasMessageContaining("user:password");
  }
}
