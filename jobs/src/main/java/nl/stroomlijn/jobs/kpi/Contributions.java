package nl.stroomlijn.jobs.kpi;

import java.math.BigDecimal;
import java.util.Optional;
import nl.stroomlijn.jobs.co2e.EmissionFactorTable;
import nl.stroomlijn.jobs.plant.PlantModel;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;

/** Builds the contribution of a consumption slice or a production event (definitions in docs/kpis.md). */
public final class Contributions {

  static final String KWH = "kWh";

  private Contributions() {
  }

  public static Contribution of(AttributedConsumption slice, PlantModel plant, EmissionFactorTable factors) {
    Contribution c = new Contribution();
    c.time = slice.getStart().toEpochMilli();
    c.endTime = slice.getEnd().toEpochMilli();
    c.machineId = slice.getMachineId();
    c.lineId = slice.getLineId();
    c.siteId = slice.getSiteId();
    c.orderId = slice.getOrderId();
    c.productId = slice.getProductId();
    BigDecimal quantity = slice.getQuantity();
    if (KWH.equals(slice.getUnit())) {
      c.energyKwh = quantity;
      if (slice.getState() != OperatingState.RUNNING || slice.getOrderId() == null) {
        c.idleEnergyKwh = quantity;
      }
    }
    if (slice.getMedium() == Medium.MATERIAL) {
      c.materialKg = quantity;
    }
    Optional<EmissionFactor> factor = factors.validAt(slice.getSiteId(), slice.getMedium(), c.time)
        .or(() -> factors.validAt(plant.gridZone(slice.getSiteId()).orElse(null), slice.getMedium(), c.time));
    if (factor.isPresent()) {
      c.co2eKg = quantity.multiply(factor.get().getKgCo2ePerUnit());
      c.co2eMethods = EmissionFactorTable.method(factor.get());
    } else if (isEnergyCarrier(slice.getMedium()) && quantity.signum() > 0) {
      c.slicesWithoutFactor = 1;
    }
    if (isTimeMeter(slice, plant)) {
      long millis = c.endTime - c.time;
      c.runMillis = slice.getState() == OperatingState.RUNNING ? millis : 0;
      c.busyMillis = slice.getState() != OperatingState.OFF ? millis : 0;
    }
    c.idealCycleDeclared = plant.idealCycleMillis(c.machineId, c.productId).isPresent();
    return c;
  }

  public static Contribution of(ProductionEvent event, PlantModel plant) {
    Contribution c = new Contribution();
    c.time = event.getTimestamp().toEpochMilli();
    c.endTime = c.time;
    c.machineId = event.getMachineId();
    c.lineId = plant.lineOf(c.machineId).orElse(null);
    c.siteId = plant.siteOf(c.machineId).orElse(null);
    c.orderId = event.getOrderId();
    c.productId = event.getProductId();
    switch (event.getType()) {
      case ORDER_STARTED -> c.orderMark = Contribution.OrderMark.STARTED;
      case ORDER_ENDED -> c.orderMark = Contribution.OrderMark.ENDED;
      case UNITS_PRODUCED -> addUnits(c, event, plant);
    }
    return c;
  }

  private static void addUnits(Contribution c, ProductionEvent event, PlantModel plant) {
    c.goodUnits = event.getGoodUnits();
    c.scrapUnits = event.getScrapUnits();
    Optional<Double> unitMass = plant.unitMassKg(c.productId);
    if (unitMass.isPresent()) {
      // The plant file's decimal as written: Double.toString gives back the shortest exact form.
      c.outputKg = new BigDecimal(Double.toString(unitMass.get())).multiply(BigDecimal.valueOf(c.goodUnits));
    } else {
      c.goodUnitsWithoutMass = c.goodUnits;
    }
    Optional<Long> idealCycle = plant.idealCycleMillis(c.machineId, c.productId);
    long produced = c.goodUnits + c.scrapUnits;
    if (idealCycle.isPresent()) {
      c.idealRunMillis = idealCycle.get() * produced;
      c.idealCycleDeclared = true;
    } else {
      c.unitsWithoutIdealCycle = produced;
    }
  }

  /** Media whose CO2e must be known for the CO2e KPIs to be. */
  private static boolean isEnergyCarrier(Medium medium) {
    return medium == Medium.ELECTRICITY || medium == Medium.NATURAL_GAS;
  }

  private static boolean isTimeMeter(AttributedConsumption slice, PlantModel plant) {
    return plant.timeMeter(slice.getMachineId())
        .map(slice.getMeterId()::equals)
        // No meter defined for the machine: its own electricity slices are the best clock there is.
        .orElse(slice.getMedium() == Medium.ELECTRICITY && slice.getAllocationRule() == null);
  }
}
