package nl.stroomlijn.streams.sites;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A reading, machine state or production event on its way to the task of its site, with where
 * it was read from (for the dead-letter topic). Carried through one repartition topic, so that
 * the three kinds of a site meet in one task in the order they were read.
 */
public record SiteEvent(String sourceTopic, int sourcePartition, long sourceOffset, SpecificRecord payload) {

  private static final byte READING = 0;
  private static final byte STATE = 1;
  private static final byte PRODUCTION = 2;

  /**
   * The repartition topic's serde: kind, source coordinates, then the payload in the Confluent
   * wire format under its source topic's subject (where its schema is registered already).
   */
  public static Serde<SiteEvent> serde(SchemaRegistry registry) {
    AvroSerde<SensorReading> readings = AvroSerde.specific(SensorReading.class, registry);
    AvroSerde<MachineState> states = AvroSerde.specific(MachineState.class, registry);
    AvroSerde<ProductionEvent> production = AvroSerde.specific(ProductionEvent.class, registry);
    Serializer<SiteEvent> serializer = (topic, event) -> {
      if (event == null) {
        return null;
      }
      byte kind;
      byte[] payload;
      if (event.payload() instanceof SensorReading reading) {
        kind = READING;
        payload = readings.serializer().serialize(event.sourceTopic(), reading);
      } else if (event.payload() instanceof MachineState state) {
        kind = STATE;
        payload = states.serializer().serialize(event.sourceTopic(), state);
      } else {
        kind = PRODUCTION;
        payload = production.serializer().serialize(event.sourceTopic(), (ProductionEvent) event.payload());
      }
      byte[] source = event.sourceTopic().getBytes(StandardCharsets.UTF_8);
      return ByteBuffer.allocate(1 + 4 + source.length + 4 + 8 + payload.length)
          .put(kind).putInt(source.length).put(source).putInt(event.sourcePartition()).putLong(event.sourceOffset())
          .put(payload).array();
    };
    Deserializer<SiteEvent> deserializer = (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      byte kind = buffer.get();
      byte[] source = new byte[buffer.getInt()];
      buffer.get(source);
      int partition = buffer.getInt();
      long offset = buffer.getLong();
      byte[] payload = new byte[buffer.remaining()];
      buffer.get(payload);
      String sourceTopic = new String(source, StandardCharsets.UTF_8);
      SpecificRecord record = switch (kind) {
        case READING -> readings.deserializer().deserialize(sourceTopic, payload);
        case STATE -> states.deserializer().deserialize(sourceTopic, payload);
        default -> production.deserializer().deserialize(sourceTopic, payload);
      };
      return new SiteEvent(sourceTopic, partition, offset, record);
    };
    return org.apache.kafka.common.serialization.Serdes.serdeFrom(serializer, deserializer);
  }
}
