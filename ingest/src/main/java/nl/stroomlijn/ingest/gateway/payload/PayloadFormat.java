package nl.stroomlijn.ingest.gateway.payload;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The batch formats the gateway reads, by media type. All are UTF-8. */
public enum PayloadFormat {
  /** A JSON array of objects, or one object. */
  JSON("application/json"),
  /** One JSON object per line. */
  NDJSON("application/x-ndjson", "application/ndjson", "application/jsonl", "application/json-seq"),
  /** A header line of field names, then one record per line. */
  CSV("text/csv");

  private final List<String> mediaTypes;

  PayloadFormat(String... mediaTypes) {
    this.mediaTypes = List.of(mediaTypes);
  }

  /** The format of a Content-Type header; empty when the type is not one of ours or its charset is not UTF-8. */
  public static Optional<PayloadFormat> ofContentType(String contentType) {
    if (contentType == null) {
      return Optional.empty();
    }
    String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
    for (int i = 1; i < parts.length; i++) {
      String parameter = parts[i].trim();
      if (parameter.startsWith("charset=") && !parameter.substring(8).replace("\"", "").equals("utf-8")) {
        return Optional.empty();
      }
    }
    String type = parts[0].trim();
    for (PayloadFormat format : values()) {
      if (format.mediaTypes.contains(type)) {
        return Optional.of(format);
      }
    }
    return Optional.empty();
  }

  public String mediaType() {
    return mediaTypes.get(0);
  }

  /** Splits a payload into its records; never throws on bad input, which becomes unreadable records. */
  public List<Incoming> read(byte[] payload) {
    return switch (this) {
      case JSON -> JsonPayloads.readDocument(payload);
      case NDJSON -> JsonPayloads.readLines(payload);
      case CSV -> CsvPayloads.read(payload);
    };
  }
}
