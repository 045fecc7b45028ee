package nl.stroomlijn.jobs.kpi;

import static nl.stroomlijn.jobs.testing.Fixtures.MACHINE;
import static nl.stroomlijn.jobs.testing.Fixtures.MINUTE;
import static nl.stroomlijn.jobs.testing.Fixtures.SITE;
import static nl.stroomlijn.jobs.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import nl.stroomlijn.schemas.KpiStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KpiRollupTest {

  private static final Duration LATENESS = Duration.ofMinutes(5);
  private static final long PROVISIONAL_MS = 10_000;

  private KeyedOneInputStreamOperatorTestHarness<String, ScopedContribution, KpiValue> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new KpiRollup(LATENESS, Duration.ofMillis(PROVISIONAL_MS)), ScopedContribution::rollupKey, Types.STRING);
  }

  @Test
  void provisionalWhileOpenThenOneFinalAfterTheLateness() throws Exception {
    send(KpiWindow.MINUTES_15, energy(T0 + MINUTE, "1.500000"));
    send(KpiWindow.MINUTES_15, energy(T0 + 14 * MINUTE, "2.250000"));
    harness.setProcessingTime(PROVISIONAL_MS);
    assertThat(values("energy_kwh")).singleElement().satisfies(v -> {
      assertThat(v.getStatus()).isEqualTo(KpiStatus.PROVISIONAL);
      assertThat(v.getNumerator()).isEqualByComparingTo("3.75");
      assertThat(v.getSourceRecords()).isEqualTo(2);
    });

    harness.getOutput().clear();
    long closesAt = T0 + 15 * MINUTE - 1 + LATENESS.toMillis();
    harness.processWatermark(closesAt - 1);
    send(KpiWindow.MINUTES_15, energy(T0 + 2 * MINUTE, "0.250000"));   // late but within the lateness
    assertThat(values("energy_kwh")).isEmpty();
    harness.processWatermark(closesAt);
    assertThat(values("energy_kwh")).singleElement().satisfies(v -> {
      assertThat(v.getStatus()).isEqualTo(KpiStatus.FINAL);
      assertThat(v.getValue()).isEqualTo(4.0);
      assertThat(v.getNumerator()).isEqualTo(new BigDecimal("4.000000000000"));
      assertThat(v.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0));
      assertThat(v.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 15 * MINUTE));
      assertThat(v.getSourceRecords()).isEqualTo(3);
    });

    harness.getOutput().clear();
    harness.setProcessingTime(10 * PROVISIONAL_MS);
    harness.processWatermark(closesAt + 60 * MINUTE);
    assertThat(harness.extractOutputValues()).as("nothing after the final").isEmpty();
  }

  @Test
  void ratiosComeFromTheExactSumsAndAreNullWithoutADenominator() throws Exception {
    send(KpiWindow.HOUR_1, energy(T0, "10.000000"));
    harness.processWatermark(T0 + 60 * MINUTE - 1 + LATENESS.toMillis());
    assertThat(values("sec_kwh_per_unit")).singleElement().satisfies(v -> {
      assertThat(v.getValue()).isNull();
      assertThat(v.getNumerator()).isEqualByComparingTo("10");
      assertThat(v.getDenominator()).isEqualByComparingTo("0");
    });

    harness.getOutput().clear();
    Contribution units = new Contribution();
    units.time = T0 + 61 * MINUTE;
    units.endTime = units.time;
    units.machineId = MACHINE;
    units.goodUnits = 3;
    units.scrapUnits = 1;
    send(KpiWindow.HOUR_1, energy(T0 + 70 * MINUTE, "1.000000"));
    send(KpiWindow.HOUR_1, units);
    harness.processWatermark(T0 + 120 * MINUTE - 1 + LATENESS.toMillis());
    assertThat(values("sec_kwh_per_unit")).singleElement()
        .satisfies(v -> assertThat(v.getValue()).isEqualTo(1.0 / 3));
    assertThat(values("scrap_rate")).singleElement().satisfies(v -> assertThat(v.getValue()).isEqualTo(0.25));
  }

  @Test
  void anOrderWindowClosesWithTheQuarterHourOfItsEnd() throws Exception {
    Contribution started = orderMark(T0 + 3 * MINUTE, Contribution.OrderMark.STARTED);
    Contribution ended = orderMark(T0 + 20 * MINUTE, Contribution.OrderMark.ENDED);
    sendOrder(started);
    sendOrder(energy(T0 + 5 * MINUTE, "2.000000"));
    sendOrder(ended);
    long closesAt = T0 + 30 * MINUTE - 1 + LATENESS.toMillis();
    harness.processWatermark(closesAt - 1);
    sendOrder(energy(T0 + 19 * MINUTE, "1.000000"));
    assertThat(values("energy_kwh")).isEmpty();
    harness.processWatermark(closesAt);
    assertThat(values("energy_kwh")).singleElement().satisfies(v -> {
      assertThat(v.getStatus()).isEqualTo(KpiStatus.FINAL);
      assertThat(v.getWindow()).isEqualTo(KpiWindow.ORDER);
      assertThat(v.getNumerator()).isEqualByComparingTo("3");
      assertThat(v.getWindowStart()).isEqualTo(Instant.ofEpochMilli(T0 + 3 * MINUTE));
      assertThat(v.getWindowEnd()).isEqualTo(Instant.ofEpochMilli(T0 + 20 * MINUTE));
      assertThat(v.getSourceRecords()).isEqualTo(4);
    });
  }

  private void send(KpiWindow window, Contribution c) throws Exception {
    harness.processElement(new ScopedContribution(ScopeType.MACHINE, MACHINE, SITE, window, c), c.time);
  }

  private void sendOrder(Contribution c) throws Exception {
    harness.processElement(new ScopedContribution(ScopeType.ORDER, "o-1", SITE, KpiWindow.ORDER, c), c.time);
  }

  private List<KpiValue> values(String kpi) {
    return harness.extractOutputValues().stream().filter(v -> v.getKpi().equals(kpi)).toList();
  }

  static Contribution energy(long time, String kwh) {
    Contribution c = new Contribution();
    c.time = time;
    c.endTime = time + MINUTE;
    c.machineId = MACHINE;
    c.siteId = SITE;
    c.energyKwh = new BigDecimal(kwh);
    return c;
  }

  private static Contribution orderMark(long time, Contribution.OrderMark mark) {
    Contribution c = new Contribution();
    c.time = time;
    c.endTime = time;
    c.machineId = MACHINE;
    c.orderId = "o-1";
    c.orderMark = mark;
    return c;
  }
}
