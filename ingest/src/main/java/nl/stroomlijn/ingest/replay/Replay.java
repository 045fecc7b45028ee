package nl.stroomlijn.ingest.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import nl.stroomlijn.ingest.gateway.validation.RawRecord;
import nl.stroomlijn.ingest.gateway.validation.RecordKind;
import nl.stroomlijn.ingest.gateway.validation.RecordValidator;
import nl.stroomlijn.ingest.gateway.validation.Validation;
import nl.stroomlijn.ingest.gateway.validation.ValidationRules;
import nl.stroomlijn.ingest.sink.Pace;
import nl.stroomlijn.ingest.sink.Progress;
import nl.stroomlijn.ingest.sink.RecordSink;
import nl.stroomlijn.ingest.units.Units;
import nl.stroomlijn.ingest.yaml.YamlFiles;
import nl.stroomlijn.schemas.DeadLetter;
import nl.stroomlijn.schemas.MachineState;
import nl.stroomlijn.schemas.OperatingState;
import nl.stroomlijn.schemas.ProductionEvent;
import nl.stroomlijn.schemas.ProductionEventType;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.topics.Topics;

/**
 * Replays a recorded CSV file into the raw topics by a {@link ReplayMapping}: readings in canonical
 * units, machine states and production events from context columns. A row that cannot be read
 * goes to the dead-letter topic with its line number and reason, and the run goes on. With a
 * checkpoint file the replay is resumable: the file names the last line whose records the sink
 * acknowledged (at-least-once: records after it may be sent again, which consumers drop as duplicates).
 */
public final class Replay {

  static final String SOURCE = "replay";
  static final String APPLICATION = "stroomlijn-ingest";
  /** Recorded data is old by nature: no time window; the mapping names every meter, so none is unknown. */
  private static final ValidationRules HISTORY = new ValidationRules(null, null, ValidationRules.UnknownAssets.REJECT);

  /**
   * @param checkpoint           file of the last acknowledged line, or null to always start at the top
   * @param checkpointEveryLines how often to flush the sink and write the checkpoint
   */
  public record Options(Pace pace, Progress progress, Path checkpoint, int checkpointEveryLines) {
    public Options {
      pace = pace == null ? Pace.unlimited() : pace;
      progress = progress == null ? Progress.none() : progress;
      checkpointEveryLines = checkpointEveryLines <= 0 ? 10_000 : checkpointEveryLines;
    }

    public static Options defaults() {
      return new Options(null, null, null, 0);
    }
  }

  /**
   * What a replay did.
   *
   * @param resumedAfterLine the checkpointed line it started after (0 from the top)
   * @param deadLetters      rows sent to the dead-letter topic, by reason code
   * @param blankCells       meter cells left empty (no reading)
   */
  public record Summary(long lines, long resumedAfterLine, long rows, long readings, long machineStates,
                        long productionEvents, long blankCells, Map<String, Long> deadLetters) {

    public long deadLetterCount() {
      return deadLetters.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
      return String.format("%,d lines (resumed after line %,d): %,d rows replayed, %,d readings, %,d machine states, "
          + "%,d production events, %,d blank cells, %,d rows to the dead-letter topic %s", lines, resumedAfterLine,
          rows, readings, machineStates, productionEvents, blankCells, deadLetterCount(), deadLetters);
    }
  }

  private final ReplayMapping mapping;
  private final char delimiter;
  private final DateTimeFormatter timeFormat;
  private final ZoneId zone;
  private final Map<String, ReplayMapping.Meter> metersByKey = new HashMap<>();
  private final RecordValidator validator;

  /** A replay by a validated mapping; {@link MappingException} lists every problem. */
  public Replay(ReplayMapping mapping, String source) {
    this.mapping = mapping;
    List<String> problems = new ArrayList<>();
    String d = mapping.delimiter() == null ? "," : mapping.delimiter();
    if (d.length() != 1) {
      problems.add("delimiter must be one character, got '" + d + "'");
    }
    delimiter = d.isEmpty() ? ',' : d.charAt(0);
    DateTimeFormatter format = null;
    ZoneId zoneId = ZoneId.of("UTC");
    ReplayMapping.Time time = mapping.time();
    if (time == null || time.column() == null || time.format() == null) {
      problems.add("time needs a column and a format");
    } else {
      if (!List.of("iso", "epoch-millis", "epoch-seconds").contains(time.format())) {
        try {
          format = DateTimeFormatter.ofPattern(time.format());
        } catch (IllegalArgumentException e) {
          problems.add("time format '" + time.format() + "' is not a date-time pattern: " + e.getMessage());
        }
      }
      if (time.zone() != null) {
        try {
          zoneId = ZoneId.of(time.zone());
        } catch (DateTimeException e) {
          problems.add("unknown time zone '" + time.zone() + "'");
        }
      }
    }
    timeFormat = format;
    zone = zoneId;
    if (mapping.shape() == null) {
      problems.add("shape must be WIDE or LONG");
    } else if (mapping.shape() == ReplayMapping.Shape.LONG && (mapping.longShape() == null
        || mapping.longShape().meterColumn() == null || mapping.longShape().valueColumn() == null)) {
      problems.add("a LONG file needs longShape.meterColumn and longShape.valueColumn");
    }
    List<ReplayMapping.Meter> meters = mapping.meters() == null ? List.of() : mapping.meters();
    if (meters.isEmpty()) {
      problems.add("no meters");
    }
    for (ReplayMapping.Meter meter : meters) {
      String name = meter.sensorId() == null ? "a meter" : "meter " + meter.sensorId();
      String key = mapping.shape() == ReplayMapping.Shape.LONG ? meter.key() : meter.column();
      if (meter.sensorId() == null || key == null) {
        problems.add(name + " needs a sensorId and a " + (mapping.shape() == ReplayMapping.Shape.LONG ? "key" : "column"));
      } else if (metersByKey.put(key, meter) != null) {
        problems.add(name + ": '" + key + "' is mapped twice");
      }
      if (meter.medium() == null || meter.measurement() == null) {
        problems.add(name + " needs a medium and a measurement");
        continue;
      }
      Units.find(meter.unit()).ifPresentOrElse(
          unit -> Units.misfit(unit, meter.medium(), meter.measurement()).ifPresent(why -> problems.add(name + ": " + why)),
          () -> problems.add(name + ": unknown unit '" + meter.unit() + "'"));
    }
    ReplayMapping.Context context = mapping.context();
    if (context != null) {
      if ((context.machine() == null) == (context.machineColumn() == null)) {
        problems.add("context needs either a machine or a machineColumn");
      }
      if ((context.order() == null) != (context.product() == null)) {
        problems.add("context: order and product columns go together");
      }
      if ((context.goodUnits() != null || context.scrapUnits() != null) && context.order() == null) {
        problems.add("context: units need an order column (units belong to an order)");
      }
      if (context.state() != null && (context.state().column() == null || context.state().values() == null)) {
        problems.add("context.state needs a column and its values");
      }
    }
    if (!problems.isEmpty()) {
      throw new MappingException(source, problems);
    }
    validator = new RecordValidator(mapping.catalog(), HISTORY);
  }

  /** A mapping shipped with ingest ({@code steel-industry-uci}), or a mapping file at a path. */
  public static Replay loadNamed(String nameOrPath) {
    return YamlFiles.open("replay", nameOrPath, Replay::load);
  }

  /** Parses and validates a mapping's content; {@code source} names it in messages. */
  public static Replay load(String source, InputStream yaml) {
    ReplayMapping mapping;
    try {
      mapping = YamlFiles.MAPPER.readValue(yaml, ReplayMapping.class);
    } catch (IOException e) {
      throw new MappingException(source, List.of(YamlFiles.firstLine(e)));
    }
    if (mapping == null) {
      throw new MappingException(source, List.of("the file is empty"));
    }
    return new Replay(mapping, source);
  }

  /** Replays the file into the sink, to its end or until its thread is interrupted. */
  public Summary run(Path csv, RecordSink sink, Options options) {
    try (BufferedReader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
      return new Run(csv, sink, options).replay(reader, Files.size(csv));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv + ": " + e.getMessage(), e);
    }
  }

  /** The state of one replay of one file. */
  private final class Run {
    private final String sourceName;
    private final RecordSink sink;
    private final Options options;
    private final Map<String, OperatingState> states = new TreeMap<>();
    private final Map<String, String[]> orders = new TreeMap<>();
    private final Map<String, Long> deadLetters = new TreeMap<>();
    private Map<String, Integer> columns;
    private long records;
    private long rows;
    private long readings;
    private long machineStates;
    private long productionEvents;
    private long blankCells;
    private long eventTime;

    Run(Path csv, RecordSink sink, Options options) {
      this.sourceName = csv.getFileName().toString();
      this.sink = sink;
      this.options = options;
    }

    Summary replay(BufferedReader reader, long totalBytes) throws IOException {
      long resumeAfter = readCheckpoint();
      String header = reader.readLine();
      if (header == null) {
        throw new IllegalArgumentException(sourceName + " is empty; it needs a header line");
      }
      header = header.startsWith("\uFEFF") ? header.substring(1) : header;
      columns = headerColumns(header);
      long lineNumber = 1;
      long bytes = header.length() + 1;
      String line;
      // An interrupt (a demo's Ctrl-C) ends the replay after a whole line; the flag is cleared for the flush.
      while (!Thread.interrupted() && (line = reader.readLine()) != null) {
        lineNumber++;
        bytes += line.length() + 1;
        if (lineNumber <= resumeAfter || line.isBlank()) {
          continue;
        }
        replayLine(line, lineNumber);
        options.pace().await(records, eventTime);
        options.progress().update(records, eventTime, bytes, totalBytes);
        if (options.checkpoint() != null && lineNumber % options.checkpointEveryLines() == 0) {
          checkpoint(lineNumber);
        }
      }
      sink.flush();
      if (options.checkpoint() != null) {
        checkpoint(lineNumber);
      }
      options.progress().finish(records, eventTime);
      return new Summary(lineNumber, resumeAfter, rows, readings, machineStates, productionEvents, blankCells,
          Map.copyOf(deadLetters));
    }

    private Map<String, Integer> headerColumns(String header) {
      List<String> names = CsvLine.split(header, delimiter);
      Map<String, Integer> byName = new HashMap<>();
      for (int i = 0; i < names.size(); i++) {
        byName.put(names.get(i).trim(), i);
      }
      List<String> missing = new ArrayList<>();
      for (String column : requiredColumns()) {
        if (!byName.containsKey(column)) {
          missing.add(column);
        }
      }
      if (!missing.isEmpty()) {
        throw new MappingException(sourceName, List.of("the header has no column " + missing + "; it has " + names));
      }
      return byName;
    }

    private List<String> requiredColumns() {
      List<String> required = new ArrayList<>();
      required.add(mapping.time().column());
      if (mapping.shape() == ReplayMapping.Shape.WIDE) {
        mapping.meters().forEach(m -> required.add(m.column()));
      } else {
        required.add(mapping.longShape().meterColumn());
        required.add(mapping.longShape().valueColumn());
        if (mapping.longShape().unitColumn() != null) {
          required.add(mapping.longShape().unitColumn());
        }
      }
      ReplayMapping.Context context = mapping.context();
      if (context != null) {
        for (String column : new String[] {context.machineColumn(), context.state() == null ? null
            : context.state().column(), context.order(), context.product(), context.goodUnits(), context.scrapUnits()}) {
          if (column != null) {
            required.add(column);
          }
        }
      }
      return required;
    }

    private void replayLine(String line, long lineNumber) {
      List<Runnable> out = new ArrayList<>();
      long t = Long.MIN_VALUE;
      try {
        List<String> cells = CsvLine.split(line, delimiter);
        if (cells.size() < columns.size()) {
          throw new RowException("WRONG_COLUMN_COUNT", null, "the row has " + cells.size() + " cells, the header "
              + columns.size());
        }
        t = time(cells);
        long receivedAt = System.currentTimeMillis();
        if (mapping.shape() == ReplayMapping.Shape.WIDE) {
          for (ReplayMapping.Meter meter : mapping.meters()) {
            reading(out, meter, cells.get(columns.get(meter.column())), meter.unit(), meter.column(), t, receivedAt);
          }
        } else {
          ReplayMapping.LongShape shape = mapping.longShape();
          String key = cell(cells, shape.meterColumn());
          ReplayMapping.Meter meter = metersByKey.get(key);
          if (meter == null) {
            throw new RowException("UNKNOWN_METER", shape.meterColumn(), "no meter is mapped to '" + key + "'");
          }
          String unit = shape.unitColumn() == null ? meter.unit() : cell(cells, shape.unitColumn());
          reading(out, meter, cell(cells, shape.valueColumn()), unit, shape.valueColumn(), t, receivedAt);
        }
        context(out, cells, t, receivedAt);
      } catch (RowException e) {
        deadLetter(line, lineNumber, t, e.reasonCode, e.field, e.getMessage());
        return;
      } catch (IllegalArgumentException e) {
        deadLetter(line, lineNumber, t, "MALFORMED_ROW", null, e.getMessage());
        return;
      }
      rows++;
      eventTime = t;
      out.forEach(Runnable::run);
    }

    private String cell(List<String> cells, String column) {
      return cells.get(columns.get(column)).trim();
    }

    private long time(List<String> cells) throws RowException {
      ReplayMapping.Time time = mapping.time();
      String text = cell(cells, time.column());
      try {
        switch (time.format()) {
          case "epoch-millis":
            return Long.parseLong(text);
          case "epoch-seconds":
            return Math.multiplyExact(Long.parseLong(text), 1000L);
          case "iso":
            if (text.endsWith("Z") || text.matches(".*[+-]\\d\\d:?\\d\\d$")) {
              return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            }
            return local(LocalDateTime.parse(text), time);
          default:
            return local(LocalDateTime.parse(text, timeFormat), time);
        }
      } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
        throw new RowException("BAD_TIME", time.column(), "time '" + text + "' does not match format '"
            + time.format() + "'");
      }
    }

    private long local(LocalDateTime local, ReplayMapping.Time time) {
      if (Boolean.TRUE.equals(time.midnightEndsDay()) && local.toLocalTime().equals(LocalTime.MIDNIGHT)) {
        local = local.plusDays(1);
      }
      return local.atZone(zone).toInstant().toEpochMilli();
    }

    private void reading(List<Runnable> out, ReplayMapping.Meter meter, String text, String unitName, String column,
        long t, long receivedAt) throws RowException {
      text = text.trim();
      if (text.isEmpty()) {
        blankCells++;
        return;
      }
      RawRecord record = new RawRecord(true).put("sensorId", meter.sensorId()).put("timestamp", BigDecimal.valueOf(t))
          .put("value", text).put("unit", unitName);
      SensorReading reading = validated(RecordKind.READING, record, receivedAt, field -> column,
          "column " + column + ", meter " + meter.sensorId());
      out.add(() -> {
        send(Topics.READINGS, meter.sensorId(), reading, t);
        readings++;
      });
    }

    /**
     * Validates a record the replay built from a row; a rejection rejects the row, under the
     * gateway's reason code, with the file's column as the field.
     *
     * @param column the column a field of the record came from
     * @param what   names the record in the message
     */
    @SuppressWarnings("unchecked")
    private <V> V validated(RecordKind kind, RawRecord record, long receivedAt,
        java.util.function.UnaryOperator<String> column, String what) throws RowException {
      Validation validation = validator.validate(kind, record, SOURCE, receivedAt);
      if (validation instanceof Validation.Invalid invalid) {
        throw new RowException(invalid.rejection().code(), column.apply(invalid.rejection().field()),
            what + ": " + invalid.rejection().message());
      }
      return (V) ((Validation.Valid) validation).value();
    }

    private void context(List<Runnable> out, List<String> cells, long rowTime, long receivedAt) throws RowException {
      ReplayMapping.Context context = mapping.context();
      if (context == null) {
        return;
      }
      String machine = context.machine() != null ? context.machine() : cell(cells, context.machineColumn());
      long t = rowTime - (context.intervalMillis() == null ? 0 : context.intervalMillis());
      if (context.state() != null) {
        String raw = cell(cells, context.state().column());
        OperatingState state = context.state().values().get(raw);
        if (state == null) {
          throw new RowException("UNKNOWN_STATE", context.state().column(), "'" + raw + "' is none of the mapped states "
              + context.state().values().keySet());
        }
        if (state != states.get(machine)) {
          MachineState record = validated(RecordKind.MACHINE_STATE, event(machine, t).put("state", state.name()),
              receivedAt, this::contextColumn, "machine state of " + machine);
          out.add(() -> {
            states.put(machine, state);
            send(Topics.MACHINE_STATES, machine, record, t);
            machineStates++;
          });
        }
      }
      if (context.order() != null) {
        orderContext(out, cells, machine, t, receivedAt);
      }
    }

    /**
     * The production events of a row: a change of order ends the running one and starts the next;
     * units counted in the row are a units event of the row's order (units without an order are
     * rejected: the order is missing).
     */
    private void orderContext(List<Runnable> out, List<String> cells, String machine, long t, long receivedAt)
        throws RowException {
      ReplayMapping.Context context = mapping.context();
      String orderId = cell(cells, context.order());
      String productId = cell(cells, context.product());
      String good = context.goodUnits() == null ? "" : cell(cells, context.goodUnits());
      String scrap = context.scrapUnits() == null ? "" : cell(cells, context.scrapUnits());
      String[] running = orders.get(machine);
      boolean changes = running != null && !running[0].equals(orderId);
      List<ProductionEvent> events = new ArrayList<>();
      if (changes) {
        events.add(production(machine, t, ProductionEventType.ORDER_ENDED, running[0], running[1], "", "", receivedAt));
      }
      boolean starts = (running == null || changes) && !orderId.isEmpty();
      if (starts) {
        events.add(production(machine, t, ProductionEventType.ORDER_STARTED, orderId, productId, "", "", receivedAt));
      }
      if (!good.isEmpty() || !scrap.isEmpty()) {
        ProductionEvent units = production(machine, t, ProductionEventType.UNITS_PRODUCED, orderId, productId, good,
            scrap, receivedAt);
        if (units.getGoodUnits() + units.getScrapUnits() > 0) {
          events.add(units);
        }
      }
      out.add(() -> {
        if (changes) {
          orders.remove(machine);
        }
        if (starts) {
          orders.put(machine, new String[] {orderId, productId});
        }
        events.forEach(event -> {
          send(Topics.PRODUCTION, machine, event, t);
          productionEvents++;
        });
      });
    }

    private ProductionEvent production(String machine, long t, ProductionEventType type, String orderId,
        String productId, String good, String scrap, long receivedAt) throws RowException {
      return validated(RecordKind.PRODUCTION_EVENT, event(machine, t).put("type", type.name()).put("orderId", orderId)
          .put("productId", productId).put("goodUnits", good).put("scrapUnits", scrap), receivedAt,
          this::contextColumn, type + " of " + machine);
    }

    private RawRecord event(String machine, long t) {
      return new RawRecord(true).put("machineId", machine).put("timestamp", BigDecimal.valueOf(t));
    }

    /** The column an event's field came from, for a dead letter. */
    private String contextColumn(String field) {
      ReplayMapping.Context context = mapping.context();
      if (field == null) {
        return null;
      }
      return switch (field) {
        case "machineId" -> context.machineColumn();
        case "state" -> context.state().column();
        case "orderId" -> context.order();
        case "productId" -> context.product();
        case "goodUnits" -> context.goodUnits();
        case "scrapUnits" -> context.scrapUnits();
        case "timestamp" -> mapping.time().column();
        default -> field;
      };
    }

    private void deadLetter(String line, long lineNumber, long t, String code, String field, String reason) {
      long now = System.currentTimeMillis();
      DeadLetter letter = new DeadLetter(code, sourceName + " line " + lineNumber + ": " + reason, field, SOURCE,
          APPLICATION, null, null, null, lineNumber, null,
          java.nio.ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)),
          t == Long.MIN_VALUE ? null : Instant.ofEpochMilli(t), Instant.ofEpochMilli(now));
      send(Topics.DEAD_LETTERS, sourceName + ":" + lineNumber, letter, t == Long.MIN_VALUE ? now : t);
      deadLetters.merge(code, 1L, Long::sum);
    }

    private <V extends org.apache.avro.specific.SpecificRecord> void send(nl.stroomlijn.topics.Topic<V> topic,
        String key, V value, long timestamp) {
      sink.send(topic, key, value, timestamp);
      records++;
    }

    private long readCheckpoint() throws IOException {
      Path file = options.checkpoint();
      if (file == null || !Files.exists(file)) {
        return 0;
      }
      Properties saved = new Properties();
      try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        saved.load(in);
      }
      if (!sourceName.equals(saved.getProperty("file"))) {
        throw new IllegalArgumentException("checkpoint " + file + " is of " + saved.getProperty("file") + ", not "
            + sourceName);
      }
      for (String name : saved.stringPropertyNames()) {
        if (name.startsWith("state.")) {
          states.put(name.substring(6), OperatingState.valueOf(saved.getProperty(name)));
        } else if (name.startsWith("order.")) {
          orders.put(name.substring(6), saved.getProperty(name).split("\n", 2));
        }
      }
      return Long.parseLong(saved.getProperty("line"));
    }

    /** Flushes the sink, so every record up to this line is acknowledged, then records the line. */
    private void checkpoint(long lineNumber) throws IOException {
      sink.flush();
      Properties saved = new Properties();
      saved.setProperty("file", sourceName);
      saved.setProperty("line", Long.toString(lineNumber));
      states.forEach((machine, state) -> saved.setProperty("state." + machine, state.name()));
      orders.forEach((machine, order) -> saved.setProperty("order." + machine, order[0] + "\n" + order[1]));
      Path file = options.checkpoint();
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        saved.store(out, "stroomlijn replay checkpoint: the last line whose records were acknowledged");
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
  }
}
