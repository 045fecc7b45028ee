package nl.stroomlijn.streams.anomaly;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.avro.BadRecordException;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.DeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends records the application cannot read or process to the dead-letter topic, as a
 * {@link DeadLetter} with the original bytes and the reason, inside the same transaction, and
 * carries on: one bad record never stops the application.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  /** Streams configuration key naming the dead-letter topic. */
  public static final String TOPIC = "stroomlijn.dead-letter.topic";

  private String topic;
  private Serializer<DeadLetter> serializer;

  @Override
  public void configure(Map<String, ?> configs) {
    topic = String.valueOf(configs.get(TOPIC));
    serializer = AvroSerde.specific(DeadLetter.class, SchemaRegistries.connect(RegistryConfig.fromProperties(configs))).serializer();
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context,
      ConsumerRecord<byte[], byte[]> record, Exception exception) {
    String code = exception instanceof BadRecordException bad ? bad.reason().name()
        : exception.getCause() instanceof BadRecordException bad ? bad.reason().name() : "UNREADABLE_RECORD";
    return DeserializationExceptionHandler.Response.resume(List.of(deadLetter(context, code, exception)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    return ProcessingExceptionHandler.Response.resume(List.of(deadLetter(context, "PROCESSING_FAILED", exception)));
  }

  private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, String code, Exception exception) {
    DeadLetter letter = DeadLetter.newBuilder()
        .setReasonCode(code)
        .setReason(String.valueOf(exception.getMessage()))
        .setSource("kafka")
        .setApplication(AnomalyConfig.APPLICATION)
        .setSourceTopic(context.topic())
        .setSourcePartition(context.partition())
        .setSourceOffset(context.offset())
        .setOriginalKey(context.sourceRawKey() == null ? null : ByteBuffer.wrap(context.sourceRawKey()))
        .setOriginalValue(context.sourceRawValue() == null ? null : ByteBuffer.wrap(context.sourceRawValue()))
        .setEventTimestamp(Instant.ofEpochMilli(context.timestamp()))
        .setFailedAt(Instant.now())
        .build();
    return new ProducerRecord<>(topic, null, context.sourceRawKey(), serializer.serialize(topic, letter));
  }
}
