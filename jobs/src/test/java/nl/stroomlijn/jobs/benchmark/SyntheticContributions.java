package nl.stroomlijn.jobs.benchmark;

import java.math.BigDecimal;
import nl.stroomlijn.jobs.kpi.Contribution;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The benchmark's input, computed from the index so both pipelines read the very same records
 * without a list in the job graph: one contribution per machine and minute, 2 sites x 2 lines x 5
 * machines, an order of one of 4 products every 2 hours per machine.
 */
final class SyntheticContributions implements GeneratorFunction<Long, Contribution> {

  static final int MACHINES = 20;
  static final long T0 = 1_740_960_000_000L;   // 2025-03-03T00:00:00Z
  private static final long MINUTE = 60_000L;

  static DataGeneratorSource<Contribution> source(long count) {
    return new DataGeneratorSource<>(new SyntheticContributions(), count, RateLimiterStrategy.noOp(),
        TypeInformation.of(Contribution.class));
  }

  @Override
  public Contribution map(Long index) {
    long i = index;
    int machine = (int) (i % MACHINES);
    long minute = i / MACHINES;
    Contribution c = new Contribution();
    c.time = T0 + minute * MINUTE;
    c.endTime = c.time + MINUTE;
    c.siteId = "site-" + machine / 10;
    c.lineId = c.siteId + "/line-" + machine / 5;
    c.machineId = c.lineId + "/m-" + machine;
    c.orderId = "o-" + machine + "-" + minute / 120;
    c.productId = "p-" + (minute / 120 + machine) % 4;
    boolean running = minute % 10 != 0;
    c.energyKwh = BigDecimal.valueOf(1_000 + (i * 7_919) % 5_000, 6);
    c.idleEnergyKwh = running ? BigDecimal.ZERO : c.energyKwh;
    c.materialKg = BigDecimal.valueOf(20_000 + (i * 104_729) % 10_000, 6);
    c.co2eKg = c.energyKwh.multiply(new BigDecimal("0.300000"));
    c.co2eMethods = "location-based, scope 2";
    c.goodUnits = running ? 5 + i % 3 : 0;
    c.scrapUnits = running && i % 7 == 0 ? 1 : 0;
    c.outputKg = BigDecimal.valueOf(c.goodUnits).multiply(new BigDecimal("0.5"));
    c.runMillis = running ? MINUTE : 0;
    c.busyMillis = MINUTE;
    c.idealRunMillis = (c.goodUnits + c.scrapUnits) * 8_000;
    c.idealCycleDeclared = true;
    return c;
  }
}
