package nl.stroomlijn.streams.assets;

import nl.stroomlijn.schemas.AssetDefinition;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps the global store a copy of the compacted assets topic: a definition replaces, a tombstone removes. */
public final class AssetStoreUpdater implements Processor<String, AssetDefinition, Void, Void> {

  private KeyValueStore<String, AssetDefinition> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(PlantAssets.STORE);
  }

  @Override
  public void process(Record<String, AssetDefinition> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else {
      store.put(record.key(), record.value());
    }
  }
}
