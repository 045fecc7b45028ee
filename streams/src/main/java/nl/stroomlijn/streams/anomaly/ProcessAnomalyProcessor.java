package nl.stroomlijn.streams.anomaly;

import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.ScopeType;
import nl.stroomlijn.streams.anomaly.detect.Finding;
import nl.stroomlijn.streams.anomaly.episode.EpisodeTracker;
import nl.stroomlijn.streams.anomaly.process.MachineProcessState;
import nl.stroomlijn.streams.anomaly.process.MachineProcessState.OrderTally;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Per-process detection, per machine, from consumption slices and production events (both keyed
 * by machine id): idle waste from electricity slices in IDLE or OFF, scrap surges from unit
 * counts, and energy per good unit of each order: at each count once it has run long enough, and
 * once it has ended and its last slices had {@link AnomalyConfig#orderGrace()} to arrive. An order
 * far above its product's usual is a one-point episode, OPENED and CLOSED together, keyed by order
 * id: at most one per order, and an order reported while running does not teach the usual.
 */
final class ProcessAnomalyProcessor implements Processor<String, SpecificRecord, String, AnomalyEpisode> {

  static final String STORE = "anomaly-process-state";

  private final AnomalyConfig config;
  private final AnomalyMetrics metrics;
  private ProcessorContext<String, AnomalyEpisode> context;
  private KeyValueStore<String, byte[]> states;
  private KeyValueStore<String, AssetDefinition> assets;

  ProcessAnomalyProcessor(AnomalyConfig config, AnomalyMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
  }

  @Override
  public void init(ProcessorContext<String, AnomalyEpisode> context) {
    this.context = context;
    this.states = context.getStateStore(STORE);
    this.assets = context.getStateStore(AnomalyApp.ASSET_STORE);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    String machineId;
    if (record.value() instanceof AttributedConsumption slice) {
      machineId = slice.getMachineId();
    } else if (record.value() instanceof ProductionEvent event) {
      machineId = event.getMachineId();
    } else {
      return;
    }
    byte[] stored = states.get(machineId);
    MachineProcessState machine = stored == null
        ? new MachineProcessState(config.sensitivity(), config.episodes())
        : MachineProcessState.fromBytes(stored, config.sensitivity(), config.episodes());
    AssetDefinition asset = assets.get(machineId);
    String name = asset == null ? machineId : asset.getName();
    String siteId = asset == null ? null : asset.getSiteId();
    if (record.value() instanceof AttributedConsumption slice) {
      onSlice(machine, slice, name);
    } else {
      onProduction(machine, (ProductionEvent) record.value(), name, siteId);
    }
    machine.finishOrders(record.timestamp() - config.orderGrace().toMillis(),
        (orderId, tally) -> onOrderFinished(machine, machineId, name, siteId, orderId, tally));
    metrics.scored();
    states.put(machineId, machine.toBytes());
  }

  private void onSlice(MachineProcessState machine, AttributedConsumption slice, String name) {
    if (slice.getMedium() != Medium.ELECTRICITY || !"kWh".equals(slice.getUnit())) {
      return;
    }
    double kwh = slice.getQuantity().doubleValue();
    if (slice.getOrderId() != null && slice.getState() == OperatingState.RUNNING) {
      OrderTally order = machine.order(slice.getOrderId(), slice.getProductId());
      order.kwh += kwh;
      order.countRunning(slice.getStart().toEpochMilli(), slice.getEnd().toEpochMilli());
    }
    Finding idle = machine.idle.assess(slice.getState(), slice.getStart().toEpochMilli(), slice.getEnd().toEpochMilli(), kwh,
        idleThresholdKw(slice.getMachineId()), config.idleMinimum().toMillis());
    EpisodeRecords.Scope scope = new EpisodeRecords.Scope(ScopeType.MACHINE, slice.getMachineId(), name,
        slice.getSiteId(), slice.getMachineId(), null, slice.getOrderId(), slice.getProductId());
    EpisodeTracker episode = machine.idleEpisode;
    EpisodeStatus status = episode.observe(slice.getEnd().toEpochMilli(), idle);
    if (status != null) {
      // The waste began with the stretch above the threshold, not with the slice that made it long enough.
      String explanation = EpisodeRecords.explain(name, AnomalyKind.IDLE_WASTE, episode, slice.getState().name(),
          machine.idle.stretchStart());
      emit(scope, AnomalyKind.IDLE_WASTE, status, episode, explanation, slice.getEnd().toEpochMilli());
    }
  }

  private void onProduction(MachineProcessState machine, ProductionEvent event, String name, String siteId) {
    OrderTally order = machine.order(event.getOrderId(), event.getProductId());
    if (event.getType() == ProductionEventType.ORDER_ENDED) {
      order.endedAt = event.getTimestamp().toEpochMilli();
      return;
    }
    if (event.getType() != ProductionEventType.UNITS_PRODUCED) {
      return;
    }
    order.goodUnits += event.getGoodUnits();
    if (!order.reported && order.endedAt == Long.MIN_VALUE) {
      Finding soFar = machine.energyPerUnit.assessSoFar(order.productId, order.kwh, order.goodUnits, order.runningMillis);
      order.reported = reportOrder(event.getMachineId(), name, siteId, event.getOrderId(), order, soFar,
          event.getTimestamp().toEpochMilli());
    }
    Finding scrap = machine.scrap.assess(event.getProductId(), event.getGoodUnits(), event.getScrapUnits());
    EpisodeTracker episode = machine.scrapEpisode;
    EpisodeStatus status = episode.observe(event.getTimestamp().toEpochMilli(), scrap);
    if (status != null) {
      EpisodeRecords.Scope scope = new EpisodeRecords.Scope(ScopeType.MACHINE, event.getMachineId(), name, siteId,
          event.getMachineId(), null, event.getOrderId(), event.getProductId());
      emit(scope, AnomalyKind.SCRAP_SURGE, status, episode,
          EpisodeRecords.explain(name, AnomalyKind.SCRAP_SURGE, episode, null), event.getTimestamp().toEpochMilli());
    }
  }

  private void onOrderFinished(MachineProcessState machine, String machineId, String name, String siteId,
      String orderId, OrderTally order) {
    if (!order.reported) {
      reportOrder(machineId, name, siteId, orderId, order,
          machine.energyPerUnit.assess(order.productId, order.kwh, order.goodUnits), order.endedAt);
    }
  }

  /** Emits the order's one-point episode if the finding opens one; says whether it did. */
  private boolean reportOrder(String machineId, String name, String siteId, String orderId, OrderTally order,
      Finding finding, long timestamp) {
    EpisodeTracker episode = new EpisodeTracker(config.episodes());
    if (episode.observe(timestamp, finding) == null) {
      return false;
    }
    EpisodeRecords.Scope scope = new EpisodeRecords.Scope(ScopeType.ORDER, orderId, name + " order " + orderId, siteId,
        machineId, null, orderId, order.productId);
    String explanation = EpisodeRecords.explain(scope.name(), AnomalyKind.ENERGY_PER_UNIT, episode, order.productId);
    emit(scope, AnomalyKind.ENERGY_PER_UNIT, EpisodeStatus.OPENED, episode, explanation, timestamp);
    emit(scope, AnomalyKind.ENERGY_PER_UNIT, EpisodeStatus.CLOSED, episode, explanation, timestamp);
    return true;
  }

  private void emit(EpisodeRecords.Scope scope, AnomalyKind kind, EpisodeStatus status, EpisodeTracker episode,
      String explanation, long timestamp) {
    context.forward(new Record<>(scope.id(), EpisodeRecords.of(scope, kind, status, episode, explanation), timestamp));
    metrics.episode(kind, status);
  }

  private double idleThresholdKw(String machineId) {
    AssetDefinition machine = assets.get(machineId);
    if (machine != null && machine.getMachine() != null && machine.getMachine().getIdlePowerThresholdKw() != null) {
      return machine.getMachine().getIdlePowerThresholdKw();
    }
    return config.idleThresholdKw();
  }
}
