package nl.stroomlijn.ingest.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.gateway.GatewayFixture;
import nl.stroomlijn.ingest.gateway.GatewayTopics;
import nl.stroomlijn.ingest.gateway.TopicTail;
import nl.stroomlijn.ingest.sink.KafkaSink;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.TopicProvisioner;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP path end to end, on a real broker and registry. */
@WithStack
class GatewayHttpIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static GatewayFixture gateway;

  @BeforeAll
  static void start(Stack stack) {
    gateway = new GatewayFixture(stack, Map.of("STROOMLIJN_INGEST_HTTP_MAX_REQUEST_BYTES", "65536"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void validReadingsReachTheRawTopicAndInvalidOnesTheDlqWithTheirBytes() throws Exception {
    TopicTail<SensorReading> readings = gateway.tail(Topics.READINGS);
    TopicTail<DeadLetter> deadLetters = gateway.tail(Topics.DEAD_LETTERS);
    long now = System.currentTimeMillis();
    String counter = gateway.assets.counter;
    String badLine = "{\"sensorId\":\"" + counter + "\",\"timestamp\":" + now + ",\"value\":5,\"unit\":\"furlong\"}";
    String body = "{\"sensorId\":\"" + counter + "\",\"timestamp\":" + now + ",\"value\":1500,\"unit\":\"Wh\"}\n"
        + badLine + "\n"
        + "{not json\n";

    var response = gateway.post("/v1/readings", "application/x-ndjson", utf8(body));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("accepted").asInt()).isEqualTo(1);
    assertThat(answer.get("rejected").asInt()).isEqualTo(2);
    JsonNode unknownUnit = answer.get("results").get(1);
    assertThat(unknownUnit.get("status").asText()).isEqualTo("rejected");
    assertThat(unknownUnit.get("reasonCode").asText()).isEqualTo("UNKNOWN_UNIT");
    assertThat(unknownUnit.get("field").asText()).isEqualTo("unit");
    assertThat(unknownUnit.get("value").asText()).isEqualTo("furlong");
    assertThat(unknownUnit.get("line").asInt()).isEqualTo(2);

    List<SensorReading> onTopic = readings.read();
    assertThat(onTopic).singleElement().satisfies(r -> {
      assertThat(r.getSensorId()).isEqualTo(counter);
      assertThat(r.getValue()).isEqualTo(1.5);
      assertThat(r.getUnit()).isEqualTo("kWh");
      assertThat(r.getSource()).isEqualTo("http");
    });
    List<DeadLetter> letters = deadLetters.read();
    assertThat(letters).extracting(DeadLetter::getReasonCode).containsExactlyInAnyOrder("UNKNOWN_UNIT", "MALFORMED_JSON");
    DeadLetter unit = letters.stream().filter(l -> l.getReasonCode().equals("UNKNOWN_UNIT")).findFirst().orElseThrow();
    assertThat(StandardCharsets.UTF_8.decode(unit.getOriginalValue()).toString()).isEqualTo(badLine);
    assertThat(unit.getSource()).isEqualTo("http");
    assertThat(unit.getSourceLine()).isEqualTo(2L);
    assertThat(unit.getField()).isEqualTo("unit");
    assertThat(unit.getReason()).contains("furlong");
  }

  @Test
  void machineStatesAndProductionEventsAsJsonAndCsv() throws Exception {
    TopicTail<MachineState> states = gateway.tail(Topics.MACHINE_STATES);
    TopicTail<ProductionEvent> production = gateway.tail(Topics.PRODUCTION);
    long now = System.currentTimeMillis();
    String machine = gateway.assets.machine;
    var stateResponse = gateway.post("/v1/machine-states", "application/json", utf8("[{\"machineId\":\"" + machine
        + "\",\"timestamp\":" + now + ",\"state\":\"RUNNING\"},{\"machineId\":\"" + machine + "\",\"timestamp\":"
        + (now + 1) + ",\"state\":\"IDLE\",\"reason\":\"break\"}]"));
    assertThat(JSON.readTree(stateResponse.body()).get("accepted").asInt()).isEqualTo(2);
    String csv = "machineId,timestamp,type,orderId,productId,goodUnits,scrapUnits\n"
        + machine + "," + now + ",ORDER_STARTED,o-1," + gateway.assets.product + ",,\n"
        + machine + "," + (now + 1) + ",UNITS_PRODUCED,o-1," + gateway.assets.product + ",12,1\n";
    var productionResponse = gateway.post("/v1/production-events", "text/csv", utf8(csv));
    assertThat(JSON.readTree(productionResponse.body()).get("accepted").asInt()).isEqualTo(2);

    assertThat(states.read()).extracting(s -> s.getState().name()).containsExactly("RUNNING", "IDLE");
    assertThat(production.read()).extracting(ProductionEvent::getGoodUnits).containsExactly(0L, 12L);
  }

  @Test
  void aDeploymentNamesTheTopicsItsOwnWay(Stack stack) throws Exception {
    GatewayTopics topics = new GatewayTopics(Topics.READINGS.withName("plant-a.readings"),
        Topics.MACHINE_STATES.withName("plant-a.states"), Topics.PRODUCTION.withName("plant-a.production"),
        Topics.DEAD_LETTERS.withName("plant-a.dlq"), Topics.ASSETS.withName("plant-a.assets"));
    TopicProvisioner.create(stack.bootstrapServers(), topics.all());
    try (GatewayFixture own = new GatewayFixture(stack, assets -> {
      try (KafkaSink kafka = new KafkaSink(stack.bootstrapServers(), gateway.registry, Map.of())) {
        assets.all.forEach(asset -> kafka.send(topics.assets(), asset.getAssetId(), asset, 0));
      }
      return Map.of("STROOMLIJN_INGEST_TOPIC_READINGS", "plant-a.readings",
          "STROOMLIJN_INGEST_TOPIC_MACHINE_STATES", "plant-a.states",
          "STROOMLIJN_INGEST_TOPIC_PRODUCTION", "plant-a.production",
          "STROOMLIJN_INGEST_TOPIC_DEAD_LETTERS", "plant-a.dlq",
          "STROOMLIJN_INGEST_TOPIC_ASSETS", "plant-a.assets");
    })) {
      TopicTail<SensorReading> readings = own.tail(topics.readings());
      TopicTail<MachineState> states = own.tail(topics.machineStates());
      TopicTail<DeadLetter> deadLetters = own.tail(topics.deadLetters());
      TopicTail<SensorReading> defaultReadings = own.tail(Topics.READINGS);
      long now = System.currentTimeMillis();
      String body = "{\"sensorId\":\"" + own.assets.counter + "\",\"timestamp\":" + now + ",\"value\":2000}\n"
          + "{\"sensorId\":\"" + own.assets.counter + "\",\"timestamp\":" + now + ",\"value\":\"x\"}\n";

      assertThat(JSON.readTree(own.post("/v1/readings", "application/x-ndjson", utf8(body)).body())
          .get("accepted").asInt()).isEqualTo(1);
      assertThat(JSON.readTree(own.post("/v1/machine-states", "application/json", utf8("{\"machineId\":\""
          + own.assets.machine + "\",\"timestamp\":" + now + ",\"state\":\"RUNNING\"}")).body())
          .get("accepted").asInt()).isEqualTo(1);

      assertThat(readings.read()).extracting(SensorReading::getValue).containsExactly(2.0);
      assertThat(states.read()).hasSize(1);
      assertThat(deadLetters.read()).extracting(DeadLetter::getReasonCode).containsExactly("WRONG_TYPE");
      assertThat(defaultReadings.read()).isEmpty();
    }
  }

  @Test
  void aResendUnderItsIdempotencyKeyAfterA503StoresNothingTwice(Stack stack) throws Exception {
    // Kafka cannot acknowledge within 1 ms (the producer lingers 20 ms): every first answer is a 503.
    try (GatewayFixture hurried = new GatewayFixture(stack, Map.of("STROOMLIJN_INGEST_HTTP_ACK_TIMEOUT", "1ms"))) {
      TopicTail<SensorReading> readings = hurried.tail(Topics.READINGS);
      long now = System.currentTimeMillis();
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < 50; i++) {
        body.append("{\"sensorId\":\"").append(hurried.assets.counter).append("\",\"timestamp\":").append(now + i)
            .append(",\"value\":").append(i).append("}\n");
      }
      byte[] batch = utf8(body.toString());
      Map<String, String> key = Map.of("Idempotency-Key", "batch-" + now);

      List<Integer> statuses = new java.util.ArrayList<>();
      HttpResponse<String> answer;
      do {
        answer = hurried.post("/v1/readings", "application/x-ndjson", batch, GatewayFixture.TOKEN, key);
        statuses.add(answer.statusCode());
        Thread.sleep(100);
      } while (answer.statusCode() == 503 && statuses.size() < 300);

      assertThat(statuses.get(0)).isEqualTo(503);
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(answer.body()).get("accepted").asInt()).isEqualTo(50);
      assertThat(readings.read()).extracting(r -> r.getTimestamp().toEpochMilli() - now)
          .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, 50).boxed().toList());
      assertThat(hurried.post("/v1/readings", "application/x-ndjson", utf8("{}"), GatewayFixture.TOKEN, key)
          .statusCode()).isEqualTo(422);
      assertThat(hurried.post("/v1/readings", "application/x-ndjson", batch, GatewayFixture.TOKEN,
          Map.of("Idempotency-Key", "no spaces")).statusCode()).isEqualTo(400);

      // Without a key the same resends store the batch again.
      TopicTail<SensorReading> again = hurried.tail(Topics.READINGS);
      assertThat(hurried.post("/v1/readings", "application/x-ndjson", batch).statusCode()).isEqualTo(503);
      hurried.post("/v1/readings", "application/x-ndjson", batch);
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
      while (again.read().size() < 100 && System.nanoTime() < deadline) {
        Thread.sleep(200);
      }
      assertThat(again.read()).hasSize(100);
    }
  }

  @Test
  void noTokenNoEntryAndLimitsAreAnsweredByStatus() throws Exception {
    byte[] one = utf8("{\"sensorId\":\"x\"}");
    assertThat(gateway.post("/v1/readings", "application/json", one, null).statusCode()).isEqualTo(401);
    assertThat(gateway.post("/v1/readings", "application/json", one, "wrong").statusCode()).isEqualTo(401);
    assertThat(gateway.post("/v1/readings", "application/xml", one).statusCode()).isEqualTo(415);
    assertThat(gateway.post("/v1/nothing", "application/json", one).statusCode()).isEqualTo(404);
    assertThat(gateway.post("/v1/readings", "application/json", new byte[70_000]).statusCode()).isEqualTo(413);
  }

  @Test
  void aLargeBodyRefusedUnreadIsAnsweredNotReset() throws Exception {
    // Bodies past what the server drains on its own: unread, they reset the connection under the answer.
    byte[] large = new byte[300_000];
    for (int i = 0; i < 10; i++) {
      assertThat(gateway.post("/v1/readings", "application/json", large).statusCode()).as("too large, post %d", i).isEqualTo(413);
      assertThat(gateway.post("/v1/readings", "application/json", large, null).statusCode()).as("no token, post %d", i).isEqualTo(401);
    }
  }

  @Test
  void metricsCountRecordsByPathOutcomeAndReason() throws Exception {
    gateway.post("/v1/readings", "application/json", utf8("[{\"sensorId\":\"nobody\",\"timestamp\":"
        + System.currentTimeMillis() + ",\"value\":1}]"));
    String metrics = gateway.metrics();
    assertThat(metrics).contains("stroomlijn_gateway_records_total{outcome=\"rejected\",path=\"http\",reason=\"UNKNOWN_METER\"}");
    assertThat(metrics).contains("stroomlijn_gateway_produce_latency_seconds_bucket");
    assertThat(metrics).contains("stroomlijn_gateway_inflight_bytes");
  }
}
