package nl.stroomlijn.streams.anomaly.series;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import org.junit.jupiter.api.Test;

class SeriesScorerTest {

  private static final DateTimeFormatter NAB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
  private static final long START = Instant.parse("2014-01-01T00:00:00Z").toEpochMilli();
  private static final long FIVE_MINUTES = 300_000L;
  private static final int DAY = 288;

  /** A CSV as the benchmark gives it: header, then timestamp,value rows every five minutes from 2014-01-01. */
  private static String csv(int rows, IntToDoubleFunction value) {
    StringBuilder csv = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < rows; i++) {
      csv.append(NAB_TIME.format(Instant.ofEpochMilli(START + i * FIVE_MINUTES))).append(',')
          .append(String.format(Locale.ROOT, "%s", value.applyAsDouble(i))).append('\n');
    }
    return csv.toString();
  }

  private static List<String[]> score(String csv) {
    StringWriter out = new StringWriter();
    new SeriesScorer(Sensitivity.DEFAULT).score(new StringReader(csv), out);
    String[] lines = out.toString().split("\n");
    assertThat(lines[0]).isEqualTo(SeriesScorer.HEADER);
    List<String[]> rows = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      rows.add(lines[i].split(","));
    }
    return rows;
  }

  private static double[] scores(List<String[]> rows) {
    return rows.stream().mapToDouble(r -> Double.parseDouble(r[2])).toArray();
  }

  private static void assertWithinZeroAndOne(double[] scores, String what) {
    assertThat(Arrays.stream(scores).min().orElse(0)).as("lowest score %s", what).isGreaterThanOrEqualTo(0.0);
    assertThat(Arrays.stream(scores).max().orElse(0)).as("highest score %s", what).isLessThanOrEqualTo(1.0);
  }

  private static long atOrAbove(double[] scores, int from, double threshold) {
    return Arrays.stream(scores, from, scores.length).filter(s -> s >= threshold).count();
  }

  /** Five-minute points over {@code days}: a daily swing of 10 around 50, noise sigma 1. */
  private static IntToDoubleFunction dailyCycle(long seed) {
    Random random = new Random(seed);
    return i -> 50 + 10 * Math.sin(2 * Math.PI * (i % DAY) / DAY) + random.nextGaussian();
  }

  @Test
  void writesOneRowPerInputRowInOrderWithTimestampAndValueAsGiven() {
    String input = csv(500, i -> 10 + i % 7);
    List<String[]> rows = score(input);
    String[] inputLines = input.split("\n");

    assertThat(rows).hasSize(500);
    for (int i = 0; i < rows.size(); i++) {
      String[] given = inputLines[i + 1].split(",");
      assertThat(rows.get(i)).hasSize(3);
      assertThat(rows.get(i)[0]).isEqualTo(given[0]);
      assertThat(rows.get(i)[1]).isEqualTo(given[1]);
    }
    assertThat(rows.get(0)[0]).isEqualTo("2014-01-01 00:00:00");
    assertWithinZeroAndOne(scores(rows), "");
  }

  @Test
  void readsTimestampsAsUtcWithoutOffset() {
    assertThat(Timestamps.parse("2014-01-01 00:00:00")).isEqualTo(START);
    assertThat(Timestamps.parse("2014-01-01T00:00:00")).isEqualTo(START);
    assertThat(Timestamps.parse("2014-01-01T01:00:00+01:00")).isEqualTo(START);
    assertThat(Timestamps.parse("\"2014-01-01 00:00:00\"")).isEqualTo(START);
  }

  @Test
  void keepsEveryRowOfRepeatedTimestampsAndGaps() {
    StringBuilder input = new StringBuilder("timestamp,value\n");
    Random random = new Random(5);
    int rows = 0;
    for (int i = 0; i < 600; i++) {
      long t = START + i * FIVE_MINUTES + (i >= 300 ? 12 * 60 * 60_000L : 0); // a 12-hour gap half-way
      int repeats = i % 50 == 0 ? 3 : 1;
      for (int r = 0; r < repeats; r++) {
        input.append(NAB_TIME.format(Instant.ofEpochMilli(t))).append(',').append(20 + random.nextGaussian()).append('\n');
        rows++;
      }
    }
    double[] scores = scores(score(input.toString()));

    assertThat(scores).hasSize(rows);
    assertWithinZeroAndOne(scores, "");
  }

  @Test
  void aFlatSeriesScoresZeroAndItsFirstStepScoresHigh() {
    double[] scores = scores(score(csv(1000, i -> i < 900 ? 42.0 : 43.0)));

    assertThat(Arrays.stream(scores, 0, 900).max().orElseThrow()).isZero();
    assertThat(scores[900]).isGreaterThanOrEqualTo(0.6);
  }

  @Test
  void magnitudeDoesNotMatter() {
    for (double scale : new double[] {1e-9, 1e12}) {
      IntToDoubleFunction base = dailyCycle(3);
      double[] values = new double[3 * DAY];
      for (int i = 0; i < values.length; i++) {
        values[i] = base.applyAsDouble(i) * scale + (i == 2 * DAY + 100 ? 30 * scale : 0);
      }
      double[] scores = scores(score(csv(values.length, i -> values[i])));

      assertWithinZeroAndOne(scores, "scale " + scale);
      assertThat(scores[2 * DAY + 100]).as("spike at scale %s", scale).isGreaterThanOrEqualTo(0.6);
      assertThat(atOrAbove(scores, 40, 0.6)).as("points >= 0.6 at scale %s", scale).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void aCleanDailyCycleStaysQuietThroughItsWarmUp() {
    // Two weeks of a clean daily cycle: the profile blends in over day 2 instead of switching on.
    // Measured: 0 points >= 0.5 after the first 40 (seeds 1-5).
    for (long seed = 1; seed <= 5; seed++) {
      double[] scores = scores(score(csv(14 * DAY, dailyCycle(seed))));

      assertThat(atOrAbove(scores, 40, 0.5)).as("points >= 0.5, seed %d", seed).isLessThanOrEqualTo(2);
    }
  }

  @Test
  void rejectsAnUnreadableTimestampNamingItsLine() {
    assertThatThrownBy(() -> score("timestamp,value\n2014-01-01 00:00:00,1\nyesterday,2\n"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 3");
  }

  @Test
  void scoresAValueThatIsNoNumberAsImpossible() {
    List<String[]> rows = score("timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,n/a\n2014-01-01 00:10:00,1\n");

    assertThat(rows).hasSize(3);
    assertThat(rows.get(1)[1]).isEqualTo("n/a");
    assertThat(Double.parseDouble(rows.get(1)[2])).isEqualTo(1.0);
  }
}
