package nl.stroomlijn.streams.anomaly;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.UUID;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.avro.BadRecordException;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** TopologyTestDriver does not pass a handler's dead-letter records on, so the handler is tested alone (and in AnomalyAppIT). */
class DeadLetterHandlerTest {

  @Test
  void anUnreadableRecordBecomesADeadLetterWithItsBytesAndReasonAndTheAppResumes() {
    String url = "mock://dead-letters-" + UUID.randomUUID();
    DeadLetterHandler handler = new DeadLetterHandler();
    handler.configure(Map.of(RegistryConfig.URL, url, DeadLetterHandler.TOPIC, "factory.readings.dlq"));
    byte[] value = {7, 1, 2, 3, 4, 5};
    BadRecordException bad = new BadRecordException(BadRecordException.Reason.WRONG_MAGIC_BYTE, null, "first byte is 7", null);

    DeserializationExceptionHandler.Response response = handler.handleError(context(value),
        new ConsumerRecord<>("factory.readings.raw", 1, 42, "em-9".getBytes(), value), bad);

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    ProducerRecord<byte[], byte[]> record = response.deadLetterQueueRecords().get(0);
    assertThat(record.topic()).isEqualTo("factory.readings.dlq");
    assertThat(record.key()).isEqualTo("em-9".getBytes());
    DeadLetter letter = AvroSerde.specific(DeadLetter.class, SchemaRegistries.connect(RegistryConfig.of(url)))
        .deserializer().deserialize("factory.readings.dlq", record.value());
    assertThat(letter.getReasonCode()).isEqualTo("WRONG_MAGIC_BYTE");
    assertThat(letter.getSourceTopic()).isEqualTo("factory.readings.raw");
    assertThat(letter.getSourceOffset()).isEqualTo(42L);
    assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(value));
    assertThat(letter.getApplication()).isEqualTo(AnomalyConfig.APPLICATION);
  }

  private static ErrorHandlerContext context(byte[] value) {
    return new ErrorHandlerContext() {
      @Override public String topic() { return "factory.readings.raw"; }
      @Override public int partition() { return 1; }
      @Override public long offset() { return 42; }
      @Override public Headers headers() { return new RecordHeaders(); }
      @Override public String processorNodeId() { return "readings"; }
      @Override public TaskId taskId() { return new TaskId(0, 1); }
      @Override public long timestamp() { return 1_700_000_000_000L; }
      @Override public byte[] sourceRawKey() { return "em-9".getBytes(); }
      @Override public byte[] sourceRawValue() { return value; }
    };
  }
}
