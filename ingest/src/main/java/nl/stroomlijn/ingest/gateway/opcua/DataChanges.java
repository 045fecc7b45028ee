package nl.stroomlijn.ingest.gateway.opcua;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import nl.stroomlijn.ingest.gateway.payload.Incoming;
import nl.stroomlijn.ingest.gateway.validation.RawRecord;
import nl.stroomlijn.schemas.Quality;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UNumber;

/**
 * Turns an OPC UA data change into a reading for the shared validation: the meter's sensor id, the
 * source timestamp (else the server's, else the time of receipt), the value, the status code as
 * quality. No unit: the validator takes the one the meter declares. A data change has no bytes of
 * its own, so a dead letter carries it as a JSON description.
 */
final class DataChanges {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DataChanges() {
  }

  static Incoming reading(String sensorId, NodeId nodeId, DataValue change, long now) {
    StatusCode status = change.statusCode() == null ? StatusCode.GOOD : change.statusCode();
    Object value = change.value() == null ? null : change.value().value();
    RawRecord record = new RawRecord(false)
        .put("sensorId", sensorId)
        .put("timestamp", BigDecimal.valueOf(eventTime(change, now)))
        .put("value", field(value, status))
        .put("quality", quality(status).name());
    return Incoming.of(record, describe(sensorId, nodeId, change, value, status), 0);
  }

  static Quality quality(StatusCode status) {
    if (status.isGood()) {
      return Quality.GOOD;
    }
    return status.isUncertain() ? Quality.UNCERTAIN : Quality.BAD;
  }

  private static long eventTime(DataValue change, long now) {
    for (DateTime time : new DateTime[] {change.sourceTime(), change.serverTime()}) {
      if (time != null && time.isValid() && time.isNotNull()) {
        return time.getJavaTime();
      }
    }
    return now;
  }

  /** The value as the validator reads JSON: exact decimals, a Double only when not finite, text and booleans as themselves. */
  private static Object field(Object value, StatusCode status) {
    if (value == null) {
      // A Bad status usually comes without a value: a BAD reading of 0, as the simulator writes them.
      return status.isBad() ? BigDecimal.ZERO : null;
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      return Double.isFinite(d) ? new BigDecimal(value.toString()) : (Object) d;
    }
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return BigDecimal.valueOf(((Number) value).longValue());
    }
    if (value instanceof UNumber unsigned) {
      return new BigDecimal(unsigned.toString());
    }
    if (value instanceof String || value instanceof Boolean) {
      return value;
    }
    return RawRecord.NESTED;
  }

  private static byte[] describe(String sensorId, NodeId nodeId, DataValue change, Object value, StatusCode status) {
    ObjectNode json = JSON.createObjectNode()
        .put("nodeId", nodeId.toParseableString())
        .put("sensorId", sensorId)
        .put("value", String.valueOf(value))
        .put("statusCode", status.toString());
    if (change.sourceTime() != null) {
      json.put("sourceTime", change.sourceTime().toString());
    }
    if (change.serverTime() != null) {
      json.put("serverTime", change.serverTime().toString());
    }
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
