package nl.stroomlijn.ingest.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicTemplateTest {

  @Test
  void placeholdersSubscribeAsWildcardsAndNameTheSensor() {
    TopicTemplate template = new TopicTemplate("factory/{site}/{line}/{machine}/{meter}");
    assertThat(template.filter()).isEqualTo("factory/+/+/+/+");
    assertThat(template.assetId("factory/site-ede/press-line/press-2/em", "sensorId")).contains("site-ede/press-line/press-2/em");
    assertThat(template.assetId("factory/site-ede/press-line/press-2", "sensorId")).isEmpty();
    assertThat(template.assetId("other/site-ede/press-line/press-2/em", "sensorId")).isEmpty();
    assertThat(new TopicTemplate("plant/{sensorId}/value").assetId("plant/m-7/value", "sensorId")).contains("m-7");
    assertThat(new TopicTemplate("plant/#").assetId("plant/a/b", "sensorId")).isEmpty();
    assertThatThrownBy(() -> new TopicTemplate("factory/site-{site}")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aMachineTemplateNamesTheMachine() {
    assertThat(new TopicTemplate("plant/{machineId}/state").assetId("plant/press-2/state", "machineId"))
        .contains("press-2");
    assertThat(new TopicTemplate("states/{site}/{line}/{machine}").assetId("states/s/l/m", "machineId"))
        .contains("s/l/m");
  }

  @Test
  void templatesOverlapWhenOneTopicMatchesBoth() {
    TopicTemplate readings = new TopicTemplate("factory/{site}/{line}/{machine}/{meter}");
    assertThat(readings.overlaps(new TopicTemplate("factory/{site}/{line}/{machine}/state"))).isTrue();
    assertThat(readings.overlaps(new TopicTemplate("factory/#"))).isTrue();
    assertThat(readings.overlaps(new TopicTemplate("factory/{site}/{line}/{machine}"))).isFalse();
    assertThat(readings.overlaps(new TopicTemplate("states/{site}/{line}/{machine}/{x}"))).isFalse();
    assertThat(new TopicTemplate("a/b").overlaps(new TopicTemplate("a/b"))).isTrue();
  }
}
