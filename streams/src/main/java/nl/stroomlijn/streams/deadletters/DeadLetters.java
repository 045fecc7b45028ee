package nl.stroomlijn.streams.deadletters;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import nl.stroomlijn.schemas.DeadLetter;

/** Builds the dead letters of the attribution app: one shape for every rejection. */
public final class DeadLetters {

  /** The {@code application} of every dead letter this app writes. */
  public static final String APPLICATION = "stroomlijn-attribution";

  /** Reason codes of the app's own rejections (bad bytes carry the registry's codes). */
  public static final String LATE = "LATE";
  public static final String UNKNOWN_METER = "UNKNOWN_METER";
  public static final String UNKNOWN_MACHINE = "UNKNOWN_MACHINE";
  public static final String PROCESSING_FAILED = "PROCESSING_FAILED";
  public static final String DESERIALIZATION_FAILED = "DESERIALIZATION_FAILED";

  private DeadLetters() {
  }

  /**
   * A dead letter of a record read from Kafka.
   *
   * @param eventTime the record's event time when it could be read, else null
   */
  public static DeadLetter of(String reasonCode, String reason, String field, String topic, Integer partition,
                              Long offset, byte[] key, byte[] value, Long eventTime, long failedAt) {
    return DeadLetter.newBuilder()
        .setReasonCode(reasonCode)
        .setReason(reason)
        .setField(field)
        .setSource("kafka")
        .setApplication(APPLICATION)
        .setSourceTopic(topic)
        .setSourcePartition(partition)
        .setSourceOffset(offset)
        .setOriginalKey(key == null ? null : ByteBuffer.wrap(key))
        .setOriginalValue(value == null ? null : ByteBuffer.wrap(value))
        .setEventTimestamp(eventTime == null ? null : Instant.ofEpochMilli(eventTime))
        .setFailedAt(Instant.ofEpochMilli(failedAt))
        .build();
  }

  /** The key bytes of a string key, as the source topic carried them. */
  public static byte[] keyBytes(String key) {
    return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
  }

  /** The dead letter's original key, the key it is written under. */
  public static byte[] originalKey(DeadLetter letter) {
    ByteBuffer key = letter.getOriginalKey();
    if (key == null) {
      return null;
    }
    byte[] bytes = new byte[key.remaining()];
    key.duplicate().get(bytes);
    return bytes;
  }
}
