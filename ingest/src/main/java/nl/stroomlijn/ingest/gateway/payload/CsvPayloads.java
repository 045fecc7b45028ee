package nl.stroomlijn.ingest.gateway.payload;

import java.util.ArrayList;
import java.util.List;
import nl.stroomlijn.ingest.gateway.validation.RawRecord;
import nl.stroomlijn.ingest.gateway.validation.Rejection;
import nl.stroomlijn.ingest.replay.CsvLine;

/** CSV payloads: a header line of field names, then one record per line; empty cells are absent fields. */
public final class CsvPayloads {

  private CsvPayloads() {
  }

  public static List<Incoming> read(byte[] payload) {
    List<PayloadLines.Line> lines = PayloadLines.split(payload);
    List<Incoming> records = new ArrayList<>();
    if (lines.isEmpty()) {
      return records;
    }
    PayloadLines.Line headerLine = lines.get(0);
    List<String> header;
    try {
      String text = Utf8.decode(headerLine.bytes(), 0, headerLine.bytes().length).orElse(null);
      if (text == null) {
        return List.of(Incoming.unreadable(Utf8.notUtf8(), payload, 1));
      }
      header = CsvLine.split(text.startsWith("\uFEFF") ? text.substring(1) : text, ',').stream().map(String::trim).toList();
    } catch (IllegalArgumentException e) {
      return List.of(Incoming.unreadable(malformed("the header " + e.getMessage()), payload, 1));
    }
    for (PayloadLines.Line line : lines.subList(1, lines.size())) {
      records.add(readRow(header, line));
    }
    return records;
  }

  private static Incoming readRow(List<String> header, PayloadLines.Line line) {
    String text = Utf8.decode(line.bytes(), 0, line.bytes().length).orElse(null);
    if (text == null) {
      return Incoming.unreadable(Utf8.notUtf8(), line.bytes(), line.number());
    }
    List<String> cells;
    try {
      cells = CsvLine.split(text, ',');
    } catch (IllegalArgumentException e) {
      return Incoming.unreadable(malformed(e.getMessage()), line.bytes(), line.number());
    }
    if (cells.size() != header.size()) {
      return Incoming.unreadable(malformed("must have " + header.size() + " cells like the header, has " + cells.size()),
          line.bytes(), line.number());
    }
    RawRecord record = new RawRecord(true);
    for (int i = 0; i < cells.size(); i++) {
      record.put(header.get(i), cells.get(i).isBlank() ? null : cells.get(i));
    }
    return Incoming.of(record, line.bytes(), line.number());
  }

  private static Rejection malformed(String why) {
    return new Rejection("MALFORMED_CSV", null, "must be a CSV line: " + why, null);
  }
}
