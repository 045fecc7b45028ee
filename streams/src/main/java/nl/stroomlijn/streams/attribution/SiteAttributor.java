package nl.stroomlijn.streams.attribution;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AnomalyKind;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.Quality;
import nl.stroomlijn.schemas.ScopeType;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.streams.AttributionConfig;
import nl.stroomlijn.streams.AttributionMetrics;
import nl.stroomlijn.streams.assets.MeterDefinition;
import nl.stroomlijn.streams.assets.PlantAssets;
import nl.stroomlijn.streams.deadletters.DeadLetters;
import nl.stroomlijn.streams.metering.MeterReadings;
import nl.stroomlijn.streams.metering.MeterReadings.Admission;
import nl.stroomlijn.streams.metering.MeteredInterval;
import nl.stroomlijn.streams.metering.MicroUnits;
import nl.stroomlijn.streams.sites.SiteEvent;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The attribution of one site's meters on its machines' timelines, keyed by site id.
 *
 * <p>Readings go through their meter's reorder buffer into metered intervals. An interval ending
 * at {@code b} is sliced once, for every machine it is cut on, both the state stream and the
 * production stream are known up to {@code b + timelineGrace}: a stream is known up to its latest
 * event (each topic is keyed by machine, so each stream arrives in order, whatever the
 * interleaving of the two), and up to {@code timelineMaxLag} behind the latest record read from
 * its partition ({@link InputClocks}: a stream silent while its partition moved on in event time
 * had nothing to say). Until then it waits in the pending store. Once the input is caught up,
 * after {@code timelineMaxWait} of wall-clock time it is sliced on what is known; when a site gets
 * no input for {@code idleFlush} (wall clock), its buffered readings are made final and all its
 * pending intervals sliced (the end of a run: nothing moves the clocks on).
 *
 * <p>Forwards attributed slices (keyed by machine id), dead letters (keyed by the original key)
 * and counter-reset anomalies (keyed by meter id).
 */
public final class SiteAttributor implements Processor<String, SiteEvent, String, Object> {

  public static final String METERS_STORE = "meter-readings";
  public static final String TIMELINES_STORE = "machine-timelines";
  public static final String PENDING_STORE = "pending-intervals";

  private static final Duration PUNCTUATION_INTERVAL = Duration.ofSeconds(1);

  private final AttributionMetrics metrics;
  private final Serializer<SensorReading> readingBytes;
  private final long reorderWindow;
  private final long gapThreshold;
  private final long grace;
  private final long idleFlush;
  private final long maxWait;
  private final long maxLag;
  private final java.util.function.BooleanSupplier inputCaughtUp;

  /** Which pending intervals a scan of a whole site slices. */
  private enum Release {
    /** Those whose machines' streams have passed their end plus the grace, and those held for the max wait. */
    KNOWN_OR_WAITED,
    /** All: the site is quiet. */
    ALL
  }
  private final long retention;

  private ProcessorContext<String, Object> context;
  private PlantAssets assets;
  private KeyValueStore<String, MeterReadings> meters;
  private KeyValueStore<String, MachineTimeline> timelines;
  private KeyValueStore<String, PendingInterval> pending;
  private InputClocks clocks;
  /** Wall-clock time of each site's latest input in this task (not state: after a restart, the start counts). */
  private final Map<String, Long> lastInput = new HashMap<>();
  /** Wall-clock time each pending interval was first held by this task (after a restart: first seen again). */
  private final Map<String, Long> heldSince = new HashMap<>();

  public SiteAttributor(AttributionConfig config, Serializer<SensorReading> readingBytes) {
    this.metrics = config.metrics();
    this.readingBytes = readingBytes;
    this.reorderWindow = config.reorderWindow().toMillis();
    this.gapThreshold = config.gapThreshold().toMillis();
    this.grace = config.timelineGrace().toMillis();
    this.idleFlush = config.idleFlush().toMillis();
    this.maxWait = config.timelineMaxWait().toMillis();
    this.maxLag = config.timelineMaxLag().toMillis();
    this.inputCaughtUp = config.inputCaughtUp();
    this.retention = config.timelineRetention().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.assets = PlantAssets.of(context);
    this.meters = context.getStateStore(METERS_STORE);
    this.timelines = context.getStateStore(TIMELINES_STORE);
    this.pending = context.getStateStore(PENDING_STORE);
    // Anew on every (re)initialisation: records read before a dirty close are read again.
    this.clocks = new InputClocks(maxLag);
    context.schedule(PUNCTUATION_INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::flushQuietSites);
  }

  @Override
  public void process(Record<String, SiteEvent> record) {
    lastInput.put(record.key(), context.currentSystemTimeMs());
    SiteEvent event = record.value();
    int partition = event.sourcePartition();
    if (event.payload() instanceof SensorReading reading) {
      onReading(record, event, reading);
    } else if (event.payload() instanceof MachineState state) {
      MachineTimeline timeline = timeline(state.getMachineId());
      long time = state.getTimestamp().toEpochMilli();
      noteLateness(timeline, time, timeline.isLateState(time, grace, clocks));
      timeline.addState(time, state.getState(), partition);
      updateTimeline(record, state.getMachineId(), timeline);
    } else if (event.payload() instanceof ProductionEvent production) {
      MachineTimeline timeline = timeline(production.getMachineId());
      long time = production.getTimestamp().toEpochMilli();
      noteLateness(timeline, time, timeline.isLateProduction(time, grace, clocks));
      timeline.addProduction(time, production.getType(), production.getOrderId(), production.getProductId(),
          production.getGoodUnits() + production.getScrapUnits(), partition);
      updateTimeline(record, production.getMachineId(), timeline);
    }
    if (clocks.advance(partition, record.timestamp())) {
      releaseSettled();
    }
  }

  /** Slices, for every machine of this task, the pending intervals its timeline is known for now. */
  private void releaseSettled() {
    List<KeyValue<String, MachineTimeline>> machines = new ArrayList<>();
    try (KeyValueIterator<String, MachineTimeline> it = timelines.all()) {
      it.forEachRemaining(machines::add);
    }
    for (KeyValue<String, MachineTimeline> machine : machines) {
      Attribution.MachinePlace place = assets.machine(machine.key);
      if (place != null && place.siteId() != null) {
        releaseWaitingFor(place.siteId(), machine.key, machine.value);
      }
    }
  }

  private void onReading(Record<String, SiteEvent> record, SiteEvent event, SensorReading reading) {
    String meterId = reading.getSensorId();
    AssetDefinition asset = assets.meterAsset(meterId);
    long time = reading.getTimestamp().toEpochMilli();
    if (asset == null) {
      deadLetter(record.timestamp(), event, reading, DeadLetters.UNKNOWN_METER, "sensorId",
          "meter '" + meterId + "' is no longer defined in the assets topic", time);
      return;
    }
    MeterDefinition meter = MeterDefinition.of(asset);
    MeterReadings readings = meters.get(meterId);
    if (readings == null) {
      readings = new MeterReadings(record.key());
    }
    Admission admission = readings.offer(time, MicroUnits.of(reading.getValue()),
        reading.getQuality() == Quality.BAD, reorderWindow);
    metrics.reading(admission.name().toLowerCase(java.util.Locale.ROOT));
    switch (admission) {
      case LATE -> deadLetter(record.timestamp(), event, reading, DeadLetters.LATE, "timestamp",
          "reading at " + reading.getTimestamp() + " is more than " + Duration.ofMillis(reorderWindow)
              + " behind meter '" + meterId + "' or before its readings already final", time);
      case DUPLICATE -> {
      }
      case ACCEPTED, BAD -> {
        List<MeteredInterval> intervals = readings.release(meter, reorderWindow, gapThreshold);
        meters.put(meterId, readings);
        attributeOrHold(record.key(), asset, meter, intervals, true, record.timestamp());
      }
    }
  }

  /** Slices each interval whose timelines are known (when {@code sliceWhenKnown}), holds the others. */
  private void attributeOrHold(String siteId, AssetDefinition asset, MeterDefinition meter,
                               List<MeteredInterval> intervals, boolean sliceWhenKnown, long timestamp) {
    Map<String, MachineTimeline> known = new HashMap<>();
    for (MeteredInterval interval : intervals) {
      if (interval.counterReset()) {
        context.forward(new Record<>(meter.meterId(), counterReset(meter, interval), timestamp));
      }
      String waitingFor = waitingFor(meter, interval, known);
      if (sliceWhenKnown && waitingFor == null) {
        emitSlices(meter, interval, known);
      } else {
        String key = PendingInterval.key(siteId, waitingFor == null ? meter.machineIds().get(0) : waitingFor,
            meter.meterId(), interval);
        pending.put(key, new PendingInterval(asset, interval));
        heldSince.put(key, context.currentSystemTimeMs());
      }
    }
  }

  private void noteLateness(MachineTimeline timeline, long time, boolean behindItsStream) {
    metrics.machineEvent(behindItsStream || timeline.isBeforeBaseline(time) ? "late" : "applied");
  }

  private void updateTimeline(Record<String, SiteEvent> record, String machineId, MachineTimeline timeline) {
    timeline.forgetBefore(timeline.latestEvent() - retention);
    timelines.put(machineId, timeline);
    releaseWaitingFor(record.key(), machineId, timeline);
  }

  /**
   * Slices the intervals that waited for this machine and are known now; one that now waits for
   * another machine of a shared meter moves to that machine's range.
   */
  private void releaseWaitingFor(String siteId, String machineId, MachineTimeline timeline) {
    Map<String, MachineTimeline> known = new HashMap<>();
    known.put(machineId, timeline);
    Map<String, String> moved = new HashMap<>();
    Map<String, PendingInterval> movedValues = new HashMap<>();
    List<String> released = new ArrayList<>();
    try (KeyValueIterator<String, PendingInterval> it = pending.range(PendingInterval.machineFrom(siteId, machineId),
        PendingInterval.machineTo(siteId, machineId))) {
      while (it.hasNext()) {
        KeyValue<String, PendingInterval> entry = it.next();
        if (!timeline.knows(entry.value.interval().end() + grace, clocks)) {
          break;
        }
        MeterDefinition meter = MeterDefinition.of(entry.value.meter());
        String waitingFor = waitingFor(meter, entry.value.interval(), known);
        if (waitingFor == null) {
          emitSlices(meter, entry.value.interval(), known);
        } else {
          String key = PendingInterval.key(siteId, waitingFor, meter.meterId(), entry.value.interval());
          moved.put(entry.key, key);
          movedValues.put(key, entry.value);
        }
        released.add(entry.key);
      }
    }
    for (String key : released) {
      pending.delete(key);
      Long since = heldSince.remove(key);
      String to = moved.get(key);
      if (to != null) {
        pending.put(to, movedValues.get(to));
        if (since != null) {
          heldSince.put(to, since);
        }
      }
    }
  }

  /**
   * Slices the site's pending intervals whose timelines are known now, or that have waited
   * {@code timelineMaxWait} (a machine stream that is silent, not behind), or all, as {@code release} says.
   */
  private void releasePending(String siteId, Release release) {
    long now = context.currentSystemTimeMs();
    Map<String, MachineTimeline> known = new HashMap<>();
    List<String> released = new ArrayList<>();
    try (KeyValueIterator<String, PendingInterval> it = pending.range(PendingInterval.siteFrom(siteId),
        PendingInterval.siteTo(siteId))) {
      while (it.hasNext()) {
        KeyValue<String, PendingInterval> entry = it.next();
        MeterDefinition meter = MeterDefinition.of(entry.value.meter());
        boolean waited = now - heldSince.computeIfAbsent(entry.key, key -> now) >= maxWait;
        if (release == Release.ALL || waited || waitingFor(meter, entry.value.interval(), known) == null) {
          emitSlices(meter, entry.value.interval(), known);
          released.add(entry.key);
        }
      }
    }
    released.forEach(key -> {
      pending.delete(key);
      heldSince.remove(key);
    });
  }

  /** The first of the interval's machines whose timeline is not yet known past its end plus the grace, or null. */
  private String waitingFor(MeterDefinition meter, MeteredInterval interval, Map<String, MachineTimeline> known) {
    for (String machineId : meter.machineIds()) {
      if (!known.computeIfAbsent(machineId, this::timeline).knows(interval.end() + grace, clocks)) {
        return machineId;
      }
    }
    return null;
  }

  private void emitSlices(MeterDefinition meter, MeteredInterval interval, Map<String, MachineTimeline> known) {
    for (AttributedConsumption slice : Attribution.slices(meter, interval,
        machineId -> known.computeIfAbsent(machineId, this::timeline), assets::machine)) {
      metrics.sliceOut(slice);
      // Event time on the record, also when a wall-clock release emits it: consumers' stream time follows it.
      context.forward(new Record<>(slice.getMachineId(), slice, slice.getEnd().toEpochMilli()));
    }
  }

  private MachineTimeline timeline(String machineId) {
    MachineTimeline timeline = timelines.get(machineId);
    return timeline == null ? new MachineTimeline() : timeline;
  }

  /**
   * Wall-clock punctuation, only while the input is caught up: pending intervals held for the max
   * wait are sliced; sites quiet for {@code idleFlush} get their readings made final and all their
   * intervals sliced.
   */
  private void flushQuietSites(long now) {
    if (!inputCaughtUp.getAsBoolean()) {
      lastInput.replaceAll((siteId, last) -> now);
      heldSince.replaceAll((key, since) -> now);
      return;
    }
    Map<String, MeterReadings> flushed = new LinkedHashMap<>();
    try (KeyValueIterator<String, MeterReadings> it = meters.all()) {
      while (it.hasNext()) {
        KeyValue<String, MeterReadings> entry = it.next();
        String siteId = entry.value.siteId();
        lastInput.putIfAbsent(siteId, now);
        if (now - lastInput.get(siteId) >= idleFlush && entry.value.hasBufferedReadings()) {
          flushed.put(entry.key, entry.value);
        }
      }
    }
    flushed.forEach((meterId, readings) -> {
      AssetDefinition asset = assets.meterAsset(meterId);
      if (asset != null) {
        MeterDefinition meter = MeterDefinition.of(asset);
        List<MeteredInterval> intervals = readings.flush(meter, gapThreshold);
        meters.put(meterId, readings);
        attributeOrHold(readings.siteId(), asset, meter, intervals, false, now);
      }
    });
    lastInput.forEach((siteId, last) -> releasePending(siteId,
        now - last >= idleFlush ? Release.ALL : Release.KNOWN_OR_WAITED));
  }

  private void deadLetter(long timestamp, SiteEvent event, SensorReading reading, String reasonCode, String field,
                          String reason, long eventTime) {
    metrics.deadLetter(reasonCode);
    context.forward(new Record<>(reading.getSensorId(), DeadLetters.of(reasonCode, reason, field, event.sourceTopic(),
        event.sourcePartition(), event.sourceOffset(), DeadLetters.keyBytes(reading.getSensorId()),
        readingBytes.serialize(event.sourceTopic(), reading), eventTime, context.currentSystemTimeMs()), timestamp));
  }

  private static AnomalyEpisode counterReset(MeterDefinition meter, MeteredInterval interval) {
    double registerValue = MicroUnits.toDecimal(interval.quantity()).doubleValue();
    return AnomalyEpisode.newBuilder()
        .setEpisodeId(meter.meterId() + "/counter-reset/" + interval.end())
        .setStatus(EpisodeStatus.CLOSED)
        .setKind(AnomalyKind.COUNTER_RESET)
        .setScopeType(ScopeType.METER)
        .setScopeId(meter.meterId())
        .setSiteId(meter.siteId())
        .setMachineId(meter.allocation() == null ? meter.ownerId() : null)
        .setMeterId(meter.meterId())
        .setStart(Instant.ofEpochMilli(interval.end()))
        .setEnd(Instant.ofEpochMilli(interval.end()))
        .setLastSeen(Instant.ofEpochMilli(interval.end()))
        .setObserved(registerValue)
        .setUnit(meter.quantityUnit())
        .setScore(1.0)
        .setPeakScore(1.0)
        .setPoints(1)
        .setDetector("stroomlijn-attribution counter delta v1")
        .setExplanation("counter of meter " + meter.meterId() + " dropped without rollover at "
            + Instant.ofEpochMilli(interval.end()) + ": reset, counted from zero (" + registerValue + " "
            + meter.quantityUnit() + "); what it counted since the previous reading is lost")
        .build();
  }
}
