package nl.stroomlijn.jobs.baseline;

import static nl.stroomlijn.jobs.testing.Fixtures.MACHINE;
import static nl.stroomlijn.jobs.testing.Fixtures.MINUTE;
import static nl.stroomlijn.jobs.testing.Fixtures.PRODUCT;
import static nl.stroomlijn.jobs.testing.Fixtures.SITE;
import static nl.stroomlijn.jobs.testing.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import nl.stroomlijn.jobs.kpi.Contribution;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.schemas.KpiWindow;
import nl.stroomlijn.schemas.ScopeType;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnergyPerformanceTest {

  private static final Duration LATENESS = Duration.ofMinutes(5);
  private static final long HOUR = 60 * MINUTE;

  private KeyedOneInputStreamOperatorTestHarness<String, Contribution, KpiValue> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
        new EnergyPerformance(LATENESS, Duration.ofDays(1), 3, 1.25), c -> c.machineId, Types.STRING);
  }

  @Test
  void actualOverExpectedFromTheBaselineOfPastHoursAndAnEpisodeWhenFarAbove() throws Exception {
    // Three hours on the baseline energy = 5 + 0.2 x units, then one at twice that, then one back on it.
    hour(0, 0, "5");
    hour(1, 10, "7");
    hour(2, 50, "15");
    assertThat(harness.extractOutputValues()).as("no baseline yet").isEmpty();

    hour(3, 25, "20");
    assertThat(harness.extractOutputValues()).singleElement().satisfies(v -> {
      assertThat(v.getKpi()).isEqualTo("energy_performance");
      assertThat(v.getScopeId()).isEqualTo(MACHINE);
      assertThat(v.getNumerator()).isEqualByComparingTo("20");
      assertThat(v.getDenominator().doubleValue()).isCloseTo(10, within(1e-9));
      assertThat(v.getValue()).isCloseTo(2.0, within(1e-9));
    });
    assertThat(episodes()).singleElement().satisfies(e -> {
      assertThat(e.getKind()).isEqualTo(AnomalyKind.ENERGY_PERFORMANCE);
      assertThat(e.getStatus()).isEqualTo(EpisodeStatus.OPENED);
      assertThat(e.getObserved()).isEqualTo(20.0);
    });

    harness.getSideOutput(EnergyPerformance.ANOMALIES).clear();
    hour(4, 10, "7.2");
    assertThat(episodes()).singleElement().satisfies(e -> {
      assertThat(e.getStatus()).isEqualTo(EpisodeStatus.CLOSED);
      assertThat(e.getEnd()).isNotNull();
    });
  }

  @Test
  void anOrderIsMeasuredAgainstTheBaselineOfTheHoursBeforeIt() throws Exception {
    hour(0, 0, "5");
    hour(1, 10, "7");
    hour(2, 50, "15");
    long start = T0 + 3 * HOUR;
    harness.processElement(orderMark(start, Contribution.OrderMark.STARTED), start);
    Contribution work = contribution(start + MINUTE, "o-9", "7");
    work.goodUnits = 10;
    work.busyMillis = 30 * MINUTE;
    harness.processElement(work, work.time);
    harness.processElement(orderMark(start + 30 * MINUTE, Contribution.OrderMark.ENDED), start + 30 * MINUTE);
    harness.processWatermark(start + 45 * MINUTE - 1 + LATENESS.toMillis());
    assertThat(harness.extractOutputValues()).filteredOn(v -> v.getScopeType() == ScopeType.ORDER).singleElement()
        .satisfies(v -> {
          assertThat(v.getScopeId()).isEqualTo("o-9");
          assertThat(v.getWindow()).isEqualTo(KpiWindow.ORDER);
          assertThat(v.getNumerator()).isEqualByComparingTo("7");
          // a x 0.5 h + b x 10 units = 5 x 0.5 + 0.2 x 10
          assertThat(v.getDenominator().doubleValue()).isCloseTo(4.5, within(1e-9));
        });
  }

  private static Contribution orderMark(long time, Contribution.OrderMark mark) {
    Contribution c = contribution(time, "o-9", "0");
    c.orderMark = mark;
    return c;
  }

  private static Contribution contribution(long time, String order, String kwh) {
    Contribution c = new Contribution();
    c.time = time;
    c.endTime = time + MINUTE;
    c.machineId = MACHINE;
    c.siteId = SITE;
    c.productId = PRODUCT;
    c.orderId = order;
    c.energyKwh = new BigDecimal(kwh);
    return c;
  }

  private void hour(int hour, long units, String kwh) throws Exception {
    Contribution c = contribution(T0 + hour * HOUR, "o-1", kwh);
    c.goodUnits = units;
    harness.processElement(c, c.time);
    harness.processWatermark(T0 + (hour + 1) * HOUR - 1 + LATENESS.toMillis());
  }

  private java.util.List<AnomalyEpisode> episodes() {
    return harness.getSideOutput(EnergyPerformance.ANOMALIES).stream().map(StreamRecord::getValue).toList();
  }
}
