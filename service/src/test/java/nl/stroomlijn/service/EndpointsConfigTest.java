package nl.stroomlijn.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EndpointsConfigTest {

  @Test
  void hostAndPortComeFromTheConfiguration() {
    ServiceConfig config = ServiceConfig.load(null, Map.of("STROOMLIJN_HTTP_HOST", "0.0.0.0", "STROOMLIJN_HTTP_PORT", "9400"));

    EndpointsConfig endpoints = EndpointsConfig.from(config);

    assertThat(endpoints.host()).isEqualTo("0.0.0.0");
    assertThat(endpoints.port()).isEqualTo(9400);
    config.requireValid();
  }

  @Test
  void defaultsBindLoopback() {
    EndpointsConfig endpoints = EndpointsConfig.from(ServiceConfig.load(null, Map.of()));

    assertThat(endpoints.host()).isEqualTo("127.0.0.1");
    assertThat(endpoints.port()).isEqualTo(EndpointsConfig.DEFAULT_PORT);
  }

  @Test
  void aWrongPortIsAConfigurationProblem() {
    ServiceConfig config = ServiceConfig.load(null, Map.of("STROOMLIJN_HTTP_PORT", "http"));

    EndpointsConfig.from(config);

    assertThatThrownBy(config::requireValid).hasMessageContaining("http.port / STROOMLIJN_HTTP_PORT");
  }
}
