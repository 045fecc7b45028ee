package nl.stroomlijn.streams.anomaly.series;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Locale;
import nl.stroomlijn.streams.anomaly.detect.MeterDetector;
import nl.stroomlijn.streams.anomaly.detect.MeterProfile;
import nl.stroomlijn.streams.anomaly.detect.Sensitivity;

/**
 * Scores a CSV series {@code timestamp,value} (header line first) with the stream application's
 * per-meter detector, point by point, and writes {@code timestamp,value,anomaly_score}: one row
 * per input row, in order, timestamp and value as given. A value that is not a number is scored
 * as an impossible value; a timestamp that cannot be read is an error naming its line.
 */
public final class SeriesScorer {

  public static final String HEADER = "timestamp,value,anomaly_score";

  private final Sensitivity sensitivity;

  public SeriesScorer(Sensitivity sensitivity) {
    this.sensitivity = sensitivity;
  }

  /** Scores every row of {@code input} into {@code output}; returns the number of rows. */
  public long score(Reader input, Writer output) {
    MeterDetector detector = new MeterDetector(MeterProfile.series("series"), sensitivity);
    BufferedReader lines = input instanceof BufferedReader b ? b : new BufferedReader(input, 1 << 16);
    StringBuilder row = new StringBuilder(64);
    long rows = 0;
    long lineNumber = 0;
    try {
      output.write(HEADER);
      output.write('\n');
      String line;
      while ((line = lines.readLine()) != null) {
        lineNumber++;
        if (line.isBlank() || (lineNumber == 1 && isHeader(line))) {
          continue;
        }
        int comma = line.indexOf(',');
        if (comma < 0) {
          throw new IllegalArgumentException("line " + lineNumber + ": expected timestamp,value, got '" + line + "'");
        }
        String timestampText = line.substring(0, comma);
        String valueText = line.substring(comma + 1);
        int extra = valueText.indexOf(',');
        if (extra >= 0) {
          valueText = valueText.substring(0, extra);
        }
        long timestamp;
        try {
          timestamp = Timestamps.parse(timestampText);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("line " + lineNumber + ": " + e.getMessage(), e);
        }
        double score = detector.assess(timestamp, parseValue(valueText)).score();
        row.setLength(0);
        row.append(timestampText).append(',').append(valueText).append(',')
            .append(String.format(Locale.ROOT, "%.6f", score)).append('\n');
        output.append(row);
        rows++;
      }
      output.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return rows;
  }

  private static boolean isHeader(String line) {
    String first = Timestamps.unquote(line.split(",", 2)[0].trim());
    try {
      Timestamps.parse(first);
      return false;
    } catch (IllegalArgumentException e) {
      return true;
    }
  }

  private static double parseValue(String text) {
    try {
      return Double.parseDouble(Timestamps.unquote(text.trim()));
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
