package nl.stroomlijn.ingest.gateway.validation;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;

/** The plant's assets by id, as the validation needs them: is this a known meter or machine, and how does it measure. */
public interface AssetCatalog {

  Optional<AssetDefinition> find(String assetId);

  /** The asset of that id if it is of that kind. */
  default Optional<AssetDefinition> find(String assetId, AssetKind kind) {
    return find(assetId).filter(asset -> asset.getKind() == kind);
  }

  /** A fixed catalog of these assets (the last definition of an id wins, as on the asset topic). */
  static AssetCatalog of(Collection<AssetDefinition> assets) {
    Map<String, AssetDefinition> byId = new HashMap<>();
    assets.forEach(asset -> byId.put(asset.getAssetId(), asset));
    return id -> Optional.ofNullable(byId.get(id));
  }
}
