package nl.stroomlijn.streams.assets;

import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.streams.attribution.Attribution.MachinePlace;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The plant definition as every task sees it: a global store filled from the compacted assets
 * topic, so a new meter or machine counts from the moment its definition is read, no restart.
 */
public final class PlantAssets {

  /** Name of the global store of asset definitions by asset id. */
  public static final String STORE = "plant-assets";

  private final KeyValueStore<String, AssetDefinition> store;

  private PlantAssets(KeyValueStore<String, AssetDefinition> store) {
    this.store = store;
  }

  /** The assets of a processor's context; the processor must be in a topology with {@link #storeBuilder}. */
  public static PlantAssets of(ProcessorContext<?, ?> context) {
    return new PlantAssets(context.getStateStore(STORE));
  }

  /** The global store; the assets topic is its changelog. */
  public static StoreBuilder<KeyValueStore<String, AssetDefinition>> storeBuilder(Serde<AssetDefinition> serde) {
    return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), serde).withLoggingDisabled();
  }

  /** The meter, or null when no meter of that id is defined. */
  public MeterDefinition meter(String meterId) {
    AssetDefinition asset = meterId == null ? null : store.get(meterId);
    return asset == null || asset.getKind() != AssetKind.METER || asset.getMeter() == null ? null
        : MeterDefinition.of(asset);
  }

  /** The meter's definition as stored, for snapshots; null when undefined. */
  public AssetDefinition meterAsset(String meterId) {
    AssetDefinition asset = meterId == null ? null : store.get(meterId);
    return asset == null || asset.getKind() != AssetKind.METER || asset.getMeter() == null ? null : asset;
  }

  /** The machine's line and site, or null when no machine of that id is defined. */
  public MachinePlace machine(String machineId) {
    AssetDefinition asset = machineId == null ? null : store.get(machineId);
    return asset == null || asset.getKind() != AssetKind.MACHINE ? null
        : new MachinePlace(asset.getParentId(), asset.getSiteId());
  }
}
