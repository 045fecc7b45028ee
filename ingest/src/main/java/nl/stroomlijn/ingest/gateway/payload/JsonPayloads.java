package nl.stroomlijn.ingest.gateway.payload;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nl.stroomlijn.ingest.gateway.validation.RawRecord;
import nl.stroomlijn.ingest.gateway.validation.Rejection;

/**
 * JSON payloads, read token by token so that one broken record costs only itself (and, in an
 * array, what follows it) and every record keeps its original bytes. Duplicate field names are
 * recorded rather than thrown, so they are rejected per record with their own reason.
 */
public final class JsonPayloads {

  /** NaN and Infinity are read, so that they are rejected as non-finite numbers rather than as bad JSON. */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
      .build();

  private JsonPayloads() {
  }

  /** A JSON array of objects, or a single object. */
  public static List<Incoming> readDocument(byte[] payload) {
    if (Utf8.decode(payload, 0, payload.length).isEmpty()) {
      return List.of(Incoming.unreadable(Utf8.notUtf8(), payload, 1));
    }
    List<Incoming> records = new ArrayList<>();
    int elementStart = 0;
    long elementLine = 1;
    try (JsonParser parser = FACTORY.createParser(payload)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return records;
      }
      if (first == JsonToken.START_OBJECT) {
        RawRecord record = readObject(parser);
        requireEnd(parser);
        return List.of(Incoming.of(record, payload, 1));
      }
      if (first != JsonToken.START_ARRAY) {
        return List.of(Incoming.unreadable(malformed("must be a JSON array of objects or one object"), payload, 1));
      }
      for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
        if (token == null) {
          throw new com.fasterxml.jackson.core.JsonParseException(parser, "the array is not closed");
        }
        elementStart = (int) parser.currentTokenLocation().getByteOffset();
        elementLine = parser.currentTokenLocation().getLineNr();
        if (token == JsonToken.START_OBJECT) {
          RawRecord record = readObject(parser);
          records.add(Incoming.of(record, slice(payload, elementStart, parser), elementLine));
        } else {
          parser.skipChildren();
          records.add(Incoming.unreadable(new Rejection("NOT_AN_OBJECT", null, "must be a JSON object", null),
              slice(payload, elementStart, parser), elementLine));
        }
      }
      elementStart = (int) parser.currentLocation().getByteOffset();
      requireEnd(parser);
    } catch (JsonProcessingException e) {
      // The parser cannot find the next record after a syntax error: the rest of the payload is one dead letter.
      records.add(Incoming.unreadable(malformed(e), Arrays.copyOfRange(payload, elementStart, payload.length),
          elementLine));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return records;
  }

  /** One JSON object per line (NDJSON); blank lines are skipped. */
  public static List<Incoming> readLines(byte[] payload) {
    List<Incoming> records = new ArrayList<>();
    for (PayloadLines.Line line : PayloadLines.split(payload)) {
      records.add(readLine(line.bytes(), line.number()));
    }
    return records;
  }

  private static Incoming readLine(byte[] bytes, long number) {
    if (Utf8.decode(bytes, 0, bytes.length).isEmpty()) {
      return Incoming.unreadable(Utf8.notUtf8(), bytes, number);
    }
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return Incoming.unreadable(new Rejection("NOT_AN_OBJECT", null, "must be a JSON object", null), bytes, number);
      }
      RawRecord record = readObject(parser);
      requireEnd(parser);
      return Incoming.of(record, bytes, number);
    } catch (JsonProcessingException e) {
      return Incoming.unreadable(malformed(e), bytes, number);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the object whose START_OBJECT is the current token, up to and including its END_OBJECT. */
  private static RawRecord readObject(JsonParser parser) throws IOException {
    RawRecord record = new RawRecord(false);
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      record.put(name, switch (value) {
        case VALUE_STRING -> parser.getText();
        case VALUE_NUMBER_INT -> new BigDecimal(parser.getBigIntegerValue());
        case VALUE_NUMBER_FLOAT -> parser.isNaN() ? (Object) parser.getDoubleValue() : parser.getDecimalValue();
        case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
        case VALUE_NULL -> null;
        case START_OBJECT, START_ARRAY -> {
          parser.skipChildren();
          yield RawRecord.NESTED;
        }
        default -> throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected " + value);
      });
    }
    return record;
  }

  private static void requireEnd(JsonParser parser) throws IOException {
    if (parser.nextToken() != null) {
      throw new com.fasterxml.jackson.core.JsonParseException(parser, "unexpected content after the end");
    }
  }

  private static byte[] slice(byte[] payload, int start, JsonParser parser) {
    int end = (int) Math.min(payload.length, parser.currentLocation().getByteOffset());
    return Arrays.copyOfRange(payload, start, Math.max(start, end));
  }

  private static Rejection malformed(JsonProcessingException e) {
    return malformed("must be well-formed JSON: " + e.getOriginalMessage().lines().findFirst().orElse(""));
  }

  private static Rejection malformed(String rule) {
    return new Rejection("MALFORMED_JSON", null, rule, null);
  }
}
