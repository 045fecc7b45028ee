package nl.stroomlijn.ingest.gateway.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.validation.RawRecord;
import nl.stroomlijn.schemas.Quality;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.Test;

class DataChangesTest {

  private static final NodeId NODE = NodeId.parse("ns=2;s=Press.Power");
  private static final long NOW = 1_767_571_200_000L;

  @Test
  void statusCodesBecomeQualities() {
    assertThat(DataChanges.quality(StatusCode.GOOD)).isEqualTo(Quality.GOOD);
    assertThat(DataChanges.quality(StatusCode.UNCERTAIN)).isEqualTo(Quality.UNCERTAIN);
    assertThat(DataChanges.quality(StatusCode.BAD)).isEqualTo(Quality.BAD);
  }

  @Test
  void numbersBecomeExactDecimalsAndTheSourceTimeTheTimestamp() {
    RawRecord record = reading(new DataValue(new Variant(12.5f), StatusCode.GOOD, time(NOW - 1000), time(NOW - 500)));
    assertThat(record.get("sensorId")).isEqualTo("site/line/press/kw");
    assertThat(record.get("value")).isEqualTo(new BigDecimal("12.5"));
    assertThat(record.get("timestamp")).isEqualTo(BigDecimal.valueOf(NOW - 1000));
    assertThat(record.get("quality")).isEqualTo("GOOD");
    assertThat(record.has("unit")).isFalse();
    assertThat(reading(new DataValue(new Variant(Unsigned.uint(4_000_000_000L)))).get("value"))
        .isEqualTo(new BigDecimal("4000000000"));
  }

  @Test
  void withoutASourceTimeTheServerTimeCountsThenTheTimeOfReceipt() {
    assertThat(reading(new DataValue(new Variant(1.0), StatusCode.GOOD, null, time(NOW - 500))).get("timestamp"))
        .isEqualTo(BigDecimal.valueOf(NOW - 500));
    assertThat(reading(new DataValue(new Variant(1.0), StatusCode.GOOD, null, null)).get("timestamp"))
        .isEqualTo(BigDecimal.valueOf(NOW));
  }

  @Test
  void aBadStatusWithoutAValueIsABadReadingOfZeroAndOtherValuesAreLeftToTheValidator() {
    RawRecord bad = reading(new DataValue(StatusCode.BAD));
    assertThat(bad.get("value")).isEqualTo(BigDecimal.ZERO);
    assertThat(bad.get("quality")).isEqualTo("BAD");
    assertThat(reading(new DataValue(Variant.NULL_VALUE, StatusCode.GOOD)).get("value")).isNull();
    assertThat(reading(new DataValue(new Variant(Double.NaN))).get("value")).isEqualTo(Double.NaN);
    assertThat(reading(new DataValue(new Variant("lots"))).get("value")).isEqualTo("lots");
    assertThat(reading(new DataValue(new Variant(new double[] {1, 2}))).get("value")).isSameAs(RawRecord.NESTED);
  }

  @Test
  void theDeadLetterBytesDescribeTheDataChange() {
    Incoming incoming = DataChanges.reading("site/line/press/kw", NODE, new DataValue(new Variant("lots")), NOW);
    assertThat(new String(incoming.original(), java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"nodeId\":\"ns=2;s=Press.Power\"", "\"sensorId\":\"site/line/press/kw\"", "\"value\":\"lots\"");
  }

  private static RawRecord reading(DataValue change) {
    return DataChanges.reading("site/line/press/kw", NODE, change, NOW).record();
  }

  private static DateTime time(long millis) {
    return new DateTime(Instant.ofEpochMilli(millis));
  }
}
