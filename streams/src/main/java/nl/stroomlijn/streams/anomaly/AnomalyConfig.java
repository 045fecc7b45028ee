package nl.stroomlijn.streams.anomaly;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import nl.stroomlijn.service.ServiceConfig;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import nl.stroomlijn.streams.anomaly.episode.EpisodeSettings;
import nl.stroomlijn.topics.Topics;

/**
 * Settings of the anomaly application.
 *
 * @param schemaRegistryUrl     the registry of the Avro contracts ({@code mock://scope} in tests)
 * @param sensitivity           how easily detectors score (1 = default)
 * @param episodes              when episodes open, report and close
 * @param idleThresholdKw       idle-waste threshold for machines that declare none
 * @param idleMinimum           how long a machine may draw power while idle before it is waste
 * @param orderGrace            how long after an order ends its last consumption slices may still arrive
 * @param missingDataCheck      how often (stream time) meters are checked for missing data
 * @param maximumByUnit         physical maxima per analysed unit (e.g. kW), for impossible values
 * @param machineOrdersTopic    the application's own compacted topic of the order each machine
 *                              runs (its latest ORDER_STARTED or ORDER_ENDED), read back as a
 *                              global store so a meter's detector knows its machine's product;
 *                              by default {@code <application.id>-machine-orders}
 */
public record AnomalyConfig(String schemaRegistryUrl, Sensitivity sensitivity, EpisodeSettings episodes,
    double idleThresholdKw, Duration idleMinimum, Duration orderGrace, Duration missingDataCheck,
    Map<String, Double> maximumByUnit, String readingsTopic, String machineStatesTopic, String consumptionTopic,
    String productionTopic,
    String assetsTopic, String anomaliesTopic, String deadLetterTopic, String machineOrdersTopic) {

  public static final String APPLICATION = "stroomlijn-anomalies";

  /** Defaults with the catalog's topic names. */
  public static AnomalyConfig defaults(String schemaRegistryUrl) {
    return new AnomalyConfig(schemaRegistryUrl, Sensitivity.DEFAULT, EpisodeSettings.DEFAULT, 1.0,
        Duration.ofMinutes(15), Duration.ofMinutes(5), Duration.ofMinutes(1), Map.of(),
        Topics.READINGS.name(), Topics.MACHINE_STATES.name(), Topics.CONSUMPTION.name(), Topics.PRODUCTION.name(), Topics.ASSETS.name(),
        Topics.ANOMALIES.name(), Topics.DEAD_LETTERS.name(), machineOrdersTopicOf(APPLICATION));
  }

  /** The default name of the application's own topic of each machine's order. */
  private static String machineOrdersTopicOf(String applicationId) {
    return applicationId + "-machine-orders";
  }

  /** From a service configuration: {@code anomaly.sensitivity}, {@code anomaly.idle.threshold.kw}, ... */
  public static AnomalyConfig from(ServiceConfig config) {
    URI url = config.schemaRegistryUrl().required();
    String registry = url == null ? null : url.toString();
    AnomalyConfig defaults = defaults(registry);
    double sensitivity = config.integer("anomaly.sensitivity.percent", 1, 1000).orElse(100) / 100.0;
    double idleThreshold = config.integer("anomaly.idle.threshold.watts", 1, Integer.MAX_VALUE).orElse(1000) / 1000.0;
    return new AnomalyConfig(registry, new Sensitivity(sensitivity), defaults.episodes(), idleThreshold,
        config.duration("anomaly.idle.minimum").orElse(defaults.idleMinimum()),
        config.duration("anomaly.order.grace").orElse(defaults.orderGrace()),
        config.duration("anomaly.missing.check").orElse(defaults.missingDataCheck()), Map.of(),
        config.string("topic.readings").orElse(defaults.readingsTopic()),
        config.string("topic.machine-states").orElse(defaults.machineStatesTopic()),
        config.string("topic.consumption").orElse(defaults.consumptionTopic()),
        config.string("topic.production").orElse(defaults.productionTopic()),
        config.string("topic.assets").orElse(defaults.assetsTopic()),
        config.string("topic.anomalies").orElse(defaults.anomaliesTopic()),
        config.string("topic.dead-letters").orElse(defaults.deadLetterTopic()),
        config.string("topic.machine-orders").orElse(
            machineOrdersTopicOf(config.kafkaProperties().getProperty("application.id", APPLICATION))));
  }
}
