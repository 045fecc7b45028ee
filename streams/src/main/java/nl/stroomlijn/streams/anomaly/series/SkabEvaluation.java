package nl.stroomlijn.streams.anomaly.series;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import nl.stroomlijn.streams.anomaly.detect.Assessment;
import nl.stroomlijn.streams.anomaly.detect.MeterDetector;
import nl.stroomlijn.streams.anomaly.detect.MeterProfile;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;
import nl.stroomlijn.streams.anomaly.episode.EpisodeSettings;
import nl.stroomlijn.streams.anomaly.episode.EpisodeTracker;

/**
 * Runs the per-meter detectors over the SKAB pump-rig files and scores them against SKAB's
 * per-point {@code anomaly} labels. Each of the eight sensor columns is a meter with its own
 * detector, started cold at the top of each file; a point is predicted anomalous while any
 * column has an open episode (the stream application's episode rule, default settings, not tuned
 * on these labels). Precision, recall and F1 are point-wise over all files of a fault group
 * together, as SKAB's leaderboard computes them; also reported: the share of labelled anomaly
 * segments with at least one predicted point inside (found) and the median delay to it.
 */
public final class SkabEvaluation {

  /** The fault groups of SKAB, folders of its data directory. */
  public static final List<String> GROUPS = List.of("valve1", "valve2", "other");

  private final Sensitivity sensitivity;
  private final EpisodeSettings episodes;

  public SkabEvaluation(Sensitivity sensitivity, EpisodeSettings episodes) {
    this.sensitivity = sensitivity;
    this.episodes = episodes;
  }

  /** Counts of one group or of all files. */
  public static final class Tally {
    long truePositives;
    long falsePositives;
    long falseNegatives;
    long points;
    int segments;
    int segmentsFound;
    final List<Long> delays = new ArrayList<>();

    void add(Tally other) {
      truePositives += other.truePositives;
      falsePositives += other.falsePositives;
      falseNegatives += other.falseNegatives;
      points += other.points;
      segments += other.segments;
      segmentsFound += other.segmentsFound;
      delays.addAll(other.delays);
    }

    public double precision() {
      return ratio(truePositives, truePositives + falsePositives);
    }

    public double recall() {
      return ratio(truePositives, truePositives + falseNegatives);
    }

    public double f1() {
      double p = precision();
      double r = recall();
      return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Share of points predicted anomalous. */
    public double flaggedShare() {
      return ratio(truePositives + falsePositives, points);
    }

    public double segmentRecall() {
      return ratio(segmentsFound, segments);
    }

    /** Median seconds from a segment's first labelled point to its first predicted point, over found segments. */
    public double medianDelaySeconds() {
      if (delays.isEmpty()) {
        return Double.NaN;
      }
      List<Long> sorted = delays.stream().sorted().toList();
      return sorted.get(sorted.size() / 2);
    }

    private static double ratio(double numerator, double denominator) {
      return denominator == 0 ? 0 : numerator / denominator;
    }
  }

  /** Evaluates every group under {@code skab}, plus the anomaly-free file; keys: groups, "all", "anomaly-free". */
  public Map<String, Tally> evaluate(Path skab) {
    Map<String, Tally> results = new LinkedHashMap<>();
    Tally all = new Tally();
    for (String group : GROUPS) {
      Tally tally = new Tally();
      for (Path file : files(skab.resolve(group))) {
        tally.add(evaluateFile(file));
      }
      results.put(group, tally);
      all.add(tally);
    }
    results.put("all", all);
    results.put("anomaly-free", evaluateFile(skab.resolve("anomaly-free").resolve("anomaly-free.csv")));
    return results;
  }

  /** Writes the results as a Markdown table. */
  public static void print(Map<String, Tally> results, PrintWriter out) {
    out.println("| files | points | precision | recall | F1 | points flagged | segments found | median delay (s) |");
    out.println("|---|---|---|---|---|---|---|---|");
    results.forEach((name, t) -> out.println(String.format(Locale.ROOT,
        "| %s | %d | %.3f | %.3f | %.3f | %.1f%% | %d/%d | %s |", name, t.points, t.precision(), t.recall(), t.f1(),
        100 * t.flaggedShare(), t.segmentsFound, t.segments,
        Double.isNaN(t.medianDelaySeconds()) ? "-" : String.format(Locale.ROOT, "%.0f", t.medianDelaySeconds()))));
    out.flush();
  }

  Tally evaluateFile(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    String[] header = lines.get(0).split(";");
    int labelColumn = List.of(header).indexOf("anomaly");
    int sensors = labelColumn < 0 ? header.length - 1 : labelColumn - 1;
    List<MeterDetector> detectors = new ArrayList<>();
    List<EpisodeTracker[]> trackers = new ArrayList<>();
    for (int c = 0; c < sensors; c++) {
      detectors.add(new MeterDetector(MeterProfile.series(header[c + 1]), sensitivity));
      EpisodeTracker[] perKind = new EpisodeTracker[MeterDetector.KINDS.size()];
      for (int k = 0; k < perKind.length; k++) {
        perKind[k] = new EpisodeTracker(episodes);
      }
      trackers.add(perKind);
    }
    Tally tally = new Tally();
    boolean inSegment = false;
    boolean segmentFound = false;
    long segmentStart = 0;
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(";");
      long timestamp = Timestamps.parse(fields[0]);
      boolean predicted = false;
      for (int c = 0; c < sensors; c++) {
        Assessment assessment = detectors.get(c).assess(timestamp, Double.parseDouble(fields[c + 1]));
        EpisodeTracker[] perKind = trackers.get(c);
        for (int k = 0; k < perKind.length; k++) {
          perKind[k].observe(timestamp, assessment.findings().get(k));
          predicted |= perKind[k].isOpen();
        }
      }
      boolean labelled = labelColumn >= 0 && Double.parseDouble(fields[labelColumn]) > 0.5;
      tally.points++;
      if (labelled && predicted) {
        tally.truePositives++;
      } else if (predicted) {
        tally.falsePositives++;
      } else if (labelled) {
        tally.falseNegatives++;
      }
      if (labelled && !inSegment) {
        inSegment = true;
        segmentFound = false;
        segmentStart = timestamp;
        tally.segments++;
      } else if (!labelled) {
        inSegment = false;
      }
      if (inSegment && predicted && !segmentFound) {
        segmentFound = true;
        tally.segmentsFound++;
        tally.delays.add((timestamp - segmentStart) / 1000);
      }
    }
    return tally;
  }

  private static List<Path> files(Path folder) {
    try (Stream<Path> paths = Files.list(folder)) {
      return paths.filter(p -> p.toString().endsWith(".csv"))
          .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }

  /** SKAB beside the repository, {@code ../shared/data/skab} from the repository root or a module. */
  public static Path locateData() {
    for (String candidate : List.of("../shared/data/skab", "../../shared/data/skab")) {
      Path path = Path.of(candidate).toAbsolutePath().normalize();
      if (Files.isDirectory(path.resolve("valve1"))) {
        return path;
      }
    }
    throw new IllegalStateException("SKAB data not found: expected ../shared/data/skab beside the repository (from "
        + Path.of("").toAbsolutePath() + "); see shared/data/skab/SOURCE");
  }
}
