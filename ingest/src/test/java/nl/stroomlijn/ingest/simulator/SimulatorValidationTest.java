package nl.stroomlijn.ingest.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.gateway.validation.ValidationRules;
import nl.stroomlijn.ingest.plant.FaultKind;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.sink.MemorySink;
import nl.stroomlijn.ingest.sink.TeeSink;
import nl.stroomlijn.ingest.truth.GroundTruth;
import nl.stroomlijn.ingest.units.Units;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.Test;

/** The simulator writes through the gateway's validation: what it rejects is a dead letter, and the truth is what it accepted. */
class SimulatorValidationTest {

  private static final Duration TWO_HOURS = Duration.ofHours(2);

  @Test
  void aReadingTheTimeWindowRejectsIsADeadLetterAndTheTruthCountsOnlyWhatWasAccepted() {
    Plant plant = Simulations.defaultPlant(Map.of(FaultKind.LATE, 0.05));
    // Late readings arrive more than the 2-minute reorder window after their event time: a 1-minute
    // max-age refuses them, judged against the simulated time of delivery.
    SimulationOptions options = SimulationOptions.of(7, Simulations.START, TWO_HOURS)
        .withRules(new ValidationRules(Duration.ofMinutes(1), Duration.ofMinutes(5), ValidationRules.UnknownAssets.REJECT));
    MemorySink delivered = new MemorySink();
    GroundTruth truth = new GroundTruth(plant, options.reorderWindow().toMillis(), options.gapThreshold().toMillis());

    SimulationReport report = new Simulator(plant, options).run(new TeeSink(delivered, truth));
    truth.compute();

    List<DeadLetter> letters = delivered.values(Topics.DEAD_LETTERS);
    assertThat(letters).isNotEmpty().allSatisfy(letter -> {
      assertThat(letter.getReasonCode()).isEqualTo("TIMESTAMP_TOO_OLD");
      assertThat(letter.getSource()).isEqualTo("simulator");
      assertThat(letter.getField()).isEqualTo("timestamp");
      assertThat(StandardCharsets.UTF_8.decode(letter.getOriginalValue()).toString()).contains("\"sensorId\"");
    });
    List<SensorReading> accepted = delivered.values(Topics.READINGS);
    assertThat(accepted).allSatisfy(r -> assertThat(r.getReceivedAt().toEpochMilli() - r.getTimestamp().toEpochMilli())
        .isLessThanOrEqualTo(60_000L));
    Map<String, Long> perTopic = new HashMap<>();
    delivered.records().forEach(sent -> perTopic.merge(sent.topic().name(), 1L, Long::sum));
    assertThat(truth.recordsPerTopic()).isEqualTo(perTopic);
    assertThat(report.recordsPerTopic()).isEqualTo(perTopic);
    Map<String, long[]> countAndSum = new HashMap<>();
    for (SensorReading reading : accepted) {
      long[] cs = countAndSum.computeIfAbsent(reading.getSensorId(), k -> new long[2]);
      cs[0]++;
      cs[1] += Units.toMicro(reading.getValue());
    }
    truth.meters().forEach((id, meter) -> {
      long[] cs = countAndSum.getOrDefault(id, new long[2]);
      assertThat(meter.delivered()).as(id).isEqualTo(cs[0]);
      assertThat(meter.valueSumMicro()).as(id).isEqualTo(cs[1]);
      assertThat(meter.late()).as(id).isZero();
    });

    // Nothing is lost: the same run under the normal window accepts every reading, rejected ones included.
    MemorySink all = new MemorySink();
    new Simulator(plant, SimulationOptions.of(7, Simulations.START, TWO_HOURS)).run(all);
    assertThat(all.values(Topics.DEAD_LETTERS)).isEmpty();
    assertThat(all.values(Topics.READINGS)).hasSize(accepted.size() + letters.size());
  }
}
