package nl.stroomlijn.jobs.testing;

import java.math.BigDecimal;
import java.time.Instant;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.EmissionMethod;
import nl.stroomlijn.schemas.GhgScope;
import nl.stroomlijn.schemas.MachineSpec;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.MeterSpec;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductSpec;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.SiteSpec;

/**
 * A small plant for tests: site "ede" (grid zone NL) with line "ede/l1" and machine "ede/l1/press",
 * which has an electricity meter "ede/l1/press/em" and a material meter "ede/l1/press/mm" and an
 * ideal cycle time of 10 s; product "bracket" of 0.5 kg per unit.
 */
public final class Fixtures {

  public static final String SITE = "ede";
  public static final String LINE = "ede/l1";
  public static final String MACHINE = "ede/l1/press";
  public static final String ELECTRICITY_METER = "ede/l1/press/em";
  public static final String MATERIAL_METER = "ede/l1/press/mm";
  public static final String PRODUCT = "bracket";
  /** 2025-03-03T00:00:00Z, a Monday. */
  public static final long T0 = Instant.parse("2025-03-03T00:00:00Z").toEpochMilli();
  public static final long MINUTE = 60_000L;

  private Fixtures() {
  }

  public static AssetDefinition.Builder asset(String id, AssetKind kind, String parent, String site) {
    return AssetDefinition.newBuilder().setAssetId(id).setKind(kind).setName(id).setParentId(parent).setSiteId(site)
        .setUpdatedAt(Instant.ofEpochMilli(0));
  }

  public static java.util.List<AssetDefinition> plant() {
    return java.util.List.of(
        asset(SITE, AssetKind.SITE, null, SITE).setSite(new SiteSpec("Europe/Amsterdam", "NL")).build(),
        asset(LINE, AssetKind.LINE, SITE, SITE).build(),
        asset(MACHINE, AssetKind.MACHINE, LINE, SITE).setMachine(new MachineSpec(10_000L, null)).build(),
        asset(ELECTRICITY_METER, AssetKind.METER, MACHINE, SITE).setMeter(meter(Medium.ELECTRICITY, "kWh")).build(),
        asset(MATERIAL_METER, AssetKind.METER, MACHINE, SITE).setMeter(meter(Medium.MATERIAL, "kg")).build(),
        asset(PRODUCT, AssetKind.PRODUCT, null, null).setProduct(new ProductSpec(0.5, null)).build());
  }

  private static MeterSpec meter(Medium medium, String unit) {
    return MeterSpec.newBuilder().setMedium(medium).setMeasurement(MeasurementKind.CUMULATIVE_COUNTER).setUnit(unit)
        .build();
  }

  public static EmissionFactor factor(String zone, Medium medium, long validFrom, String kgPerUnit) {
    return EmissionFactor.newBuilder().setZoneId(zone).setMedium(medium).setValidFrom(Instant.ofEpochMilli(validFrom))
        .setKgCo2ePerUnit(new BigDecimal(kgPerUnit).setScale(6))
        .setScope(medium == Medium.ELECTRICITY ? GhgScope.SCOPE_2 : GhgScope.SCOPE_1)
        .setMethod(medium == Medium.ELECTRICITY ? EmissionMethod.LOCATION_BASED : EmissionMethod.FUEL)
        .build();
  }

  /** A slice of the press's electricity (kWh) or material (kg) meter. */
  public static AttributedConsumption slice(Medium medium, long start, long end, String quantity, OperatingState state,
      String order) {
    boolean material = medium == Medium.MATERIAL;
    return AttributedConsumption.newBuilder().setMachineId(MACHINE).setLineId(LINE).setSiteId(SITE)
        .setMeterId(material ? MATERIAL_METER : ELECTRICITY_METER).setMedium(medium)
        .setOrderId(order).setProductId(order == null ? null : PRODUCT).setState(state)
        .setStart(Instant.ofEpochMilli(start)).setEnd(Instant.ofEpochMilli(end))
        .setQuantity(new BigDecimal(quantity).setScale(6)).setUnit(material ? "kg" : "kWh").build();
  }

  public static ProductionEvent units(long time, String order, long good, long scrap) {
    return production(time, ProductionEventType.UNITS_PRODUCED, order).setGoodUnits(good).setScrapUnits(scrap).build();
  }

  public static ProductionEvent orderEvent(long time, ProductionEventType type, String order) {
    return production(time, type, order).build();
  }

  private static ProductionEvent.Builder production(long time, ProductionEventType type, String order) {
    return ProductionEvent.newBuilder().setMachineId(MACHINE).setTimestamp(Instant.ofEpochMilli(time)).setType(type)
        .setOrderId(order).setProductId(PRODUCT).setSource("test");
  }
}
