package nl.stroomlijn.jobs.plant;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.schemas.Medium;

/** What the KPIs need to know of the plant definition (topic factory.assets), by asset id. */
public final class PlantModel {

  private final Map<String, AssetDefinition> assets;
  private final Map<String, String> timeMeters = new HashMap<>();

  public PlantModel(Map<String, AssetDefinition> assets) {
    this.assets = Map.copyOf(assets);
    assets.values().stream()
        .filter(PlantModel::isOwnElectricityMeter)
        .sorted(Comparator.comparing(AssetDefinition::getAssetId))
        .forEach(meter -> timeMeters.putIfAbsent(meter.getParentId(), meter.getAssetId()));
  }

  /** Electricity grid zone of a site, whose emission factors apply to it. */
  public Optional<String> gridZone(String siteId) {
    return asset(siteId, AssetKind.SITE).map(site -> site.getSite().getGridZone());
  }

  /** Line of a machine (its parent), when the machine is defined. */
  public Optional<String> lineOf(String machineId) {
    return asset(machineId, AssetKind.MACHINE).map(AssetDefinition::getParentId);
  }

  /** Site of a machine, when the machine is defined. */
  public Optional<String> siteOf(String machineId) {
    return asset(machineId, AssetKind.MACHINE).map(AssetDefinition::getSiteId);
  }

  public Optional<Double> unitMassKg(String productId) {
    return asset(productId, AssetKind.PRODUCT).map(p -> p.getProduct().getUnitMassKg());
  }

  /** Ideal cycle time of a product on a machine: the product's when it declares one, else the machine's. */
  public Optional<Long> idealCycleMillis(String machineId, String productId) {
    Optional<Long> ofProduct = productId == null ? Optional.empty()
        : asset(productId, AssetKind.PRODUCT).map(p -> p.getProduct().getIdealCycleTimeMillis());
    return ofProduct.or(() -> asset(machineId, AssetKind.MACHINE).map(m -> m.getMachine().getIdealCycleTimeMillis()));
  }

  /**
   * The meter whose slices measure a machine's time in each state: its own (not shared)
   * electricity meter with the smallest id, so that a second meter never counts the time twice.
   */
  public Optional<String> timeMeter(String machineId) {
    return Optional.ofNullable(timeMeters.get(machineId));
  }

  private Optional<AssetDefinition> asset(String id, AssetKind kind) {
    AssetDefinition asset = id == null ? null : assets.get(id);
    return asset != null && asset.getKind() == kind ? Optional.of(asset) : Optional.empty();
  }

  private static boolean isOwnElectricityMeter(AssetDefinition asset) {
    return asset.getKind() == AssetKind.METER && asset.getMeter() != null
        && asset.getMeter().getMedium() == Medium.ELECTRICITY && asset.getMeter().getAllocation() == null
        && asset.getParentId() != null;
  }
}
