package nl.stroomlijn.streams.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
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
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.Test;

class DeadLetterHandlersTest {

  private final String registryUrl = "mock://dead-letters-" + UUID.randomUUID();
  private final byte[] key = {'k'};
  private final byte[] value = {7, 1, 2, 3, 4, 5};

  private final ErrorHandlerContext context = new ErrorHandlerContext() {
    public String topic() { return "factory.readings.raw"; }
    public int partition() { return 2; }
    public long offset() { return 41; }
    public Headers headers() { return new RecordHeaders(); }
    public String processorNodeId() { return "source"; }
    public TaskId taskId() { return new TaskId(0, 2); }
    public long timestamp() { return 0; }
    public byte[] sourceRawKey() { return key; }
    public byte[] sourceRawValue() { return value; }
  };

  private DeadLetter read(ProducerRecord<byte[], byte[]> record) {
    assertThat(record.topic()).isEqualTo("factory.readings.dlq");
    assertThat(record.key()).isEqualTo(key);
    return AvroSerde.specific(DeadLetter.class, SchemaRegistries.connect(RegistryConfig.of(registryUrl)))
        .deserializer().deserialize(record.topic(), record.value());
  }

  @Test
  void badBytesResumeWithADeadLetterCarryingTheRegistrysReasonAndTheOriginalBytes() {
    DeadLetterHandlers.Deserialization handler = new DeadLetterHandlers.Deserialization();
    handler.configure(Map.of(RegistryConfig.URL, registryUrl));
    ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("factory.readings.raw", 2, 41, 0L,
        TimestampType.CREATE_TIME, 1, 6, key, value, new RecordHeaders(), Optional.empty());

    DeserializationExceptionHandler.Response response = handler.handleError(context, record,
        new BadRecordException(BadRecordException.Reason.WRONG_MAGIC_BYTE, null, "first byte is 7", null));

    assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
    DeadLetter letter = read(response.deadLetterQueueRecords().get(0));
    assertThat(letter.getReasonCode()).isEqualTo("WRONG_MAGIC_BYTE");
    assertThat(letter.getSourceTopic()).isEqualTo("factory.readings.raw");
    assertThat(letter.getSourcePartition()).isEqualTo(2);
    assertThat(letter.getSourceOffset()).isEqualTo(41L);
    assertThat(letter.getOriginalValue().array()).isEqualTo(value);
    assertThat(letter.getApplication()).isEqualTo("stroomlijn-attribution");
  }

  @Test
  void processingFailureResumesWithAProcessingFailedDeadLetter() {
    DeadLetterHandlers.Processing handler = new DeadLetterHandlers.Processing();
    handler.configure(Map.of(RegistryConfig.URL, registryUrl));

    ProcessingExceptionHandler.Response response = handler.handleError(context, new Record<>("k", "v", 0L),
        new IllegalArgumentException("unknown device unit 'furlong'"));

    assertThat(response.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
    DeadLetter letter = read(response.deadLetterQueueRecords().get(0));
    assertThat(letter.getReasonCode()).isEqualTo("PROCESSING_FAILED");
    assertThat(letter.getReason()).contains("furlong");
    assertThat(letter.getOriginalValue().array()).isEqualTo(value);
  }
}
