package nl.stroomlijn.ingest.replay;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line into cells: delimiter-separated, double quotes around cells that hold one (RFC 4180). */
final class CsvLine {

  private CsvLine() {
  }

  /** The cells of the line; an unbalanced quote is an error. */
  static List<String> split(String line, char delimiter) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == delimiter) {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("a quoted cell is not closed");
    }
    cells.add(cell.toString());
    return cells;
  }
}
