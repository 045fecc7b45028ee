package nl.stroomlijn.streams.sites;

import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.streams.AttributionMetrics;
import nl.stroomlijn.streams.assets.MeterDefinition;
import nl.stroomlijn.streams.assets.PlantAssets;
import nl.stroomlijn.streams.attribution.Attribution.MachinePlace;
import nl.stroomlijn.streams.deadletters.DeadLetters;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Keys each reading, machine state and production event by the site of its meter or machine, so
 * that a site's meters and machines (and so a shared meter and every machine it feeds) meet in
 * one task. A record of a meter or machine that is not defined goes to the dead-letter topic
 * ({@code UNKNOWN_METER} / {@code UNKNOWN_MACHINE}); process values are counted and not attributed.
 * Forwards a {@link SiteEvent} keyed by site id, or a dead letter keyed by the original key.
 */
public final class SiteRouter<V extends SpecificRecord> implements Processor<String, V, String, Object> {

  private final AttributionMetrics metrics;
  private final Serializer<V> originalBytes;
  private ProcessorContext<String, Object> context;
  private PlantAssets assets;

  /** @param originalBytes the source topic's serializer, to put the record in a dead letter */
  public SiteRouter(AttributionMetrics metrics, Serializer<V> originalBytes) {
    this.metrics = metrics;
    this.originalBytes = originalBytes;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.assets = PlantAssets.of(context);
  }

  @Override
  public void process(Record<String, V> record) {
    RecordMetadata source = context.recordMetadata().orElseThrow();
    metrics.recordIn(source.topic());
    V value = record.value();
    if (value == null) {
      return;
    }
    String siteId;
    if (value instanceof SensorReading reading) {
      MeterDefinition meter = assets.meter(reading.getSensorId());
      if (meter == null) {
        reject(record, source, DeadLetters.UNKNOWN_METER, "sensorId",
            "meter '" + reading.getSensorId() + "' is not defined in the assets topic", reading.getTimestamp().toEpochMilli());
        return;
      }
      if (meter.medium() == Medium.PROCESS_VALUE) {
        metrics.reading("not_consumption");
        return;
      }
      siteId = meter.siteId();
    } else {
      String machineId = value instanceof MachineState state ? state.getMachineId() : ((ProductionEvent) value).getMachineId();
      MachinePlace machine = assets.machine(machineId);
      if (machine == null || machine.siteId() == null) {
        long time = value instanceof MachineState state ? state.getTimestamp().toEpochMilli()
            : ((ProductionEvent) value).getTimestamp().toEpochMilli();
        reject(record, source, DeadLetters.UNKNOWN_MACHINE, "machineId",
            "machine '" + machineId + "' is not defined (with a site) in the assets topic", time);
        return;
      }
      siteId = machine.siteId();
    }
    context.forward(record.withKey(siteId).withValue(new SiteEvent(source.topic(), source.partition(), source.offset(), value)));
  }

  private void reject(Record<String, V> record, RecordMetadata source, String reasonCode, String field, String reason,
                      long eventTime) {
    metrics.deadLetter(reasonCode);
    context.forward(record.withValue(DeadLetters.of(reasonCode, reason, field, source.topic(), source.partition(),
        source.offset(), DeadLetters.keyBytes(record.key()), originalBytes.serialize(source.topic(), record.value()),
        eventTime, context.currentSystemTimeMs())));
  }
}
