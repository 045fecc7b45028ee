package nl.stroomlijn.ingest.gateway.validation;

import java.util.Optional;
import nl.stroomlijn.schemas.AssetDefinition;

/** The plant's assets by id, as the validation needs them: is this a known meter or machine, and how does it measure. */
public interface AssetCatalog {

  Optional<AssetDefinition> find(String assetId);
}
