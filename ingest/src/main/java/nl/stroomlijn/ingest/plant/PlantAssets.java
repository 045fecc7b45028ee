package nl.stroomlijn.ingest.plant;

import java.util.ArrayList;
import java.util.List;
import nl.stroomlijn.ingest.sink.RecordSink;
import nl.stroomlijn.schemas.Allocation;
import nl.stroomlijn.schemas.AllocationTarget;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.schemas.EmissionFactor;
import nl.stroomlijn.schemas.MachineSpec;
import nl.stroomlijn.schemas.MeterSpec;
import nl.stroomlijn.schemas.ProductSpec;
import nl.stroomlijn.schemas.SiteSpec;
import nl.stroomlijn.topics.Topics;

/**
 * The plant as the records of the compacted topics: one {@link AssetDefinition} per site, line,
 * machine, meter and product (key: asset id), one {@link EmissionFactor} per declared factor
 * (key: {@link #factorKey}). Deterministic, so publishing the same file twice is idempotent.
 */
public final class PlantAssets {

  private PlantAssets() {
  }

  /** Every asset, parents before children, products last. */
  public static List<AssetDefinition> definitions(Plant plant, java.time.Instant updatedAt) {
    List<AssetDefinition> assets = new ArrayList<>();
    for (Plant.Site site : plant.sites()) {
      assets.add(base(site.id(), AssetKind.SITE, site.spec().name() == null ? site.id() : site.spec().name(),
          null, site.id(), updatedAt)
          .setSite(new SiteSpec(site.spec().timeZone(), site.spec().gridZone())).build());
    }
    for (Plant.Line line : plant.lines()) {
      assets.add(base(line.id(), AssetKind.LINE, line.name(), line.siteId(), line.siteId(), updatedAt).build());
    }
    for (Plant.Machine machine : plant.machines()) {
      assets.add(base(machine.id(), AssetKind.MACHINE, machine.name(), machine.lineId(), machine.siteId(), updatedAt)
          .setMachine(new MachineSpec(machine.spec().idealCycleTimeMillis(), machine.spec().idlePowerThresholdKw()))
          .build());
    }
    for (Plant.Meter meter : plant.meters()) {
      PlantFile.Meter spec = meter.spec();
      Allocation allocation = null;
      if (meter.isShared()) {
        List<AllocationTarget> targets = new ArrayList<>();
        for (int i = 0; i < meter.targets().size(); i++) {
          Double share = meter.sharesPpm().length == 0 ? null : spec.allocation().shares().get(i);
          targets.add(new AllocationTarget(meter.targets().get(i).id(), share));
        }
        allocation = new Allocation(spec.allocation().rule(), targets);
      }
      assets.add(base(meter.id(), AssetKind.METER, meter.name(), meter.ownerId(), meter.siteId(), updatedAt)
          .setMeter(new MeterSpec(spec.medium(), spec.measurement(), spec.unit(), spec.scale(), spec.rolloverValue(),
              spec.intervalMillis(), spec.materialId(), allocation))
          .build());
    }
    for (PlantFile.Product product : plant.products().values().stream()
        .sorted(java.util.Comparator.comparing(PlantFile.Product::id)).toList()) {
      assets.add(base(product.id(), AssetKind.PRODUCT, product.name() == null ? product.id() : product.name(),
          null, null, updatedAt)
          .setProduct(new ProductSpec(product.unitMassKg(), product.cycleTimeMillis())).build());
    }
    return assets;
  }

  /** The declared emission factors as records. */
  public static List<EmissionFactor> emissionFactors(Plant plant) {
    return plant.emissionFactors().stream().map(f -> new EmissionFactor(f.zone(), f.medium(),
        f.validFrom(), f.kgCo2ePerUnit().setScale(6), f.scope(), f.method(), f.source())).toList();
  }

  /**
   * Sends the plant's asset definitions and emission factors to their compacted topics, stamped
   * {@code at}; returns how many records it sent.
   */
  public static int publish(Plant plant, java.time.Instant at, RecordSink sink) {
    List<AssetDefinition> assets = definitions(plant, at);
    assets.forEach(asset -> sink.send(Topics.ASSETS, asset.getAssetId(), asset, at.toEpochMilli()));
    List<EmissionFactor> factors = emissionFactors(plant);
    factors.forEach(factor -> sink.send(Topics.EMISSION_FACTORS, factorKey(factor), factor, at.toEpochMilli()));
    return assets.size() + factors.size();
  }

  /** Key of an emission factor on its compacted topic: {@code zone/medium/validFrom}. */
  public static String factorKey(EmissionFactor factor) {
    return factor.getZoneId() + "/" + factor.getMedium() + "/" + factor.getValidFrom().toEpochMilli();
  }

  private static AssetDefinition.Builder base(String id, AssetKind kind, String name, String parentId, String siteId,
      java.time.Instant updatedAt) {
    return AssetDefinition.newBuilder().setAssetId(id).setKind(kind).setName(name).setParentId(parentId)
        .setSiteId(siteId).setUpdatedAt(updatedAt);
  }
}
