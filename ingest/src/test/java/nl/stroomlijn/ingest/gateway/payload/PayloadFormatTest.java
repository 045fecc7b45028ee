package nl.stroomlijn.ingest.gateway.payload;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayloadFormatTest {

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(Incoming incoming) {
    return new String(incoming.original(), StandardCharsets.UTF_8);
  }

  @Test
  void contentTypesChooseTheFormat() {
    assertThat(PayloadFormat.ofContentType("application/json; charset=UTF-8")).contains(PayloadFormat.JSON);
    assertThat(PayloadFormat.ofContentType("application/x-ndjson")).contains(PayloadFormat.NDJSON);
    assertThat(PayloadFormat.ofContentType("text/csv")).contains(PayloadFormat.CSV);
    assertThat(PayloadFormat.ofContentType("text/csv; charset=iso-8859-1")).isEmpty();
    assertThat(PayloadFormat.ofContentType("application/xml")).isEmpty();
    assertThat(PayloadFormat.ofContentType(null)).isEmpty();
  }

  @Test
  void aJsonArrayKeepsEachRecordsBytesAndSurvivesBadElements() {
    String body = "[{\"sensorId\":\"a\",\"value\":1.5},\n 42,\n {\"sensorId\":\"b\",\"value\":NaN,\"value\":2},\n"
        + " {\"sensorId\":\"c\" \"value\":3}, {\"sensorId\":\"d\"}]";
    List<Incoming> records = PayloadFormat.JSON.read(bytes(body));
    assertThat(records).hasSize(4);
    assertThat(text(records.get(0))).isEqualTo("{\"sensorId\":\"a\",\"value\":1.5}");
    assertThat(records.get(0).record().get("value")).isEqualTo(new BigDecimal("1.5"));
    assertThat(records.get(1).unreadable().code()).isEqualTo("NOT_AN_OBJECT");
    assertThat(text(records.get(1))).isEqualTo("42");
    assertThat(records.get(2).record().duplicateFields()).containsExactly("value");
    assertThat(records.get(2).line()).isEqualTo(3);
    // After a syntax error the rest of the body is one dead letter.
    assertThat(records.get(3).unreadable().code()).isEqualTo("MALFORMED_JSON");
    assertThat(text(records.get(3))).startsWith("{\"sensorId\":\"c\"").endsWith("]");
  }

  @Test
  void oneJsonObjectIsABatchOfOne() {
    List<Incoming> records = PayloadFormat.JSON.read(bytes("{\"sensorId\":\"a\",\"nested\":{\"x\":[1]}}"));
    assertThat(records).singleElement().satisfies(r -> assertThat(r.record().has("nested")).isTrue());
    assertThat(PayloadFormat.JSON.read(bytes("\"text\"")).get(0).unreadable().code()).isEqualTo("MALFORMED_JSON");
    assertThat(PayloadFormat.JSON.read(new byte[] {'[', (byte) 0xC3, ']'}).get(0).unreadable().code())
        .isEqualTo("BAD_ENCODING");
  }

  @Test
  void ndjsonIsReadLineByLine() {
    String text = "{\"a\":1}\n\n{\"a\":\n{\"a\":2} {\"b\":3}\r\n#\n{\"a\":\"x\"}";
    byte[] body = bytes(text);
    body[text.indexOf('#')] = (byte) 0xFF; // that line is not UTF-8
    List<Incoming> records = PayloadFormat.NDJSON.read(body);
    assertThat(records).extracting(Incoming::line).containsExactly(1L, 3L, 4L, 5L, 6L);
    assertThat(records.get(0).record()).isNotNull();
    assertThat(records.get(1).unreadable().code()).isEqualTo("MALFORMED_JSON");
    assertThat(records.get(2).unreadable().code()).isEqualTo("MALFORMED_JSON");
    assertThat(text(records.get(2))).isEqualTo("{\"a\":2} {\"b\":3}");
    assertThat(records.get(3).unreadable().code()).isEqualTo("BAD_ENCODING");
    assertThat(records.get(4).record().get("a")).isEqualTo("x");
  }

  @Test
  void csvHasAHeaderAndTextualCells() {
    String body = "sensorId,timestamp,value,unit\r\na,1000,1.5,Wh\nb,1000,,kWh\nc,1000\n\"d,1000,1,kWh\n";
    List<Incoming> records = PayloadFormat.CSV.read(bytes(body));
    assertThat(records).hasSize(4);
    assertThat(records.get(0).record().textual()).isTrue();
    assertThat(records.get(0).record().get("value")).isEqualTo("1.5");
    assertThat(records.get(0).line()).isEqualTo(2);
    assertThat(text(records.get(0))).isEqualTo("a,1000,1.5,Wh");
    assertThat(records.get(1).record().has("value")).isFalse();
    assertThat(records.get(2).unreadable().code()).isEqualTo("MALFORMED_CSV");
    assertThat(records.get(3).unreadable().code()).isEqualTo("MALFORMED_CSV");
    assertThat(PayloadFormat.CSV.read(bytes("a,a\n1,2\n")).get(0).record().duplicateFields()).containsExactly("a");
  }
}
