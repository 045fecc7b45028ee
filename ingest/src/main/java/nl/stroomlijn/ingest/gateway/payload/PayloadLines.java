package nl.stroomlijn.ingest.gateway.payload;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The non-blank lines of a payload as byte ranges, so that each record keeps its original bytes. */
final class PayloadLines {

  /** One line without its line break; {@code number} is 1-based. */
  record Line(byte[] bytes, long number) {
  }

  private PayloadLines() {
  }

  static List<Line> split(byte[] payload) {
    List<Line> lines = new ArrayList<>();
    int start = 0;
    long number = 1;
    for (int i = 0; i <= payload.length; i++) {
      if (i == payload.length || payload[i] == '\n') {
        int end = i > start && payload[i - 1] == '\r' ? i - 1 : i;
        if (!isBlank(payload, start, end)) {
          lines.add(new Line(Arrays.copyOfRange(payload, start, end), number));
        }
        start = i + 1;
        number++;
      }
    }
    return lines;
  }

  private static boolean isBlank(byte[] payload, int start, int end) {
    for (int i = start; i < end; i++) {
      if (payload[i] != ' ' && payload[i] != '\t') {
        return false;
      }
    }
    return true;
  }
}
