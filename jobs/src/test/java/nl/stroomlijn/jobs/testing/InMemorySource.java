package nl.stroomlijn.jobs.testing;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;

/** Bounded sources of given records, split over the parallel readers. */
public final class InMemorySource {

  private InMemorySource() {
  }

  public static <T extends org.apache.avro.specific.SpecificRecordBase & SpecificRecord> DataGeneratorSource<T> of(
      Class<T> type, List<T> records) {
    ArrayList<T> copy = new ArrayList<>(records);
    return new DataGeneratorSource<>(index -> copy.get(index.intValue()), copy.size(),
        RateLimiterStrategy.noOp(), new AvroTypeInfo<>(type));
  }
}
