package nl.stroomlijn.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import nl.stroomlijn.ingest.sink.MemorySink;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

  @TempDir
  Path dir;

  @Test
  void theSteelPlantFileBecomesOneReadingPerRowInOrderWithItsLoadAsState() {
    MemorySink sink = new MemorySink();

    Replay.Summary summary = Replay.loadNamed("steel-industry-uci")
        .run(SharedData.steelPlantCsv(), sink, Replay.Options.defaults());

    List<SensorReading> readings = sink.values(Topics.READINGS);
    assertThat(summary.readings()).isEqualTo(35_040);
    assertThat(summary.deadLetterCount()).isZero();
    assertThat(readings).hasSize(35_040);
    // 01/01/2018 0:15 in Seoul (UTC+9); the file's "31/12/2018 00:00" is the end of that day.
    assertThat(readings.get(0).getTimestamp()).isEqualTo(Instant.parse("2017-12-31T15:15:00Z"));
    assertThat(readings.get(0).getValue()).isEqualTo(3.17);
    assertThat(readings.get(readings.size() - 1).getTimestamp()).isEqualTo(Instant.parse("2018-12-31T15:00:00Z"));
    for (int i = 1; i < readings.size(); i++) {
      assertThat(readings.get(i).getTimestamp().toEpochMilli() - readings.get(i - 1).getTimestamp().toEpochMilli())
          .as("row %d", i + 2).isEqualTo(900_000L);
    }
    List<MachineState> states = sink.values(Topics.MACHINE_STATES);
    assertThat(states).isNotEmpty().extracting(MachineState::getState)
        .containsOnly(OperatingState.IDLE, OperatingState.RUNNING);
    assertThat(states.get(0).getTimestamp()).isEqualTo(Instant.parse("2017-12-31T15:00:00Z"));
  }

  @Test
  void aWideFileConvertsUnitsAndSendsBadRowsToTheDeadLetterTopic() throws Exception {
    Replay replay = mapping("""
        shape: WIDE
        time: {column: ts, format: iso, zone: Europe/Amsterdam}
        meters:
          - {column: p_w, sensorId: m/p, machine: m, medium: ELECTRICITY, measurement: INSTANTANEOUS_RATE, unit: W}
          - {column: e_mwh, sensorId: m/e, machine: m, medium: ELECTRICITY, measurement: CUMULATIVE_COUNTER, unit: MWh}
          - {column: gas_gj, sensorId: m/g, machine: m, medium: NATURAL_GAS, measurement: INTERVAL_TOTAL, unit: GJ, intervalMillis: 60000}
          - {column: steel_t, sensorId: m/s, machine: m, medium: MATERIAL, measurement: CUMULATIVE_COUNTER, unit: t}
          - {column: water_l, sensorId: m/w, machine: m, medium: WATER, measurement: CUMULATIVE_COUNTER, unit: l, scale: 10}
        context:
          machine: m
          state: {column: st, values: {run: RUNNING, idle: IDLE}}
          order: order
          product: product
          goodUnits: good
          scrapUnits: scrap
        """);
    Path csv = csv("""
        ts,p_w,e_mwh,gas_gj,steel_t,water_l,st,order,product,good,scrap
        2026-03-01T10:00:00,1500,1.25,0.36,2.5,7,idle,,,,
        2026-03-01T10:01:00Z,2500,1.2505,0.72,2.501,8,run,PO-1,bracket,10,1
        not-a-time,1,1,1,1,1,run,PO-1,bracket,1,0
        2026-03-01T10:03:00Z,abc,1,1,1,1,run,PO-1,bracket,1,0
        2026-03-01T10:04:00Z,1,1,1,1,1,flying,PO-1,bracket,1,0
        2026-03-01T10:05:00Z,1,1
        2026-03-01T10:06:00Z,,1.251,,,,idle,,,,
        """);
    MemorySink sink = new MemorySink();

    Replay.Summary summary = replay.run(csv, sink, Replay.Options.defaults());

    assertThat(summary.rows()).isEqualTo(3);
    assertThat(summary.deadLetters()).containsEntry("BAD_TIME", 1L).containsEntry("BAD_NUMBER", 1L)
        .containsEntry("UNKNOWN_STATE", 1L).containsEntry("WRONG_COLUMN_COUNT", 1L);
    assertThat(summary.blankCells()).isEqualTo(4);
    List<SensorReading> readings = sink.values(Topics.READINGS);
    assertThat(readings).hasSize(11);
    SensorReading first = readings.get(0);
    assertThat(first.getTimestamp()).isEqualTo(Instant.parse("2026-03-01T09:00:00Z"));
    assertThat(first.getValue()).isEqualTo(1.5);
    assertThat(first.getUnit()).isEqualTo("kW");
    assertThat(first.getOriginalValue()).isEqualTo(1500.0);
    assertThat(first.getOriginalUnit()).isEqualTo("W");
    assertThat(readings).filteredOn(r -> r.getSensorId().equals("m/e")).extracting(SensorReading::getValue)
        .containsExactly(1250.0, 1250.5, 1251.0);
    assertThat(readings).filteredOn(r -> r.getSensorId().equals("m/g")).extracting(SensorReading::getValue)
        .containsExactly(100.0, 200.0);
    assertThat(readings).filteredOn(r -> r.getSensorId().equals("m/s")).extracting(SensorReading::getValue)
        .containsExactly(2500.0, 2501.0);
    assertThat(readings).filteredOn(r -> r.getSensorId().equals("m/w")).extracting(SensorReading::getValue)
        .containsExactly(0.07, 0.08);
    assertThat(readings).allSatisfy(r -> assertThat(r.getUnit()).isIn("kW", "kWh", "kg", "m3"));

    List<DeadLetter> letters = sink.values(Topics.DEAD_LETTERS);
    assertThat(letters).extracting(DeadLetter::getSourceLine).containsExactly(4L, 5L, 6L, 7L);
    DeadLetter badNumber = letters.get(1);
    assertThat(badNumber.getReasonCode()).isEqualTo("BAD_NUMBER");
    assertThat(badNumber.getField()).isEqualTo("p_w");
    assertThat(badNumber.getSource()).isEqualTo("replay");
    assertThat(StandardCharsets.UTF_8.decode(badNumber.getOriginalValue()).toString())
        .isEqualTo("2026-03-01T10:03:00Z,abc,1,1,1,1,run,PO-1,bracket,1,0");

    assertThat(sink.values(Topics.MACHINE_STATES)).extracting(MachineState::getState)
        .containsExactly(OperatingState.IDLE, OperatingState.RUNNING, OperatingState.IDLE);
    assertThat(sink.values(Topics.PRODUCTION)).extracting(ProductionEvent::getType).containsExactly(
        ProductionEventType.ORDER_STARTED, ProductionEventType.UNITS_PRODUCED, ProductionEventType.ORDER_ENDED);
    assertThat(sink.values(Topics.PRODUCTION).get(1).getScrapUnits()).isEqualTo(1L);
  }

  @Test
  void machineStatesAndProductionEventsGoThroughTheGatewaysValidation() throws Exception {
    Replay replay = mapping("""
        shape: WIDE
        time: {column: ts, format: iso}
        meters:
          - {column: kw, sensorId: m/p, machine: m, medium: ELECTRICITY, measurement: INSTANTANEOUS_RATE, unit: kW}
        context:
          machineColumn: machine
          state: {column: st, values: {run: RUNNING, idle: IDLE}}
          order: order
          product: product
          goodUnits: good
          scrapUnits: scrap
        """);
    Path csv = csv("""
        ts,kw,machine,st,order,product,good,scrap
        2026-03-01T10:00:00Z,1,m,run,PO-1,bracket,-1,0
        2026-03-01T10:01:00Z,1,m,run,PO-1,bracket,2.5,0
        2026-03-01T10:02:00Z,1,m,idle,,,3,
        2026-03-01T10:03:00Z,1,m,run,PO-2,,,
        2026-03-01T10:04:00Z,1,,run,PO-2,bracket,,
        2026-03-01T10:05:00Z,1,m2,run,PO-2,bracket,4,1
        """);
    MemorySink sink = new MemorySink();

    replay.run(csv, sink, Replay.Options.defaults());

    assertThat(sink.values(Topics.DEAD_LETTERS)).extracting(DeadLetter::getReasonCode, DeadLetter::getField)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("OUT_OF_RANGE", "good"),
            org.assertj.core.groups.Tuple.tuple("BAD_NUMBER", "good"),
            org.assertj.core.groups.Tuple.tuple("MISSING_FIELD", "order"),
            org.assertj.core.groups.Tuple.tuple("MISSING_FIELD", "product"),
            org.assertj.core.groups.Tuple.tuple("MISSING_FIELD", "machine"));
    // A machine column names machines as they come: m2 is accepted.
    assertThat(sink.values(Topics.PRODUCTION)).extracting(ProductionEvent::getMachineId, ProductionEvent::getType)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("m2", ProductionEventType.ORDER_STARTED),
            org.assertj.core.groups.Tuple.tuple("m2", ProductionEventType.UNITS_PRODUCED));
    assertThat(sink.values(Topics.MACHINE_STATES)).extracting(MachineState::getMachineId).containsExactly("m2");
  }

  @Test
  void aLongFileNamesTheMeterInAColumnAndMayCarryTheUnit() throws Exception {
    Replay replay = mapping("""
        shape: LONG
        delimiter: ";"
        time: {column: time, format: epoch-seconds}
        longShape: {meterColumn: tag, valueColumn: value, unitColumn: unit}
        meters:
          - {key: PRESS1.E, sensorId: l/press-1/em, machine: l/press-1, medium: ELECTRICITY, measurement: CUMULATIVE_COUNTER, unit: kWh}
          - {key: PRESS1.AIR, sensorId: l/press-1/air, machine: l/press-1, medium: COMPRESSED_AIR, measurement: INSTANTANEOUS_RATE, unit: m3/h}
        """);
    Path csv = csv("""
        time;tag;value;unit
        1767225600;PRESS1.E;12000;Wh
        1767225600;PRESS1.AIR;50;l/min
        1767225660;PRESS1.E;12.5;kWh
        1767225660;PRESS9.E;1;kWh
        1767225720;PRESS1.E;1;furlong
        1767225720;PRESS1.E;1;kW
        """);
    MemorySink sink = new MemorySink();

    Replay.Summary summary = replay.run(csv, sink, Replay.Options.defaults());

    assertThat(sink.values(Topics.READINGS)).extracting(SensorReading::getSensorId, SensorReading::getValue,
        SensorReading::getUnit).containsExactly(
            org.assertj.core.groups.Tuple.tuple("l/press-1/em", 12.0, "kWh"),
            org.assertj.core.groups.Tuple.tuple("l/press-1/air", 3.0, "m3/h"),
            org.assertj.core.groups.Tuple.tuple("l/press-1/em", 12.5, "kWh"));
    assertThat(summary.deadLetters()).containsEntry("UNKNOWN_METER", 1L).containsEntry("UNKNOWN_UNIT", 1L)
        .containsEntry("UNIT_MISMATCH", 1L);
  }

  @Test
  void aCheckpointResumesAfterTheLastAcknowledgedLine() throws Exception {
    Replay replay = Replay.loadNamed("steel-industry-uci");
    Path csv = Files.writeString(dir.resolve("steel.csv"), String.join("\n",
        Files.readAllLines(SharedData.steelPlantCsv()).subList(0, 1001)));
    Path checkpoint = dir.resolve("steel.checkpoint");
    MemorySink first = new MemorySink();
    replay.run(csv, first, new Replay.Options(null, null, checkpoint, 300));

    assertThat(Files.readString(checkpoint)).contains("line=1001");
    MemorySink again = new MemorySink();
    Replay.Summary resumed = replay.run(csv, again, new Replay.Options(null, null, checkpoint, 300));
    assertThat(resumed.resumedAfterLine()).isEqualTo(1001);
    assertThat(again.records()).isEmpty();

    Files.writeString(checkpoint, Files.readString(checkpoint).replace("line=1001", "line=901"));
    MemorySink rest = new MemorySink();
    replay.run(csv, rest, new Replay.Options(null, null, checkpoint, 300));
    assertThat(rest.values(Topics.READINGS)).hasSize(100)
        .first().extracting(SensorReading::getTimestamp).isEqualTo(first.values(Topics.READINGS).get(900).getTimestamp());
    assertThat(rest.values(Topics.MACHINE_STATES)).allSatisfy(s -> assertThat(s.getTimestamp())
        .isAfter(first.values(Topics.READINGS).get(899).getTimestamp().minusSeconds(900)));
  }

  @Test
  void aMappingWithUnknownUnitsOrColumnsIsRejectedWithEveryProblem() {
    assertThatThrownBy(() -> mapping("""
        shape: WIDE
        time: {column: ts, format: iso}
        meters:
          - {column: a, sensorId: x/a, medium: ELECTRICITY, measurement: CUMULATIVE_COUNTER, unit: horsepower}
          - {column: b, sensorId: x/b, medium: ELECTRICITY, measurement: CUMULATIVE_COUNTER, unit: kW}
        """)).isInstanceOf(MappingException.class)
        .hasMessageContaining("unknown unit 'horsepower'")
        .hasMessageContaining("reports an amount, but 'kW' is a rate");
  }

  private Replay mapping(String yaml) throws Exception {
    Path file = Files.writeString(dir.resolve("mapping-" + System.nanoTime() + ".yaml"), yaml);
    return Replay.loadNamed(file.toString());
  }

  private Path csv(String content) throws Exception {
    return Files.writeString(dir.resolve("data-" + System.nanoTime() + ".csv"), content);
  }
}
