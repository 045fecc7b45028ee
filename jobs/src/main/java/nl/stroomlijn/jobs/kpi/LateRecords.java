package nl.stroomlijn.jobs.kpi;

import java.io.Serial;
import java.time.Instant;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.topics.Topics;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.types.Either;

/** Late records as dead letters (reason LATE): counted in the job and never dropped silently. */
public final class LateRecords {

  public static final String REASON_CODE = "LATE";
  static final String APPLICATION = "stroomlijn-jobs";

  private LateRecords() {
  }

  public static DeadLetter deadLetter(Either<AttributedConsumption, ProductionEvent> record, long now) {
    boolean slice = record.isLeft();
    long eventTime = ContributionJoin.eventTime(record);
    return DeadLetter.newBuilder()
        .setReasonCode(REASON_CODE)
        .setReason("arrived after its 15-minute window closed (window end + allowed lateness passed): "
            + (slice ? record.left() : record.right()))
        .setSource("kafka")
        .setApplication(APPLICATION)
        .setSourceTopic(slice ? Topics.CONSUMPTION.name() : Topics.PRODUCTION.name())
        .setEventTimestamp(Instant.ofEpochMilli(eventTime))
        .setFailedAt(Instant.ofEpochMilli(now))
        .build();
  }

  /** Writes late records as dead letters with the given serializer. */
  public static final class AsDeadLetter implements SerializationSchema<Either<AttributedConsumption, ProductionEvent>> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final SerializationSchema<DeadLetter> deadLetters;

    public AsDeadLetter(SerializationSchema<DeadLetter> deadLetters) {
      this.deadLetters = deadLetters;
    }

    @Override
    public void open(InitializationContext context) throws Exception {
      deadLetters.open(context);
    }

    @Override
    public byte[] serialize(Either<AttributedConsumption, ProductionEvent> record) {
      return deadLetters.serialize(deadLetter(record, System.currentTimeMillis()));
    }
  }
}
