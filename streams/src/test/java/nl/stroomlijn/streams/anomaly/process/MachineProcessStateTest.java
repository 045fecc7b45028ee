package nl.stroomlijn.streams.anomaly.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import nl.stroomlijn.streams.anomaly.episode.EpisodeSettings;
import org.junit.jupiter.api.Test;

class MachineProcessStateTest {

  @Test
  void runningTimeIsCountedOnceWhateverTheNumberOfMetersSendingSlicesOfIt() {
    // The machine's own meter every 15 s and its shares of a compressor (10 s) and a chiller
    // (30 s): three slices of every minute, one minute of running.
    MachineProcessState.OrderTally order = new MachineProcessState.OrderTally();
    for (long t = 0; t < 30 * 60_000L; t += 30_000L) {
      order.countRunning(t, t + 15_000L);
      order.countRunning(t + 15_000L, t + 30_000L);
      order.countRunning(t, t + 10_000L);
      order.countRunning(t + 10_000L, t + 20_000L);
      order.countRunning(t + 20_000L, t + 30_000L);
      order.countRunning(t, t + 30_000L);
    }

    assertThat(order.runningMillis).isEqualTo(30 * 60_000L);
  }

  @Test
  void aMachineReadBackFromItsBytesGoesOnAsIfNeverStored() {
    MachineProcessState kept = new MachineProcessState(Sensitivity.DEFAULT, EpisodeSettings.DEFAULT);
    MachineProcessState stored = new MachineProcessState(Sensitivity.DEFAULT, EpisodeSettings.DEFAULT);
    for (MachineProcessState machine : List.of(kept, stored)) {
      for (int i = 0; i < 500; i++) {
        machine.scrap.assess(i % 2 == 0 ? "a" : "b", 2, i % 37 == 0 ? 1 : 0);
        machine.idle.assess(OperatingState.IDLE, i * 60_000L, (i + 1) * 60_000L, i < 480 ? 0.05 : 0.3, 13, 900_000L);
      }
      for (int i = 0; i < 4; i++) {
        machine.energyPerUnit.assess("a", 10 + i % 2, 100);
      }
      MachineProcessState.OrderTally order = machine.order("o-1", "a");
      order.kwh = 7.5;
      order.countRunning(0, 1_800_000L);
      order.goodUnits = 40;
      order.reported = true;
    }
    stored = MachineProcessState.fromBytes(stored.toBytes(), Sensitivity.DEFAULT, EpisodeSettings.DEFAULT);

    assertThat(stored.toBytes()).isEqualTo(kept.toBytes());
    List<Object> fromKept = new ArrayList<>();
    List<Object> fromStored = new ArrayList<>();
    for (MachineProcessState machine : List.of(kept, stored)) {
      List<Object> findings = machine == kept ? fromKept : fromStored;
      for (int i = 0; i < 40; i++) {
        findings.add(machine.scrap.assess("a", 1, 1));
        findings.add(machine.idle.assess(OperatingState.OFF, (500 + i) * 60_000L, (501 + i) * 60_000L, 0.3, 13, 900_000L));
      }
      findings.add(machine.energyPerUnit.assessSoFar("a", 40, 100, 1_800_000L));
      findings.add(machine.order("o-1", null).reported);
    }
    assertThat(fromStored).isEqualTo(fromKept);
  }
}
