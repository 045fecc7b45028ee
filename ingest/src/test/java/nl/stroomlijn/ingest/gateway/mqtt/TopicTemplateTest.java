package nl.stroomlijn.ingest.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicTemplateTest {

  @Test
  void placeholdersSubscribeAsWildcardsAndNameTheSensor() {
    TopicTemplate template = new TopicTemplate("factory/{site}/{line}/{machine}/{meter}");
    assertThat(template.filter()).isEqualTo("factory/+/+/+/+");
    assertThat(template.sensorId("factory/site-ede/press-line/press-2/em")).contains("site-ede/press-line/press-2/em");
    assertThat(template.sensorId("factory/site-ede/press-line/press-2")).isEmpty();
    assertThat(template.sensorId("other/site-ede/press-line/press-2/em")).isEmpty();
    assertThat(new TopicTemplate("plant/{sensorId}/value").sensorId("plant/m-7/value")).contains("m-7");
    assertThat(new TopicTemplate("plant/#").sensorId("plant/a/b")).isEmpty();
    assertThatThrownBy(() -> new TopicTemplate("factory/site-{site}")).isInstanceOf(IllegalArgumentException.class);
  }
}
