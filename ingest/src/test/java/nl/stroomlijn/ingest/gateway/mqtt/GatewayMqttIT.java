package nl.stroomlijn.ingest.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.gateway.GatewayFixture;
import nl.stroomlijn.ingest.gateway.TopicTail;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.Test;

/** The MQTT path end to end: a real broker started by the test, the real Kafka and registry. */
@WithStack
class GatewayMqttIT {

  @Test
  void messagesBecomeReadingsAndTheGatewayReconnectsAndResubscribes(Stack stack) throws Exception {
    EmbeddedMqttBroker broker = new EmbeddedMqttBroker();
    int port = broker.port();
    try (GatewayFixture gateway = new GatewayFixture(stack, Map.of(
        "STROOMLIJN_INGEST_HTTP_ENABLED", "false",
        "STROOMLIJN_INGEST_MQTT_URL", broker.url(),
        "STROOMLIJN_INGEST_MQTT_TOPICS", "factory/{site}/{line}/{machine}/{meter}"))) {
      TopicTail<SensorReading> readings = gateway.tail(Topics.READINGS);
      TopicTail<DeadLetter> deadLetters = gateway.tail(Topics.DEAD_LETTERS);
      String topic = "factory/" + gateway.assets.counter;
      awaitTrue(() -> gateway.metrics().contains("stroomlijn_gateway_connected{path=\"mqtt\"} 1.0"));

      long now = System.currentTimeMillis();
      publish(port, topic, "{\"timestamp\":" + now + ",\"value\":2500,\"unit\":\"Wh\"}");
      String bad = "{\"timestamp\":" + now + ",\"value\":\"lots\"}";
      publish(port, topic, bad);
      List<SensorReading> received = new ArrayList<>();
      awaitTrue(() -> reread(received, readings));
      assertThat(received).singleElement().satisfies(r -> {
        assertThat(r.getSensorId()).isEqualTo(gateway.assets.counter);
        assertThat(r.getValue()).isEqualTo(2.5);
        assertThat(r.getSource()).isEqualTo("mqtt");
      });
      List<DeadLetter> letters = new ArrayList<>();
      awaitTrue(() -> reread(letters, deadLetters));
      assertThat(letters).singleElement().satisfies(l -> {
        assertThat(l.getReasonCode()).isEqualTo("WRONG_TYPE");
        assertThat(l.getSource()).isEqualTo("mqtt");
        assertThat(StandardCharsets.UTF_8.decode(l.getOriginalValue()).toString()).isEqualTo(bad);
      });

      // The broker goes away and comes back empty: the gateway reconnects and subscribes again.
      broker.close();
      awaitTrue(() -> gateway.metrics().contains("stroomlijn_gateway_connected{path=\"mqtt\"} 0.0"));
      broker = new EmbeddedMqttBroker(port);
      awaitTrue(() -> gateway.metrics().contains("stroomlijn_gateway_connected{path=\"mqtt\"} 1.0"));
      publish(port, topic, "{\"timestamp\":" + (now + 1) + ",\"value\":3000,\"unit\":\"Wh\"}");
      awaitTrue(() -> reread(received, readings) && received.size() == 2);
      assertThat(received).extracting(SensorReading::getValue).containsExactly(2.5, 3.0);
    } finally {
      broker.close();
    }
  }

  @Test
  void machineStatesAndProductionEventsHaveTopicsOfTheirOwn(Stack stack) throws Exception {
    try (EmbeddedMqttBroker broker = new EmbeddedMqttBroker();
         GatewayFixture gateway = new GatewayFixture(stack, Map.of(
             "STROOMLIJN_INGEST_HTTP_ENABLED", "false",
             "STROOMLIJN_INGEST_MQTT_URL", broker.url(),
             "STROOMLIJN_INGEST_MQTT_CLIENT_ID", "gateway-events",
             "STROOMLIJN_INGEST_MQTT_TOPICS", "readings/{site}/{line}/{machine}/{meter}",
             "STROOMLIJN_INGEST_MQTT_MACHINE_STATE_TOPICS", "states/{site}/{line}/{machine}",
             "STROOMLIJN_INGEST_MQTT_PRODUCTION_TOPICS", "production/{machineId}"))) {
      TopicTail<MachineState> states = gateway.tail(Topics.MACHINE_STATES);
      TopicTail<ProductionEvent> production = gateway.tail(Topics.PRODUCTION);
      TopicTail<DeadLetter> deadLetters = gateway.tail(Topics.DEAD_LETTERS);
      awaitTrue(() -> gateway.metrics().contains("stroomlijn_gateway_connected{path=\"mqtt\"} 1.0"));
      String machine = gateway.assets.machine;
      long now = System.currentTimeMillis();

      publish(broker.port(), "states/" + machine, "[{\"timestamp\":" + now + ",\"state\":\"RUNNING\"},"
          + "{\"timestamp\":" + (now + 1) + ",\"state\":\"DOWN\",\"reason\":\"jam\"}]");
      publish(broker.port(), "production/press", "{}");
      // A machine id with '/' cannot be one topic level: the payload names it.
      publish(broker.port(), "production/press", "{\"machineId\":\"" + machine + "\",\"timestamp\":" + now
          + ",\"type\":\"UNITS_PRODUCED\",\"orderId\":\"o-1\",\"productId\":\"" + gateway.assets.product
          + "\",\"goodUnits\":7,\"scrapUnits\":1}");
      String unknownState = "{\"timestamp\":" + now + ",\"state\":\"NAPPING\"}";
      publish(broker.port(), "states/" + machine, unknownState);

      List<MachineState> receivedStates = new ArrayList<>();
      awaitTrue(() -> reread(receivedStates, states) && receivedStates.size() == 2);
      assertThat(receivedStates).extracting(MachineState::getMachineId, MachineState::getState, MachineState::getSource)
          .containsExactly(tuple(machine, OperatingState.RUNNING, "mqtt"), tuple(machine, OperatingState.DOWN, "mqtt"));
      List<ProductionEvent> events = new ArrayList<>();
      awaitTrue(() -> reread(events, production));
      assertThat(events).singleElement().satisfies(e -> {
        assertThat(e.getMachineId()).isEqualTo(machine);
        assertThat(e.getGoodUnits()).isEqualTo(7L);
        assertThat(e.getScrapUnits()).isEqualTo(1L);
      });
      List<DeadLetter> letters = new ArrayList<>();
      awaitTrue(() -> reread(letters, deadLetters) && letters.size() == 2);
      assertThat(letters).extracting(DeadLetter::getReasonCode).containsExactlyInAnyOrder("MISSING_FIELD", "BAD_VALUE");
      assertThat(letters).filteredOn(l -> l.getReasonCode().equals("BAD_VALUE")).singleElement()
          .satisfies(l -> assertThat(StandardCharsets.UTF_8.decode(l.getOriginalValue()).toString()).isEqualTo(unknownState));
    }
  }

  private static <V> boolean reread(List<V> into, TopicTail<? extends V> tail) {
    into.clear();
    into.addAll(tail.read());
    return !into.isEmpty();
  }

  private static void publish(int port, String topic, String payload) {
    Mqtt3BlockingClient publisher = MqttClient.builder().useMqttVersion3().identifier("test-publisher").serverHost("127.0.0.1").serverPort(port)
        .buildBlocking();
    publisher.connect();
    publisher.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
        .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
    publisher.disconnect();
  }

  private interface Condition {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Condition condition) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!condition.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within 30 s");
      }
      Thread.sleep(200);
    }
  }
}
