package nl.stroomlijn.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/** What every stack must offer; run against each kind of stack by a subclass that supplies it. */
abstract class StackContract {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Test
  void createsEveryCatalogTopicWithItsPartitionsAndCleanupPolicy(Stack stack) throws Exception {
    List<String> names = Topics.all().stream().map(Topic::name).toList();
    try (Admin admin = admin(stack)) {
      Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
      Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
          .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList()).all().get();

      for (Topic<?> topic : Topics.all()) {
        assertThat(descriptions.get(topic.name()).partitions()).as(topic.name() + " partitions")
            .hasSize(topic.partitions());
        assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
            .get("cleanup.policy").value()).as(topic.name() + " cleanup.policy")
            .isEqualTo(topic.cleanupPolicy().configValue());
      }
    }
  }

  @Test
  void readCommittedConsumerSeesCommittedTransactionsOnly(Stack stack) throws Exception {
    String topic = "stack-contract.transactions-" + UUID.randomUUID();
    try (Admin admin = admin(stack)) {
      admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
    }

    try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ProducerConfig.TRANSACTIONAL_ID_CONFIG, topic + "-producer"), new StringSerializer(), new StringSerializer())) {
      producer.initTransactions();
      inTransaction(producer, topic, List.of("committed-1", "committed-2"), true);
      inTransaction(producer, topic, List.of("aborted-1"), false);
      inTransaction(producer, topic, List.of("committed-3"), true);
    }

    assertThat(readAll(stack, topic, "read_committed", 3))
        .containsExactly("committed-1", "committed-2", "committed-3");
    // The aborted record did reach the log: only the isolation level hides it.
    assertThat(readAll(stack, topic, "read_uncommitted", 4))
        .containsExactly("committed-1", "committed-2", "aborted-1", "committed-3");
  }

  @Test
  void registryAnswersTheConfluentApi(Stack stack) throws Exception {
    String subject = "stack-contract-" + UUID.randomUUID() + "-value";
    Schema schema = SensorReading.getClassSchema();
    String body = JSON.writeValueAsString(Map.of("schema", schema.toString()));

    int id = post(stack.schemaRegistryUrl() + "/subjects/" + subject + "/versions", body).get("id").asInt();
    int again = post(stack.schemaRegistryUrl() + "/subjects/" + subject + "/versions", body).get("id").asInt();
    JsonNode byId = get(stack.schemaRegistryUrl() + "/schemas/ids/" + id);
    JsonNode latest = get(stack.schemaRegistryUrl() + "/subjects/" + subject + "/versions/latest");

    assertThat(again).isEqualTo(id);
    assertThat(new Schema.Parser().parse(byId.get("schema").asText())).isEqualTo(schema);
    assertThat(latest.get("id").asInt()).isEqualTo(id);
    assertThat(latest.get("version").asInt()).isEqualTo(1);
  }

  private static void inTransaction(KafkaProducer<String, String> producer, String topic, List<String> values,
      boolean commit) throws InterruptedException, ExecutionException {
    producer.beginTransaction();
    for (String value : values) {
      producer.send(new ProducerRecord<>(topic, value, value)).get();
    }
    if (commit) {
      producer.commitTransaction();
    } else {
      producer.abortTransaction();
    }
  }

  /** Polls until {@code expected} records arrived, then once more to catch any extra ones. */
  private static List<String> readAll(Stack stack, String topic, String isolation, int expected) {
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
        ConsumerConfig.GROUP_ID_CONFIG, topic + "-" + isolation,
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation), new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      List<String> values = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expected && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(record -> values.add(record.value()));
      }
      consumer.poll(Duration.ofMillis(500)).forEach(record -> values.add(record.value()));
      return values;
    }
  }

  private static Admin admin(Stack stack) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()));
  }

  private static JsonNode post(String url, String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url))
        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static JsonNode get(String url) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
  }

  private static JsonNode send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(request.method() + " " + request.uri() + ": " + response.body())
        .isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
