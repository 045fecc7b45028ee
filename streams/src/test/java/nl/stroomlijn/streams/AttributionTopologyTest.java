package nl.stroomlijn.streams;

import static nl.stroomlijn.streams.AttributionDriver.MINUTE;
import static nl.stroomlijn.streams.AttributionDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import nl.stroomlijn.schemas.AllocationRule;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.Quality;
import org.junit.jupiter.api.Test;

/** Each rule of docs/metering-and-attribution.md through the whole topology, with values worked out by hand. */
class AttributionTopologyTest {

  private static final String PRESS = "press-1";
  private static final String EM = "em-1";

  private static AttributionDriver plantWithCounter() {
    return new AttributionDriver().machine(PRESS).meter(EM, PRESS, MeasurementKind.CUMULATIVE_COUNTER);
  }

  @Test
  void counterDeltaGoesToTheRunningOrderWithItsState() {
    try (AttributionDriver app = plantWithCounter()) {
      app.state(PRESS, T0, OperatingState.RUNNING).orderStarted(PRESS, T0, "o-1", "p-1")
          .reading(EM, T0 + MINUTE, 10.0).reading(EM, T0 + 2 * MINUTE, 10.25).flush();

      List<AttributedConsumption> slices = app.slices();
      assertThat(slices).hasSize(1);
      AttributedConsumption slice = slices.get(0);
      assertThat(AttributionDriver.micro(slice.getQuantity())).isEqualTo(250_000);
      assertThat(slice.getQuantity().scale()).isEqualTo(6);
      assertThat(slice.getOrderId()).isEqualTo("o-1");
      assertThat(slice.getProductId()).isEqualTo("p-1");
      assertThat(slice.getState()).isEqualTo(OperatingState.RUNNING);
      assertThat(slice.getStart().toEpochMilli()).isEqualTo(T0 + MINUTE);
      assertThat(slice.getEnd().toEpochMilli()).isEqualTo(T0 + 2 * MINUTE);
      assertThat(slice.getMachineId()).isEqualTo(PRESS);
      assertThat(slice.getLineId()).isEqualTo(AttributionDriver.LINE);
      assertThat(slice.getSiteId()).isEqualTo(AttributionDriver.SITE);
      assertThat(slice.getUnit()).isEqualTo("kWh");
      assertThat(slice.getEstimated()).isFalse();
      assertThat(slice.getSourceReadings()).isEqualTo(2);
      assertThat(slice.getAllocationRule()).isNull();
    }
  }

  @Test
  void counterRolloverNearTheDeclaredValueCountsTheWrap() {
    // Rollover 1,000,000 Wh = 1000 kWh; previous 999.5 ≥ 900: (1000 − 999.5) + 0.25 = 0.75 kWh.
    try (AttributionDriver app = new AttributionDriver().machine(PRESS)
        .meter(EM, PRESS, MeasurementKind.CUMULATIVE_COUNTER, "Wh", 1_000_000.0, null)) {
      app.reading(EM, T0, 999.5).reading(EM, T0 + MINUTE, 0.25).flush();
      assertThat(app.quantities()).containsExactly(750_000);
      assertThat(app.anomalies()).isEmpty();
    }
  }

  @Test
  void counterDropFarFromRolloverIsAResetCountingTheNewValueAndRaisingAnAnomaly() {
    // Rollover 1000 kWh but previous 500 < 900: a reset, Q = 2 kWh.
    try (AttributionDriver app = new AttributionDriver().machine(PRESS)
        .meter(EM, PRESS, MeasurementKind.CUMULATIVE_COUNTER, "kWh", 1000.0, null)) {
      app.reading(EM, T0, 500.0).reading(EM, T0 + MINUTE, 2.0).flush();
      assertThat(app.quantities()).containsExactly(2_000_000);
      assertThat(app.anomalies()).singleElement()
          .satisfies(anomaly -> assertThat(anomaly.getKind()).isEqualTo(AnomalyKind.COUNTER_RESET));
    }
  }

  @Test
  void counterDropWithoutRolloverIsAReset() {
    try (AttributionDriver app = plantWithCounter()) {
      app.reading(EM, T0, 5.0).reading(EM, T0 + MINUTE, 1.5).flush();
      assertThat(app.quantities()).containsExactly(1_500_000);
      assertThat(app.anomalies()).hasSize(1);
    }
  }

  @Test
  void rateMeterIsIntegratedByTrapezoidRoundedHalfEven() {
    try (AttributionDriver app = new AttributionDriver().machine(PRESS)
        .meter(EM, PRESS, MeasurementKind.INSTANTANEOUS_RATE, "kW", null, null)) {
      // (10 + 20) kW / 2 × 1 min = 0.25 kWh.
      app.reading(EM, T0, 10.0).reading(EM, T0 + MINUTE, 20.0)
          // (20 + 1.6) kW / 2 over 1 ms: 21,600,000 µkW·ms / 7,200,000 = 3 exactly.
          .reading(EM, T0 + MINUTE + 1, 1.6)
          // (1.6 + 2.0) kW over 1 ms: 3,600,000 / 7,200,000 = 0.5 → 0 (half even).
          .reading(EM, T0 + MINUTE + 2, 2.0)
          // (2.0 + 1.6) kW over 3 ms: 10,800,000 / 7,200,000 = 1.5 → 2 (half even).
          .reading(EM, T0 + MINUTE + 5, 1.6)
          .flush();
      assertThat(app.quantities()).containsExactly(250_000, 3, 0, 2);
    }
  }

  @Test
  void intervalTotalCoversTheIntervalEndingAtItsTimestamp() {
    try (AttributionDriver app = new AttributionDriver().machine(PRESS)
        .meter(EM, PRESS, MeasurementKind.INTERVAL_TOTAL, "kWh", null, 15 * MINUTE)) {
      app.reading(EM, T0 + 15 * MINUTE, 2.5).flush();
      AttributedConsumption slice = app.slices().get(0);
      assertThat(AttributionDriver.micro(slice.getQuantity())).isEqualTo(2_500_000);
      assertThat(slice.getStart().toEpochMilli()).isEqualTo(T0);
      assertThat(slice.getEnd().toEpochMilli()).isEqualTo(T0 + 15 * MINUTE);
      assertThat(slice.getSourceReadings()).isEqualTo(1);
      assertThat(slice.getEstimated()).isFalse();
    }
  }

  @Test
  void intervalAverageRateTimesItsIntervalIsItsTotal() {
    // 8 kW over 15 min = 2 kWh; 0.000003 kW over 1 ms = 3 µkW·ms / 3,600,000 → 0.
    try (AttributionDriver app = new AttributionDriver().machine(PRESS)
        .meter(EM, PRESS, MeasurementKind.INTERVAL_AVERAGE_RATE, "kW", null, 15 * MINUTE)) {
      app.reading(EM, T0 + 15 * MINUTE, 8.0).flush();
      assertThat(app.quantities()).containsExactly(2_000_000);
    }
  }

  @Test
  void duplicateTimestampIsDroppedWhateverItsValue() {
    try (AttributionDriver app = plantWithCounter()) {
      app.reading(EM, T0, 1.0).reading(EM, T0 + MINUTE, 2.0).reading(EM, T0 + MINUTE, 7.0)
          .reading(EM, T0 + 2 * MINUTE, 3.0).flush();
      assertThat(app.quantities()).containsExactly(1_000_000, 1_000_000);
      assertThat(app.metric("stroomlijn_attribution_readings_total", "duplicate")).isEqualTo(1.0);
    }
  }

  @Test
  void badReadingIsSkippedAsIfAbsentAndCounted() {
    try (AttributionDriver app = plantWithCounter()) {
      app.reading(EM, T0, 1.0).reading(EM, T0 + MINUTE, 99.0, Quality.BAD).reading(EM, T0 + 2 * MINUTE, 3.0).flush();
      List<AttributedConsumption> slices = app.slices();
      assertThat(app.quantities()).containsExactly(2_000_000);
      assertThat(slices.get(0).getStart().toEpochMilli()).isEqualTo(T0);
      assertThat(slices.get(0).getEnd().toEpochMilli()).isEqualTo(T0 + 2 * MINUTE);
      assertThat(app.metric("stroomlijn_attribution_readings_total", "bad")).isEqualTo(1.0);
    }
  }

  @Test
  void readingWithinTheReorderWindowIsPutInItsPlace() {
    try (AttributionDriver app = plantWithCounter()) {
      app.reading(EM, T0, 1.0).reading(EM, T0 + 2 * MINUTE, 3.0).reading(EM, T0 + MINUTE, 1.5).flush();
      assertThat(app.quantities()).containsExactly(500_000, 1_500_000);
      assertThat(app.deadLetters()).isEmpty();
    }
  }

  @Test
  void readingFurtherBehindThanTheWindowIsLateToTheDeadLetterTopic() {
    try (AttributionDriver app = plantWithCounter()) {
      // Stream time T0+10m; T0+5m is 5 min behind, more than the 2 min window.
      app.reading(EM, T0, 1.0).reading(EM, T0 + 10 * MINUTE, 3.0).reading(EM, T0 + 5 * MINUTE, 2.0)
          // exactly 2 min behind: still in place.
          .reading(EM, T0 + 8 * MINUTE, 2.5).flush();
      assertThat(app.quantities()).containsExactly(1_500_000, 500_000);
      List<DeadLetter> late = app.deadLetters();
      assertThat(late).singleElement().satisfies(letter -> {
        assertThat(letter.getReasonCode()).isEqualTo("LATE");
        assertThat(letter.getSourceTopic()).isEqualTo("factory.readings.raw");
        assertThat(letter.getSourceOffset()).isEqualTo(2L);
        assertThat(letter.getEventTimestamp().toEpochMilli()).isEqualTo(T0 + 5 * MINUTE);
        assertThat(letter.getOriginalValue()).isNotNull();
      });
      assertThat(app.metric("stroomlijn_attribution_readings_total", "late")).isEqualTo(1.0);
      assertThat(app.metric("stroomlijn_attribution_dead_letters_total", "LATE")).isEqualTo(1.0);
    }
  }

  @Test
  void intervalLongerThanTheGapThresholdIsEstimated() {
    try (AttributionDriver app = plantWithCounter()) {
      app.reading(EM, T0, 1.0).reading(EM, T0 + 5 * MINUTE, 2.0).reading(EM, T0 + 5 * MINUTE + 5 * MINUTE + 1, 4.0)
          .flush();
      List<AttributedConsumption> slices = app.slices();
      // [0, 5m) exactly the threshold: measured. [5m, 10m+1ms) crosses the 15-min mark? no: ends 10m+1ms.
      assertThat(slices).extracting(AttributedConsumption::getEstimated).containsExactly(false, true);
      assertThat(app.quantities()).containsExactly(1_000_000, 2_000_000);
    }
  }

  @Test
  void intervalIsCutAtStateChangesAndOrderStartsAndEnds() {
    // [T0, T0+10m) of 1 kWh: IDLE from T0, RUNNING from 4m, order o-1 from 7m to 9m.
    try (AttributionDriver app = plantWithCounter()) {
      app.state(PRESS, T0, OperatingState.IDLE).state(PRESS, T0 + 4 * MINUTE, OperatingState.RUNNING)
          .orderStarted(PRESS, T0 + 7 * MINUTE, "o-1", "p-1").orderEnded(PRESS, T0 + 9 * MINUTE, "o-1", "p-1")
          .reading(EM, T0, 0.0).reading(EM, T0 + 10 * MINUTE, 1.0).flush();
      List<AttributedConsumption> slices = app.slices();
      assertThat(app.quantities()).containsExactly(400_000, 300_000, 200_000, 100_000);
      assertThat(slices).extracting(AttributedConsumption::getState).containsExactly(
          OperatingState.IDLE, OperatingState.RUNNING, OperatingState.RUNNING, OperatingState.RUNNING);
      assertThat(slices).extracting(AttributedConsumption::getOrderId).containsExactly(null, null, "o-1", null);
    }
  }

  @Test
  void cutsFollowTheCumulativeFloor() {
    // Q = 10 µkWh over [0, 3 ms), cut at 1 ms and 2 ms: floor(10/3)=3, floor(20/3)=6, 10 → 3, 3, 4.
    try (AttributionDriver app = plantWithCounter()) {
      app.state(PRESS, T0 + 1, OperatingState.IDLE).state(PRESS, T0 + 2, OperatingState.RUNNING)
          .reading(EM, T0, 0.0).reading(EM, T0 + 3, 0.00001).flush();
      assertThat(app.quantities()).containsExactly(3, 3, 4);
      assertThat(app.slices()).extracting(AttributedConsumption::getState)
          .containsExactly(OperatingState.OFF, OperatingState.IDLE, OperatingState.RUNNING);
    }
  }

  @Test
  void intervalIsCutAtEveryQuarterHourUtc() {
    // [10m, 50m) of 4 kWh: cuts at 15m, 30m, 45m → 5/40, 15/40, 15/40, 5/40 of 4 kWh.
    try (AttributionDriver app = plantWithCounter()) {
      app.reading(EM, T0 + 10 * MINUTE, 0.0).reading(EM, T0 + 50 * MINUTE, 4.0).flush();
      assertThat(app.quantities()).containsExactly(500_000, 1_500_000, 1_500_000, 500_000);
      assertThat(app.slices()).allSatisfy(slice -> assertThat(slice.getEstimated()).isTrue());
    }
  }

  @Test
  void consumptionWithNoOrderIsUnassignedAndOffBeforeTheFirstState() {
    try (AttributionDriver app = plantWithCounter()) {
      app.reading(EM, T0, 0.0).reading(EM, T0 + MINUTE, 0.5).flush();
      AttributedConsumption slice = app.slices().get(0);
      assertThat(slice.getOrderId()).isNull();
      assertThat(slice.getProductId()).isNull();
      assertThat(slice.getState()).isEqualTo(OperatingState.OFF);
      assertThat(app.metric("stroomlijn_attribution_unassigned_quantity_total")).isEqualTo(0.5);
    }
  }

  @Test
  void zeroQuantitySlicesAreStillEmitted() {
    try (AttributionDriver app = plantWithCounter()) {
      app.state(PRESS, T0 + MINUTE, OperatingState.IDLE).reading(EM, T0, 3.0).reading(EM, T0 + 2 * MINUTE, 3.0).flush();
      assertThat(app.quantities()).containsExactly(0, 0);
    }
  }

  @Test
  void fixedSharesAreSplitInPartsPerMillionByTheCumulativeFloor() {
    // 10 µkWh by 333,333 / 666,667 ppm: floor(10 × 333,333 / 1,000,000) = 3, then 10 − 3 = 7.
    try (AttributionDriver app = new AttributionDriver().machine("m-a").machine("m-b")
        .sharedMeter("main", AllocationRule.FIXED_SHARES, List.of("m-a", "m-b"), 1.0 / 3, 2.0 / 3)) {
      app.reading("main", T0, 0.0).reading("main", T0 + MINUTE, 0.00001).flush();
      List<AttributedConsumption> slices = app.slices();
      assertThat(slices).extracting(AttributedConsumption::getMachineId).containsExactly("m-a", "m-b");
      assertThat(app.quantities()).containsExactly(3, 7);
      assertThat(slices).allSatisfy(slice -> {
        assertThat(slice.getAllocationRule()).isEqualTo(AllocationRule.FIXED_SHARES);
        assertThat(slice.getMeterId()).isEqualTo("main");
      });
    }
  }

  @Test
  void runtimeShareWeighsEachMachinesRunningTime() {
    // [0, 10m) of 0.9 kWh: m-a RUNNING all 10 min, m-b RUNNING 5 min → 0.6 / 0.3; m-b cut at its state change.
    try (AttributionDriver app = new AttributionDriver().machine("m-a").machine("m-b")
        .sharedMeter("main", AllocationRule.RUNTIME_SHARE, List.of("m-a", "m-b"))) {
      app.state("m-a", T0, OperatingState.RUNNING).state("m-b", T0, OperatingState.IDLE)
          .state("m-b", T0 + 5 * MINUTE, OperatingState.RUNNING)
          .reading("main", T0, 0.0).reading("main", T0 + 10 * MINUTE, 0.9).flush();
      assertThat(app.quantities()).containsExactly(600_000, 150_000, 150_000);
      assertThat(app.slices()).extracting(AttributedConsumption::getMachineId).containsExactly("m-a", "m-b", "m-b");
    }
  }

  @Test
  void unitsShareWeighsUnitsReportedWithinTheInterval() {
    // m-a 2 good + 1 scrap, m-b 1 good in [0, 10m); a count at 10m is outside → 0.75 / 0.25 of 1 kWh.
    try (AttributionDriver app = new AttributionDriver().machine("m-a").machine("m-b")
        .sharedMeter("main", AllocationRule.UNITS_SHARE, List.of("m-a", "m-b"))) {
      app.units("m-a", T0 + MINUTE, "o-a", "p", 2, 1).units("m-b", T0 + 2 * MINUTE, "o-b", "p", 1, 0)
          .units("m-b", T0 + 10 * MINUTE, "o-b", "p", 100, 0)
          .reading("main", T0, 0.0).reading("main", T0 + 10 * MINUTE, 1.0).flush();
      assertThat(app.quantities()).containsExactly(750_000, 250_000);
    }
  }

  @Test
  void sharedMeterWithAllWeightsZeroSplitsEqually() {
    // Nobody RUNNING: equal weights; 1 µkWh → floor(1/3)=0, floor(2/3)=0, 1.
    try (AttributionDriver app = new AttributionDriver().machine("m-a").machine("m-b").machine("m-c")
        .sharedMeter("main", AllocationRule.RUNTIME_SHARE, List.of("m-a", "m-b", "m-c"))) {
      app.reading("main", T0, 0.0).reading("main", T0 + MINUTE, 0.000001).flush();
      assertThat(app.quantities()).containsExactly(0, 0, 1);
    }
  }

  @Test
  void intervalIsHeldUntilBothMachineStreamsPassItsEndPlusGrace() {
    try (AttributionDriver app = new AttributionDriver(config -> config.withReorderWindow(Duration.ZERO)
        .withTimelineGrace(Duration.ofMinutes(1)))
        .machine(PRESS).meter(EM, PRESS, MeasurementKind.CUMULATIVE_COUNTER)) {
      app.state(PRESS, T0, OperatingState.RUNNING).reading(EM, T0, 0.0).reading(EM, T0 + 10 * MINUTE, 1.0);
      assertThat(app.slices()).isEmpty();
      // The state stream passes 11m; the production stream is still behind: its order at 5m still counts.
      app.state(PRESS, T0 + 11 * MINUTE, OperatingState.IDLE);
      assertThat(app.slices()).isEmpty();
      app.orderStarted(PRESS, T0 + 5 * MINUTE, "o-1", "p-1").units(PRESS, T0 + 10 * MINUTE + 59_999, "o-1", "p-1", 1, 0);
      assertThat(app.slices()).isEmpty();
      app.units(PRESS, T0 + 11 * MINUTE, "o-1", "p-1", 1, 0);
      assertThat(app.quantities()).containsExactly(500_000, 500_000);
      assertThat(app.slices()).extracting(AttributedConsumption::getOrderId).containsExactly(null, "o-1");
    }
  }

  @Test
  void intervalWaitingLongerThanTheMaxWaitIsSlicedOnTheTimelineAsKnown() {
    try (AttributionDriver app = new AttributionDriver(config -> config.withReorderWindow(Duration.ZERO)
        .withTimelineMaxWait(Duration.ofMinutes(2)).withIdleFlush(Duration.ofHours(1)))
        .machine(PRESS).meter(EM, PRESS, MeasurementKind.CUMULATIVE_COUNTER)) {
      // RUNNING for hours with no order: the production stream is silent, not behind.
      app.state(PRESS, T0, OperatingState.RUNNING).reading(EM, T0, 0.0).reading(EM, T0 + 10 * MINUTE, 1.0);
      app.driver.advanceWallClockTime(Duration.ofSeconds(119));
      assertThat(app.slices()).isEmpty();
      app.driver.advanceWallClockTime(Duration.ofSeconds(2));
      assertThat(app.quantities()).containsExactly(1_000_000);
    }
  }

  @Test
  void aSliceReleasedByTheWallClockCarriesItsEventTimeNotTheWallClock() {
    try (AttributionDriver app = new AttributionDriver(config -> config.withReorderWindow(Duration.ZERO)
        .withTimelineMaxWait(Duration.ofMinutes(2)).withIdleFlush(Duration.ofHours(1)))
        .machine(PRESS).meter(EM, PRESS, MeasurementKind.CUMULATIVE_COUNTER)) {
      app.state(PRESS, T0, OperatingState.RUNNING).reading(EM, T0, 0.0).reading(EM, T0 + 10 * MINUTE, 1.0);
      app.driver.advanceWallClockTime(Duration.ofHours(5));

      assertThat(app.sliceRecords()).singleElement().satisfies(record -> {
        assertThat(record.timestamp()).isEqualTo(record.value().getEnd().toEpochMilli()).isEqualTo(T0 + 10 * MINUTE);
      });
    }
  }

  @Test
  void readingOfAnUndefinedMeterGoesToTheDeadLetterTopicAndCountsOnceDefined() {
    try (AttributionDriver app = new AttributionDriver().machine(PRESS)) {
      app.reading(EM, T0, 1.0);
      assertThat(app.deadLetters()).singleElement()
          .satisfies(letter -> assertThat(letter.getReasonCode()).isEqualTo("UNKNOWN_METER"));
      app.meter(EM, PRESS, MeasurementKind.CUMULATIVE_COUNTER).reading(EM, T0 + MINUTE, 1.0)
          .reading(EM, T0 + 2 * MINUTE, 1.5).flush();
      assertThat(app.quantities()).containsExactly(500_000);
    }
  }

  @Test
  void undecodableBytesAreCountedAsDeadLettersAndTheAppGoesOn() {
    // TopologyTestDriver does not capture what an exception handler hands back for the
    // dead-letter topic: DeadLetterHandlersTest checks that record, AttributionIT the topic.
    try (AttributionDriver app = plantWithCounter()) {
      app.rawReading(EM, new byte[] {7, 1, 2, 3, 4, 5}).reading(EM, T0, 0.0).reading(EM, T0 + MINUTE, 1.0).flush();
      assertThat(app.quantities()).containsExactly(1_000_000);
      assertThat(app.metric("stroomlijn_attribution_dead_letters_total", "WRONG_MAGIC_BYTE")).isEqualTo(1.0);
    }
  }

  @Test
  void lateReadingAfterAFlushIsLateNotLost() {
    try (AttributionDriver app = plantWithCounter()) {
      app.reading(EM, T0, 0.0).reading(EM, T0 + MINUTE, 1.0).flush();
      app.reading(EM, T0 + MINUTE - 1, 0.5).reading(EM, T0 + 2 * MINUTE, 2.0).flush();
      assertThat(app.quantities()).containsExactly(1_000_000, 1_000_000);
      assertThat(app.deadLetters()).extracting(DeadLetter::getReasonCode).containsExactly("LATE");
    }
  }
}
