package nl.stroomlijn.ingest.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.stroomlijn.ingest.gateway.GatewayFixture;
import nl.stroomlijn.ingest.gateway.TopicTail;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.Test;

/**
 * Thousands of valid and malformed readings, from a seeded generator, posted as NDJSON batches by
 * several clients at once: the gateway stays up, every invalid record is in the DLQ with its reason
 * and its bytes, every valid one is on the raw topic exactly once (compared by content).
 */
@WithStack
class GatewayHttpFuzzIT {

  private static final long SEED = Long.getLong("stroomlijn.fuzz.seed", 20260301L);
  private static final int RECORDS = 4000;

  /** One generated line and what must become of it: the reading it must give, or the reason code it must be rejected with. */
  private record Case(byte[] line, String sensorId, long timestamp, double value, String reason) {
  }

  @Test
  void everyRecordEndsUpExactlyWhereItBelongs(Stack stack) throws Exception {
    try (GatewayFixture gateway = new GatewayFixture(stack, Map.of())) {
      TopicTail<SensorReading> readings = gateway.tail(Topics.READINGS);
      TopicTail<DeadLetter> deadLetters = gateway.tail(Topics.DEAD_LETTERS);
      List<Case> cases = generate(new Random(SEED), gateway, System.currentTimeMillis());

      List<List<Case>> batches = batches(new Random(SEED + 1), cases);
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<?>> posted = new ArrayList<>();
      for (List<Case> batch : batches) {
        posted.add(clients.submit(() -> post(gateway, batch)));
      }
      for (Future<?> future : posted) {
        future.get();
      }
      clients.shutdown();

      Map<String, Long> expectedValid = cases.stream().filter(c -> c.reason() == null)
          .collect(Collectors.groupingBy(c -> c.sensorId() + "@" + c.timestamp() + "=" + c.value(), Collectors.counting()));
      Map<String, Long> onTopic = readings.read().stream().filter(r -> r.getSensorId().startsWith(gateway.assets.site))
          .collect(Collectors.groupingBy(r -> r.getSensorId() + "@" + r.getTimestamp().toEpochMilli() + "=" + r.getValue(),
              Collectors.counting()));
      assertThat(onTopic).isEqualTo(expectedValid);
      assertThat(onTopic.values()).allMatch(count -> count == 1);

      Map<String, Long> expectedInvalid = cases.stream().filter(c -> c.reason() != null)
          .collect(Collectors.groupingBy(c -> c.reason() + ":" + new String(c.line(), StandardCharsets.ISO_8859_1),
              Collectors.counting()));
      Map<String, Long> inDlq = deadLetters.read().stream().filter(l -> l.getSource().equals("http"))
          .collect(Collectors.groupingBy(l -> l.getReasonCode() + ":"
              + StandardCharsets.ISO_8859_1.decode(l.getOriginalValue()), Collectors.counting()));
      assertThat(inDlq).isEqualTo(expectedInvalid);

      // Still up, still accepting.
      assertThat(gateway.post("/v1/readings", "application/json", ("{\"sensorId\":\"" + gateway.assets.power
          + "\",\"timestamp\":" + System.currentTimeMillis() + ",\"value\":1}").getBytes(StandardCharsets.UTF_8))
          .body()).contains("\"accepted\":1");
    }
  }

  private static void post(GatewayFixture gateway, List<Case> batch) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Case c : batch) {
      body.writeBytes(c.line());
      body.write('\n');
    }
    try {
      HttpResponse<String> response;
      do {
        // 429: nothing of the batch was produced, so sending it again duplicates nothing.
        response = gateway.post("/v1/readings", "application/x-ndjson", body.toByteArray());
        if (response.statusCode() == 429) {
          Thread.sleep(50);
        }
      } while (response.statusCode() == 429);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<List<Case>> batches(Random random, List<Case> cases) {
    List<List<Case>> batches = new ArrayList<>();
    for (int i = 0; i < cases.size(); ) {
      int size = 1 + random.nextInt(250);
      batches.add(cases.subList(i, Math.min(cases.size(), i + size)));
      i += size;
    }
    return batches;
  }

  private static List<Case> generate(Random random, GatewayFixture gateway, long now) {
    String counter = gateway.assets.counter;
    String power = gateway.assets.power;
    List<Function<Long, Case>> kinds = new ArrayList<>();
    // Valid: a counter in Wh (converted to kWh) and a power meter in kW, W or MW.
    for (int weight = 0; weight < 6; weight++) {
      kinds.add(t -> {
        long wh = random.nextInt(1_000_000_000);
        return valid(json(counter, t, Long.toString(wh), "\"Wh\""), counter, t, new BigDecimal(wh).movePointLeft(3));
      });
      kinds.add(t -> {
        BigDecimal kw = BigDecimal.valueOf(random.nextInt(2_000_000), 3);
        return valid(json(power, t, kw.toPlainString(), "\"kW\""), power, t, kw);
      });
      kinds.add(t -> {
        BigDecimal watt = BigDecimal.valueOf(random.nextInt(2_000_000));
        return valid(json(power, t, watt.toPlainString(), "\"W\""), power, t, watt.movePointLeft(3));
      });
    }
    kinds.add(t -> invalid(json(power, t, "1", "\"kW\"").substring(0, 20 + random.nextInt(20)), "MALFORMED_JSON"));
    kinds.add(t -> invalid("{\"sensorId\":\"" + power + "\" \"timestamp\":" + t + "}", "MALFORMED_JSON"));
    kinds.add(t -> invalid(json(power, t, "\"" + random.nextInt(100) + "\"", "\"kW\""), "WRONG_TYPE"));
    kinds.add(t -> invalid(json(power, t, "true", "\"kW\""), "WRONG_TYPE"));
    kinds.add(t -> invalid(json(power, t, "{\"v\":1}", "\"kW\""), "WRONG_TYPE"));
    kinds.add(t -> invalid(json(power, t, "12", "7"), "WRONG_TYPE"));
    kinds.add(t -> invalid(json(power, t, random.nextBoolean() ? "NaN" : "-Infinity", "\"kW\""), "NOT_FINITE"));
    kinds.add(t -> invalid(json(power, t, "1e" + (300 + random.nextInt(5000)), "\"kW\""), "OUT_OF_RANGE"));
    kinds.add(t -> invalid(json(counter, t, "-" + (1 + random.nextInt(1000)), "\"Wh\""), "OUT_OF_RANGE"));
    kinds.add(t -> invalid(json(power, t, "1", "\"horsepower" + random.nextInt(9) + "\""), "UNKNOWN_UNIT"));
    kinds.add(t -> invalid(json(counter, t, "1", "\"kg\""), "UNIT_MISMATCH"));
    kinds.add(t -> invalid("{\"sensorId\":\"" + power + "\",\"timestamp\":" + t + ",\"value\":1,\"value\":2}", "DUPLICATE_FIELD"));
    kinds.add(t -> invalid("{\"sensorId\":\"" + power + "\",\"timestamp\":" + t + "}", "MISSING_FIELD"));
    kinds.add(t -> invalid(json(gateway.assets.site + "/no-such-meter", t, "1", "\"kW\""), "UNKNOWN_METER"));
    kinds.add(t -> invalid(json(power, t - 30L * 86_400_000, "1", "\"kW\""), "TIMESTAMP_TOO_OLD"));
    kinds.add(t -> invalid(json(power, t + 3_600_000, "1", "\"kW\""), "TIMESTAMP_IN_FUTURE"));
    kinds.add(t -> invalid(json(power, "\"" + t + "ms\"", "1", "\"kW\""), "BAD_TIME"));
    kinds.add(t -> invalid("[" + t + "]", "NOT_AN_OBJECT"));
    kinds.add(t -> {
      // Latin-1 bytes where UTF-8 belongs: "°C" as one byte 0xB0.
      byte[] line = json(power, t, "1", "\"\u00B0C\"").getBytes(StandardCharsets.ISO_8859_1);
      return new Case(line, null, 0, 0, "BAD_ENCODING");
    });
    List<Case> cases = new ArrayList<>();
    for (int i = 0; i < RECORDS; i++) {
      // Distinct event times make every valid reading distinct in content.
      cases.add(kinds.get(random.nextInt(kinds.size())).apply(now - 60_000 - i));
    }
    Collections.shuffle(cases, random);
    return cases;
  }

  private static String json(String sensor, Object timestamp, String value, String unit) {
    return "{\"sensorId\":\"" + sensor + "\",\"timestamp\":" + timestamp + ",\"value\":" + value + ",\"unit\":" + unit + "}";
  }

  private static Case valid(String line, String sensor, long timestamp, BigDecimal canonical) {
    return new Case(line.getBytes(StandardCharsets.UTF_8), sensor, timestamp, canonical.doubleValue(), null);
  }

  private static Case invalid(String line, String reason) {
    return new Case(line.getBytes(StandardCharsets.UTF_8), null, 0, 0, reason);
  }
}
