package nl.stroomlijn.jobs.kpi;

import static nl.stroomlijn.jobs.testing.Fixtures.MINUTE;
import static nl.stroomlijn.jobs.testing.Fixtures.T0;
import static nl.stroomlijn.jobs.testing.Fixtures.factor;
import static nl.stroomlijn.jobs.testing.Fixtures.slice;
import static nl.stroomlijn.jobs.testing.Fixtures.units;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.stroomlijn.jobs.testing.Fixtures;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.Either;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ContributionJoinTest {

  private static final Duration LATENESS = Duration.ofMinutes(5);

  private KeyedBroadcastOperatorTestHarness<String, Either<AttributedConsumption, ProductionEvent>,
      Either<AssetDefinition, EmissionFactor>, Contribution> harness;

  @BeforeEach
  void setUp() throws Exception {
    harness = ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(new ContributionJoin(LATENESS),
        ContributionJoin::machineOf, Types.STRING, ContributionJoin.ASSETS, ContributionJoin.FACTORS);
    for (AssetDefinition asset : Fixtures.plant()) {
      harness.processBroadcastElement(Either.Left(asset), 0);
    }
  }

  @Test
  void usesTheFactorValidAtTheSliceTimeEvenWhenItArrivesAfterTheSlice() throws Exception {
    harness.processBroadcastElement(Either.Right(factor("NL", Medium.ELECTRICITY, T0, "0.300000")), T0);
    harness.processElement(Either.Left(slice(Medium.ELECTRICITY, T0 + 20 * MINUTE, T0 + 25 * MINUTE, "2.000000",
        OperatingState.RUNNING, "o-1")), T0 + 20 * MINUTE);
    // The next factor, valid from 20 minutes in, comes after the slice: the join waits for the watermark.
    harness.processBroadcastElement(Either.Right(factor("NL", Medium.ELECTRICITY, T0 + 20 * MINUTE, "0.250000")),
        T0 + 20 * MINUTE);
    assertThat(harness.extractOutputValues()).isEmpty();

    harness.processWatermark(T0 + 20 * MINUTE);
    harness.processBroadcastWatermark(T0 + 20 * MINUTE);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
      assertThat(c.co2eKg).isEqualByComparingTo("0.5");
      assertThat(c.co2eMethods).isEqualTo("location-based, scope 2");
      assertThat(c.energyKwh).isEqualByComparingTo("2");
      assertThat(c.idleEnergyKwh).isEqualByComparingTo("0");
      assertThat(c.runMillis).isEqualTo(5 * MINUTE);
      assertThat(c.busyMillis).isEqualTo(5 * MINUTE);
      assertThat(c.idealCycleDeclared).isTrue();
    });
  }

  @Test
  void energyWithoutAFactorMakesCo2eUnknownAndIdleStatesCountAsIdleEnergy() throws Exception {
    harness.processWatermark(T0 + 60 * MINUTE);
    harness.processBroadcastWatermark(T0 + 60 * MINUTE);
    harness.processElement(Either.Left(slice(Medium.ELECTRICITY, T0 + 60 * MINUTE, T0 + 61 * MINUTE, "0.100000",
        OperatingState.IDLE, null)), T0 + 60 * MINUTE);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
      assertThat(c.slicesWithoutFactor).isEqualTo(1);
      assertThat(c.idleEnergyKwh).isEqualByComparingTo("0.1");
      assertThat(c.runMillis).isZero();
      assertThat(c.busyMillis).isEqualTo(MINUTE);
    });
  }

  @Test
  void productionEventsGetTheirLineSiteOutputMassAndIdealTime() throws Exception {
    harness.processWatermark(T0);
    harness.processBroadcastWatermark(T0);
    harness.processElement(Either.Right(units(T0, "o-1", 6, 1)), T0);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> {
      assertThat(c.lineId).isEqualTo(Fixtures.LINE);
      assertThat(c.siteId).isEqualTo(Fixtures.SITE);
      assertThat(c.outputKg).isEqualByComparingTo("3.0");
      assertThat(c.idealRunMillis).isEqualTo(70_000);
    });
  }

  @Test
  void aRecordWhoseQuarterHourClosedGoesToTheLateSideOutput() throws Exception {
    long closed = T0 + 15 * MINUTE - 1 + LATENESS.toMillis();
    harness.processWatermark(closed);
    harness.processBroadcastWatermark(closed);
    harness.processElement(Either.Right(units(T0 + 14 * MINUTE, "o-1", 1, 0)), T0 + 14 * MINUTE);
    harness.processElement(Either.Right(units(T0 + 15 * MINUTE, "o-1", 1, 0)), T0 + 15 * MINUTE);
    assertThat(harness.getSideOutput(ContributionJoin.LATE)).hasSize(1);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(c -> assertThat(c.time).isEqualTo(T0 + 15 * MINUTE));
  }
}
