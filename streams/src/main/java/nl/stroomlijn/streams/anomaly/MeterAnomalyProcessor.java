package nl.stroomlijn.streams.anomaly;

import java.util.List;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.Allocation;
import nl.stroomlijn.schemas.AllocationTarget;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.ScopeType;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.streams.anomaly.detect.Assessment;
import nl.stroomlijn.streams.anomaly.detect.Finding;
import nl.stroomlijn.streams.anomaly.detect.MeterDetector;
import nl.stroomlijn.streams.anomaly.detect.MeterProfile;
import nl.stroomlijn.streams.anomaly.detect.MachineContext;
import nl.stroomlijn.streams.anomaly.detect.OperatingContext;
import nl.stroomlijn.streams.anomaly.detect.TargetStates;
import nl.stroomlijn.streams.anomaly.episode.EpisodeTracker;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-meter detection: scores every reading with the meter's {@link MeterDetector}, feeds the
 * episode trackers, and emits their OPENED / UPDATED / CLOSED records keyed by meter id. A
 * stream-time punctuation scores the silence of meters that stopped sending (missing data).
 * BAD-quality readings are not scored: the source already says they are not measurements.
 */
final class MeterAnomalyProcessor implements Processor<String, SensorReading, String, AnomalyEpisode> {

  static final String STORE = "anomaly-meter-state";

  private final AnomalyConfig config;
  private final AnomalyMetrics metrics;
  private ProcessorContext<String, AnomalyEpisode> context;
  private KeyValueStore<String, byte[]> states;
  private KeyValueStore<String, AssetDefinition> assets;
  private KeyValueStore<String, MachineState> machineStates;
  private KeyValueStore<String, ProductionEvent> machineOrders;

  MeterAnomalyProcessor(AnomalyConfig config, AnomalyMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, AnomalyEpisode> context) {
    this.context = context;
    this.states = context.getStateStore(STORE);
    this.assets = context.getStateStore(AnomalyApp.ASSET_STORE);
    this.machineStates = context.getStateStore(AnomalyApp.MACHINE_STATE_STORE);
    this.machineOrders = context.getStateStore(AnomalyApp.MACHINE_ORDER_STORE);
    context.schedule(config.missingDataCheck(), PunctuationType.STREAM_TIME, this::checkSilentMeters);
  }

  @Override
  public void process(Record<String, SensorReading> record) {
    SensorReading reading = record.value();
    if (reading == null || reading.getQuality() == Quality.BAD) {
      return;
    }
    String meterId = reading.getSensorId();
    AssetDefinition asset = assets.get(meterId);
    MeterProfile profile = profile(meterId, asset, reading.getUnit());
    byte[] stored = states.get(meterId);
    MeterState state = stored == null
        ? MeterState.fresh(profile, config.sensitivity(), config.episodes())
        : MeterState.fromBytes(stored, profile, config.sensitivity(), config.episodes());
    long timestamp = reading.getTimestamp().toEpochMilli();
    Assessment assessment = state.detector.assess(timestamp, reading.getValue(), machineContext(asset, timestamp));
    metrics.scored();
    List<Finding> findings = assessment.findings();
    for (int k = 0; k < findings.size(); k++) {
      report(state, k, reading.getTimestamp().toEpochMilli(), findings.get(k), scope(meterId, asset));
    }
    states.put(meterId, state.toBytes());
  }

  private void checkSilentMeters(long streamTime) {
    int missing = MeterDetector.KINDS.indexOf(AnomalyKind.MISSING_DATA);
    try (KeyValueIterator<String, byte[]> all = states.all()) {
      while (all.hasNext()) {
        KeyValue<String, byte[]> entry = all.next();
        AssetDefinition asset = assets.get(entry.key);
        MeterState state = MeterState.fromBytes(entry.value, profile(entry.key, asset, null), config.sensitivity(), config.episodes());
        Finding silence = state.detector.missingDataAt(streamTime);
        if (silence.score() >= config.episodes().openAt() || state.episodes[missing].isOpen() && silence.score() > 0) {
          report(state, missing, streamTime, silence, scope(entry.key, asset));
          states.put(entry.key, state.toBytes());
        }
      }
    }
  }

  private void report(MeterState state, int kindIndex, long timestamp, Finding finding, EpisodeRecords.Scope scope) {
    EpisodeTracker episode = state.episodes[kindIndex];
    EpisodeStatus status = episode.observe(timestamp, finding);
    if (status == null) {
      return;
    }
    AnomalyKind kind = MeterDetector.KINDS.get(kindIndex);
    long since = kind == AnomalyKind.FLAT_LINE ? state.detector.flatSince() : episode.start();
    String explanation = EpisodeRecords.explain(scope.name(), kind, episode, null, since);
    context.forward(new Record<>(scope.id(), EpisodeRecords.of(scope, kind, status, episode, explanation), timestamp));
    metrics.episode(kind, status);
  }

  /**
   * What a meter's reading at {@code timestamp} depends on: its machine's state and the product of
   * the order it runs, or for a shared meter the mix of states of the machines it feeds; null
   * before any of them reported a state. The order comes through the app's own topic, later than
   * the readings or (on a backlog) ahead of them: an order event after the reading says nothing of
   * the product at the reading, which is then not told.
   */
  private MachineContext machineContext(AssetDefinition asset, long timestamp) {
    if (asset == null || asset.getMeter() == null) {
      return null;
    }
    Allocation allocation = asset.getMeter().getAllocation();
    if (allocation == null) {
      String machineId = asset.getParentId();
      MachineState state = machineId == null ? null : machineStates.get(machineId);
      if (state == null) {
        return null;
      }
      ProductionEvent order = machineOrders.get(machineId);
      if (order == null || order.getTimestamp().toEpochMilli() > timestamp) {
        return new OperatingContext(state.getState(), state.getTimestamp().toEpochMilli());
      }
      String product = order.getType() == ProductionEventType.ORDER_STARTED ? order.getProductId() : null;
      return new OperatingContext(state.getState(), state.getTimestamp().toEpochMilli(), product,
          order.getTimestamp().toEpochMilli());
    }
    // Machines that never reported a state (one just added) are left out rather than silencing the meter.
    int[] counts = new int[OperatingState.values().length];
    long since = Long.MIN_VALUE;
    for (AllocationTarget target : allocation.getTargets()) {
      MachineState state = machineStates.get(target.getMachineId());
      if (state != null) {
        counts[state.getState().ordinal()]++;
        since = Math.max(since, state.getTimestamp().toEpochMilli());
      }
    }
    return since == Long.MIN_VALUE ? null : new TargetStates(counts, since);
  }

  private MeterProfile profile(String meterId, AssetDefinition asset, String unit) {
    if (asset != null && asset.getKind() == AssetKind.METER && asset.getMeter() != null) {
      return MeterProfile.of(asset, config.maximumByUnit());
    }
    return new MeterProfile(meterId, null, true, null, null, null, unit);
  }

  private static EpisodeRecords.Scope scope(String meterId, AssetDefinition asset) {
    String name = asset == null ? meterId : asset.getName();
    return new EpisodeRecords.Scope(ScopeType.METER, meterId, name, asset == null ? null : asset.getSiteId(),
        asset == null ? null : asset.getParentId(), meterId, null, null);
  }
}
