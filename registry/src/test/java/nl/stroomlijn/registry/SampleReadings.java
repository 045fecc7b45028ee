package nl.stroomlijn.registry;

import java.time.Instant;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.SensorReading;

/** Readings for tests of the wire format. */
public final class SampleReadings {

  private SampleReadings() {
  }

  public static SensorReading reading(String sensor, double value) {
    return SensorReading.newBuilder().setSensorId(sensor).setTimestamp(Instant.ofEpochMilli(1_700_000_000_000L))
        .setValue(value).setUnit("kWh").setQuality(Quality.GOOD).setSource("test")
        .setReceivedAt(Instant.ofEpochMilli(1_700_000_000_100L)).build();
  }
}
