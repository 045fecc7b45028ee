package nl.stroomlijn.streams.deadletters;

import java.util.List;
import java.util.Map;
import nl.stroomlijn.registry.RegistryConfig;
import nl.stroomlijn.registry.SchemaRegistries;
import nl.stroomlijn.registry.SchemaRegistryException;
import nl.stroomlijn.registry.avro.BadRecordException;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.streams.AttributionMetrics;
import nl.stroomlijn.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' exception handlers: a record that cannot be read or processed goes to the
 * dead-letter topic with its reason, original bytes and source coordinates, inside the same
 * transaction as the rest of the task's output, and the app goes on. A registry that cannot be
 * reached is not the record's fault: that fails the thread, which is replaced and retries.
 * Configured from the Streams properties: {@code schema.registry.*} and {@link #METRICS}.
 */
public final class DeadLetterHandlers {

  /** Streams property carrying the {@link AttributionMetrics} instance the handlers count in. */
  public static final String METRICS = "stroomlijn.attribution.metrics";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandlers.class);

  private DeadLetterHandlers() {
  }

  /** What both handlers share: the dead-letter serializer and the metrics. */
  private static final class Writer {
    private Serializer<DeadLetter> serializer;
    private AttributionMetrics metrics;

    void configure(Map<String, ?> configs) {
      serializer = AvroSerde.specific(DeadLetter.class, SchemaRegistries.connect(RegistryConfig.fromProperties(configs)))
          .serializer();
      metrics = configs.get(METRICS) instanceof AttributionMetrics m ? m : null;
    }

    List<ProducerRecord<byte[], byte[]>> deadLetter(ErrorHandlerContext context, byte[] key, byte[] value,
                                                    String reasonCode, Exception exception) {
      log.warn("Record {}-{}@{} to the dead-letter topic as {}: {}", context.topic(), context.partition(),
          context.offset(), reasonCode, exception.toString());
      if (metrics != null) {
        metrics.deadLetter(reasonCode);
      }
      DeadLetter letter = DeadLetters.of(reasonCode, String.valueOf(exception.getMessage()), null, context.topic(),
          context.partition(), context.offset(), key, value, null, System.currentTimeMillis());
      String topic = Topics.DEAD_LETTERS.name();
      return List.of(new ProducerRecord<>(topic, null, key, serializer.serialize(topic, letter)));
    }
  }

  /** Bytes that are not a record of the topic's contract: the registry's reason code, or DESERIALIZATION_FAILED. */
  public static final class Deserialization implements DeserializationExceptionHandler {
    private final Writer writer = new Writer();

    @Override
    public void configure(Map<String, ?> configs) {
      writer.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
      if (exception instanceof SchemaRegistryException) {
        return Response.fail();
      }
      String reasonCode = exception instanceof BadRecordException bad ? bad.reason().name()
          : DeadLetters.DESERIALIZATION_FAILED;
      return Response.resume(writer.deadLetter(context, record.key(), record.value(), reasonCode, exception));
    }
  }

  /** A record whose processing threw: PROCESSING_FAILED, with the exception as the reason. */
  public static final class Processing implements ProcessingExceptionHandler {
    private final Writer writer = new Writer();

    @Override
    public void configure(Map<String, ?> configs) {
      writer.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
      if (exception instanceof SchemaRegistryException) {
        return Response.fail();
      }
      return Response.resume(writer.deadLetter(context, context.sourceRawKey(), context.sourceRawValue(),
          DeadLetters.PROCESSING_FAILED, exception));
    }
  }
}
