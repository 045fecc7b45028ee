package nl.stroomlijn.cli.demo;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.kafka.AvroSerde;
import nl.stroomlijn.schemas.AnomalyEpisode;
import nl.stroomlijn.schemas.EpisodeStatus;
import nl.stroomlijn.schemas.KpiValue;
import nl.stroomlijn.topics.Topic;
import nl.stroomlijn.topics.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The demo's terminal view: reads the committed KPI values ({@code factory.kpi.latest}) and anomaly
 * episodes ({@code factory.anomalies}) into a {@link PlantBoard} and shows it, either as a screen
 * redrawn every two seconds or, with plain logs, as a summary now and then plus a line for each
 * episode that opens or closes.
 */
public final class LiveView implements AutoCloseable {

  private static final String CLEAR_SCREEN = "\033[H\033[2J";
  private static final Duration SCREEN_REFRESH = Duration.ofSeconds(2);
  private static final Duration LOG_SUMMARY_EVERY = Duration.ofSeconds(30);
  private static final int EPISODE_LINES = 12;

  private final PlantBoard board = new PlantBoard();
  private final KafkaConsumer<String, byte[]> consumer;
  private final Deserializer<KpiValue> kpis;
  private final Deserializer<AnomalyEpisode> episodes;
  private final PrintWriter out;
  private final boolean screen;
  private final Supplier<List<String>> header;
  private final Thread thread;
  private volatile boolean stopping;

  /**
   * @param screen true for the redrawn screen, false for plain log lines
   * @param header lines shown above the board on the screen (where things are, how the source does)
   */
  public LiveView(String bootstrapServers, SchemaRegistry registry, PrintWriter out, boolean screen,
      Supplier<List<String>> header) {
    this.consumer = new KafkaConsumer<>(Map.of(
        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
        ConsumerConfig.CLIENT_ID_CONFIG, "stroomlijn-demo-view"),
        new StringDeserializer(), new ByteArrayDeserializer());
    this.kpis = AvroSerde.specific(KpiValue.class, registry).deserializer();
    this.episodes = AvroSerde.specific(AnomalyEpisode.class, registry).deserializer();
    this.out = out;
    this.screen = screen;
    this.header = header;
    this.thread = new Thread(this::run, "demo-live-view");
    thread.setDaemon(true);
  }

  public LiveView start() {
    thread.start();
    return this;
  }

  private void run() {
    List<TopicPartition> partitions = new ArrayList<>();
    for (Topic<?> topic : List.of(Topics.KPI_LATEST, Topics.ANOMALIES)) {
      for (int p = 0; p < topic.partitions(); p++) {
        partitions.add(new TopicPartition(topic.name(), p));
      }
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    long nextScreen = 0;
    long nextSummary = System.nanoTime() + LOG_SUMMARY_EVERY.toNanos();
    try {
      while (!stopping) {
        for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          try {
            take(record);
          } catch (SerializationException e) {
            out.println("[view] skipped an unreadable record at " + record.topic() + "-" + record.partition() + "@"
                + record.offset() + ": " + e.getMessage());
          }
        }
        long now = System.nanoTime();
        if (screen && now >= nextScreen) {
          draw();
          nextScreen = now + SCREEN_REFRESH.toNanos();
        } else if (!screen && now >= nextSummary) {
          out.printf("[view] %,d KPI values (%,d final), %d anomaly episodes open, %d opened so far; plant idle energy share %s%n",
              board.kpiRecords(), board.finalKpiRecords(), board.openEpisodeCount(), board.episodesOpened(),
              board.plantIdleShare() == null ? "-" : String.format("%.1f %%", board.plantIdleShare().doubleValue() * 100));
          out.flush();
          nextSummary = now + LOG_SUMMARY_EVERY.toNanos();
        }
      }
    } catch (WakeupException woken) {
      // close() woke the poll.
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void take(ConsumerRecord<String, byte[]> record) {
    if (record.value() == null) {
      return;
    }
    if (record.topic().equals(Topics.KPI_LATEST.name())) {
      board.accept(kpis.deserialize(record.topic(), record.headers(), record.value()));
    } else {
      AnomalyEpisode episode = episodes.deserialize(record.topic(), record.headers(), record.value());
      board.accept(episode);
      if (!screen && episode.getStatus() != EpisodeStatus.UPDATED) {
        out.println("[anomaly " + episode.getStatus().name().toLowerCase(java.util.Locale.ROOT) + "]"
            + PlantBoard.episodeLine(episode));
        out.flush();
      }
    }
  }

  private void draw() {
    StringBuilder text = new StringBuilder(CLEAR_SCREEN);
    header.get().forEach(line -> text.append(line).append('\n'));
    text.append('\n');
    board.render(EPISODE_LINES).forEach(line -> text.append(line).append('\n'));
    out.print(text);
    out.flush();
  }

  /** The final summary, for the logs after the view stopped. */
  public List<String> lastBoard() {
    return board.render(EPISODE_LINES);
  }

  @Override
  public void close() throws InterruptedException {
    // Woken, not interrupted: an interrupt would surface inside the Kafka client.
    stopping = true;
    consumer.wakeup();
    thread.join(10_000);
  }
}
