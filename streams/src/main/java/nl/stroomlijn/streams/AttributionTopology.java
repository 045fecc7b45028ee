package nl.stroomlijn.streams;

import java.util.Map;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AttributedConsumption;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.streams.assets.AssetStoreUpdater;
import nl.stroomlijn.streams.assets.PlantAssets;
import nl.stroomlijn.streams.attribution.MachineTimeline;
import nl.stroomlijn.streams.attribution.PendingInterval;
import nl.stroomlijn.streams.attribution.SiteAttributor;
import nl.stroomlijn.streams.deadletters.DeadLetters;
import nl.stroomlijn.streams.metering.MeterReadings;
import nl.stroomlijn.streams.sites.SiteEvent;
import nl.stroomlijn.streams.sites.SiteRouter;
import nl.stroomlijn.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The attribution app as a topology, a pure function of its configuration:
 * <pre>
 *   factory.assets ─────────────► global store plant-assets (every task reads meters and machines)
 *   factory.readings.raw ┐
 *   factory.machine-states ├─► SiteRouter ─► repartition by site id ─► SiteAttributor ─┬─► factory.consumption
 *   factory.production ┘              └─► factory.readings.dlq ◄───────────────────────┼─► factory.anomalies
 *                                                                                      └─► factory.readings.dlq
 * </pre>
 * Keyed by site: a shared meter's allocation needs the timelines of every machine it feeds, and a
 * site holds them all (a line would not do for a site's main meter). The price is parallelism:
 * one site is one task, so a plant scales by its sites, not its machines.
 */
public final class AttributionTopology {

  /** Name of the repartition topic (prefixed by the application id) carrying events by site. */
  public static final String SITE_EVENTS = "site-events";

  private AttributionTopology() {
  }

  /** Every topic the app reads or writes, with its serdes: the one place naming them. */
  private record TopicSerdes(Serde<AssetDefinition> assets, Serde<SensorReading> readings, Serde<MachineState> states,
                             Serde<ProductionEvent> production, Serde<SiteEvent> siteEvents,
                             Serde<AttributedConsumption> consumption, Serde<AnomalyEpisode> anomalies,
                             Serde<DeadLetter> deadLetters) {
    static TopicSerdes of(SchemaRegistry registry) {
      return new TopicSerdes(AvroSerde.specific(AssetDefinition.class, registry),
          AvroSerde.specific(SensorReading.class, registry), AvroSerde.specific(MachineState.class, registry),
          AvroSerde.specific(ProductionEvent.class, registry), SiteEvent.serde(registry),
          AvroSerde.specific(AttributedConsumption.class, registry), AvroSerde.specific(AnomalyEpisode.class, registry),
          AvroSerde.specific(DeadLetter.class, registry));
    }
  }

  public static Topology buildTopology(AttributionConfig config) {
    TopicSerdes serdes = TopicSerdes.of(config.registry());
    AttributionMetrics metrics = config.metrics();
    StreamsBuilder builder = new StreamsBuilder();

    builder.addGlobalStore(PlantAssets.storeBuilder(serdes.assets()), Topics.ASSETS.name(),
        Consumed.with(Serdes.String(), serdes.assets()).withName("assets"), AssetStoreUpdater::new);

    KStream<String, Object> routed = route(builder, Topics.READINGS.name(), serdes.readings(), metrics)
        .merge(route(builder, Topics.MACHINE_STATES.name(), serdes.states(), metrics), Named.as("merge-states"))
        .merge(route(builder, Topics.PRODUCTION.name(), serdes.production(), metrics), Named.as("merge-production"));
    Map<String, KStream<String, Object>> byKind = routed.split(Named.as("routed-"))
        .branch((key, value) -> value instanceof SiteEvent, Branched.as("site-events"))
        .defaultBranch(Branched.as("dead-letters"));
    toDeadLetters(byKind.get("routed-dead-letters"), serdes);

    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SiteAttributor.METERS_STORE),
        Serdes.String(), MeterReadings.SERDE));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SiteAttributor.TIMELINES_STORE),
        Serdes.String(), MachineTimeline.SERDE));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SiteAttributor.PENDING_STORE),
        Serdes.String(), PendingInterval.SERDE));

    byKind.get("routed-site-events")
        .mapValues(value -> (SiteEvent) value, Named.as("as-site-event"))
        .repartition(Repartitioned.with(Serdes.String(), serdes.siteEvents()).withName(SITE_EVENTS))
        .process(() -> new SiteAttributor(config, serdes.readings().serializer()), Named.as("attribute"),
            SiteAttributor.METERS_STORE, SiteAttributor.TIMELINES_STORE, SiteAttributor.PENDING_STORE)
        .split(Named.as("attributed-"))
        .branch((key, value) -> value instanceof AttributedConsumption, Branched.withConsumer(slices -> slices
            .mapValues(value -> (AttributedConsumption) value, Named.as("as-slice"))
            .to(Topics.CONSUMPTION.name(), Produced.with(Serdes.String(), serdes.consumption())), "slices"))
        .branch((key, value) -> value instanceof AnomalyEpisode, Branched.withConsumer(anomalies -> anomalies
            .mapValues(value -> (AnomalyEpisode) value, Named.as("as-anomaly"))
            .to(Topics.ANOMALIES.name(), Produced.with(Serdes.String(), serdes.anomalies())), "anomalies"))
        .defaultBranch(Branched.withConsumer(letters -> toDeadLetters(letters, serdes), "dead-letters"));
    return builder.build();
  }

  private static <V extends SpecificRecord> KStream<String, Object> route(StreamsBuilder builder, String topic,
                                                                         Serde<V> serde, AttributionMetrics metrics) {
    return builder.stream(topic, Consumed.with(Serdes.String(), serde).withName(topic))
        .process(() -> new SiteRouter<>(metrics, serde.serializer()), Named.as("route-" + topic));
  }

  private static void toDeadLetters(KStream<String, Object> letters, TopicSerdes serdes) {
    letters.mapValues(value -> (DeadLetter) value)
        .selectKey((key, letter) -> DeadLetters.originalKey(letter))
        .to(Topics.DEAD_LETTERS.name(), Produced.with(Serdes.ByteArray(), serdes.deadLetters()));
  }
}
