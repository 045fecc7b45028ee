package nl.stroomlijn.ingest.replay;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.stroomlijn.ingest.gateway.validation.AssetCatalog;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.MeterSpec;
import nl.stroomlijn.schemas.OperatingState;

/**
 * How a recorded CSV file maps onto the raw topics (YAML; see {@code replay/steel-industry-uci.yaml}).
 *
 * @param delimiter one character, default {@code ,}
 * @param time      the time column
 * @param shape     WIDE: a column per meter ({@code meters[].column}); LONG: {@code longShape.meterColumn}
 *                  names the meter of each row ({@code meters[].key}) and {@code longShape.valueColumn} holds its value
 * @param meters    the meters: sensor id, how each measures, its device unit and machine
 * @param context   columns that become machine-state and production events
 */
public record ReplayMapping(String delimiter, Time time, Shape shape, LongShape longShape, List<Meter> meters,
                            Context context) {

  public enum Shape { WIDE, LONG }

  /**
   * @param format          a {@link java.time.format.DateTimeFormatter} pattern, or {@code iso},
   *                        {@code epoch-millis}, {@code epoch-seconds}
   * @param zone            the zone of local times (IANA id), ignored for epoch and offset times
   * @param midnightEndsDay a local time 00:00 belongs to the end of its date, not its start (files
   *                        that label the last interval of a day with that day's date)
   */
  public record Time(String column, String format, String zone, Boolean midnightEndsDay) {
  }

  /**
   * @param meterColumn column naming the meter of a row (matched to {@link Meter#key})
   * @param valueColumn column holding the value
   * @param unitColumn  optional column holding the unit of the value (else the meter's unit)
   */
  public record LongShape(String meterColumn, String valueColumn, String unitColumn) {
  }

  /**
   * @param column         WIDE: the column of the meter
   * @param key            LONG: the value of the meter column that names this meter
   * @param sensorId       asset id of the meter, the key of its readings
   * @param machine        the machine it belongs to (asset id), for people and the plant file
   * @param unit           the unit of the values in the file; converted to the canonical unit
   * @param scale          factor applied before conversion, default 1
   */
  public record Meter(String column, String key, String sensorId, String machine, Medium medium,
                      MeasurementKind measurement, String unit, Double scale, Long intervalMillis) {

    /** The meter as the asset table would define it, for the shared validation. */
    AssetDefinition asset() {
      return AssetDefinition.newBuilder().setAssetId(sensorId).setKind(AssetKind.METER).setName(sensorId)
          .setParentId(machine).setMeter(MeterSpec.newBuilder().setMedium(medium).setMeasurement(measurement)
              .setUnit(unit).setScale(scale == null ? 1.0 : scale).setIntervalMillis(intervalMillis).build())
          .setUpdatedAt(Instant.EPOCH).build();
    }
  }

  /**
   * The assets a replay validates against, instead of the asset topic: the mapping's meters and the
   * machines it names. A recorded file names its own products, and its machines too when it has a
   * machine column: those are taken as they come.
   */
  public AssetCatalog catalog() {
    Map<String, AssetDefinition> byId = new HashMap<>();
    meters.forEach(meter -> byId.put(meter.sensorId(), meter.asset()));
    List<String> machines = new java.util.ArrayList<>();
    meters.forEach(meter -> machines.add(meter.machine()));
    if (context != null) {
      machines.add(context.machine());
    }
    machines.stream().filter(java.util.Objects::nonNull).forEach(id -> byId.putIfAbsent(id, named(id, AssetKind.MACHINE)));
    boolean anyMachine = context != null && context.machineColumn() != null;
    return new AssetCatalog() {
      @Override
      public Optional<AssetDefinition> find(String id) {
        return Optional.ofNullable(byId.get(id));
      }

      @Override
      public Optional<AssetDefinition> find(String id, AssetKind kind) {
        Optional<AssetDefinition> known = find(id).filter(asset -> asset.getKind() == kind);
        boolean fromTheFile = kind == AssetKind.PRODUCT || kind == AssetKind.MACHINE && anyMachine;
        return known.isPresent() || !fromTheFile ? known : Optional.of(named(id, kind));
      }
    };
  }

  private static AssetDefinition named(String id, AssetKind kind) {
    return AssetDefinition.newBuilder().setAssetId(id).setKind(kind).setName(id).setUpdatedAt(Instant.EPOCH).build();
  }

  /**
   * Context of a machine, from columns. Each event applies from the row time, or from the start of
   * the row's interval when {@code intervalMillis} is set (values that describe the interval ending
   * at the row time).
   *
   * @param machine       the machine the context is about (asset id), or
   * @param machineColumn a column naming it
   * @param state         column and value map of the machine state; a state record is sent when it changes
   * @param order         column of the running order; a change ends the previous one and starts the next
   * @param product       column of the order's product (required with order)
   * @param goodUnits     column of good units counted in the row
   * @param scrapUnits    column of scrap units counted in the row
   */
  public record Context(String machine, String machineColumn, Long intervalMillis, State state,
                        String order, String product, String goodUnits, String scrapUnits) {
  }

  public record State(String column, Map<String, OperatingState> values) {
  }
}
