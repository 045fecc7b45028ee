package nl.stroomlijn.ingest.gateway;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.stroomlijn.ingest.gateway.validation.AssetCatalog;
import nl.stroomlijn.ingest.sink.RecordSink;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.MeterSpec;
import nl.stroomlijn.schemas.ProductSpec;
import nl.stroomlijn.topics.Topics;

/**
 * A tiny plant for gateway tests, under a site id of the test's own (tests share one broker): one
 * machine, its energy counter (Wh), a power meter (kW), a temperature, a product.
 */
public final class TestAssets {

  public final String site;
  public final String machine;
  public final String counter;
  public final String power;
  public final String temperature;
  public final String product;
  public final List<AssetDefinition> all;

  public TestAssets(String site) {
    this.site = site;
    machine = site + "/line-1/press-1";
    counter = machine + "/em";
    power = machine + "/kw";
    temperature = machine + "/temp";
    product = site + "-product-a";
    all = List.of(
        asset(machine, AssetKind.MACHINE, null),
        asset(counter, AssetKind.METER, meter(Medium.ELECTRICITY, MeasurementKind.CUMULATIVE_COUNTER, "Wh")),
        asset(power, AssetKind.METER, meter(Medium.ELECTRICITY, MeasurementKind.INSTANTANEOUS_RATE, "kW")),
        asset(temperature, AssetKind.METER, meter(Medium.PROCESS_VALUE, MeasurementKind.INSTANTANEOUS_RATE, "degC")),
        AssetDefinition.newBuilder().setAssetId(product).setKind(AssetKind.PRODUCT).setName(product)
            .setProduct(new ProductSpec(null, null)).setUpdatedAt(Instant.EPOCH).build());
  }

  public AssetCatalog catalog() {
    Map<String, AssetDefinition> byId = all.stream()
        .collect(Collectors.toMap(AssetDefinition::getAssetId, Function.identity()));
    return id -> Optional.ofNullable(byId.get(id));
  }

  /** Publishes the assets to the asset topic and waits for Kafka's acknowledgement. */
  public void publish(RecordSink sink) {
    all.forEach(asset -> sink.send(Topics.ASSETS, asset.getAssetId(), asset, 0L));
    sink.flush();
  }

  private static MeterSpec meter(Medium medium, MeasurementKind measurement, String unit) {
    return MeterSpec.newBuilder().setMedium(medium).setMeasurement(measurement).setUnit(unit).build();
  }

  private AssetDefinition asset(String id, AssetKind kind, MeterSpec meter) {
    return AssetDefinition.newBuilder().setAssetId(id).setKind(kind).setName(id).setParentId(null).setSiteId(site)
        .setMeter(meter).setUpdatedAt(Instant.EPOCH).build();
  }
}
