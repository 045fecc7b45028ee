package nl.stroomlijn.ingest.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.stroomlijn.ingest.gateway.validation.AssetCatalog;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.MeterSpec;
import nl.stroomlijn.schemas.ProductSpec;

/** A tiny plant for gateway tests: one machine, its energy counter (Wh), a power meter (kW), a temperature, a product. */
public final class TestAssets {

  public static final String MACHINE = "site-t/line-1/press-1";
  public static final String COUNTER = MACHINE + "/em";
  public static final String POWER = MACHINE + "/kw";
  public static final String TEMPERATURE = MACHINE + "/temp";
  public static final String PRODUCT = "product-a";

  public static final List<AssetDefinition> ALL = List.of(
      asset(MACHINE, AssetKind.MACHINE, null),
      asset(COUNTER, AssetKind.METER, meter(Medium.ELECTRICITY, MeasurementKind.CUMULATIVE_COUNTER, "Wh")),
      asset(POWER, AssetKind.METER, meter(Medium.ELECTRICITY, MeasurementKind.INSTANTANEOUS_RATE, "kW")),
      asset(TEMPERATURE, AssetKind.METER, meter(Medium.PROCESS_VALUE, MeasurementKind.INSTANTANEOUS_RATE, "degC")),
      AssetDefinition.newBuilder().setAssetId(PRODUCT).setKind(AssetKind.PRODUCT).setName(PRODUCT)
          .setProduct(new ProductSpec(null, null)).setUpdatedAt(Instant.EPOCH).build());

  private TestAssets() {
  }

  public static AssetCatalog catalog() {
    Map<String, AssetDefinition> byId = ALL.stream()
        .collect(Collectors.toMap(AssetDefinition::getAssetId, Function.identity()));
    return id -> Optional.ofNullable(byId.get(id));
  }

  private static MeterSpec meter(Medium medium, MeasurementKind measurement, String unit) {
    return MeterSpec.newBuilder().setMedium(medium).setMeasurement(measurement).setUnit(unit).build();
  }

  private static AssetDefinition asset(String id, AssetKind kind, MeterSpec meter) {
    return AssetDefinition.newBuilder().setAssetId(id).setKind(kind).setName(id).setParentId(null).setSiteId("site-t")
        .setMeter(meter).setUpdatedAt(Instant.EPOCH).build();
  }
}
