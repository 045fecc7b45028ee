package nl.stroomlijn.ingest.truth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.simulator.InjectedFault;
import nl.stroomlijn.ingest.simulator.SimulationReport;
import nl.stroomlijn.schemas.EmissionFactor;

/**
 * Writes a computed {@link GroundTruth} as CSV files into a directory (format: ingest/README.md).
 * Quantities are integer micro-units, CO2e an exact decimal in kg, times ISO-8601 UTC; rows are
 * sorted, so the same run gives the same files.
 */
public final class TruthFiles {

  private TruthFiles() {
  }

  public static void write(Path dir, GroundTruth truth, SimulationReport report, long seed) {
    truth.compute();
    try {
      Files.createDirectories(dir);
      writeRun(dir.resolve("run.csv"), truth, report, seed);
      writeMeters(dir.resolve("meters.csv"), truth, report);
      writeConsumption(dir.resolve("consumption.csv"), truth);
      writeProduction(dir.resolve("production.csv"), truth);
      writeOrders(dir.resolve("orders.csv"), truth);
      writeMachines(dir.resolve("machines.csv"), truth);
      writeFaults(dir.resolve("faults.csv"), report.faults());
      writeTopics(dir.resolve("topics.csv"), truth.recordsPerTopic());
      writeFactors(dir.resolve("emission-factors.csv"), truth.emissionFactors());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the ground truth to " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void writeRun(Path file, GroundTruth truth, SimulationReport report, long seed) throws IOException {
    try (Writer out = open(file, "key,value")) {
      row(out, "plant", truth.plant().name());
      row(out, "seed", seed);
      row(out, "start", Instant.ofEpochMilli(report.start()));
      row(out, "end", Instant.ofEpochMilli(report.end()));
      row(out, "reorder_window_ms", truth.reorderWindowMillis());
      row(out, "gap_threshold_ms", truth.gapThresholdMillis());
      row(out, "records", report.records());
    }
  }

  private static void writeMeters(Path file, GroundTruth truth, SimulationReport report) throws IOException {
    try (Writer out = open(file, "meter_id,medium,measurement,unit,allocation_rule,delivered,late,duplicates,bad,"
        + "reordered,value_sum_micro,intervals,estimated_intervals,slices,resets,rollovers,metered_micro,"
        + "estimated_micro,physical_micro")) {
      for (GroundTruth.MeterTruth m : truth.meters().values()) {
        var meter = m.meter();
        row(out, meter.id(), meter.medium(), meter.measurement(), meter.quantityUnit(),
            meter.allocationRule() == null ? "" : meter.allocationRule(), m.delivered(), m.late(), m.duplicates(),
            m.bad(), m.reordered(), m.valueSumMicro(), m.intervals, m.estimatedIntervals, m.slices, m.resets,
            m.rollovers, m.meteredMicro, m.estimatedMicro, report.physicalMicro()[meter.index()]);
      }
    }
  }

  private static void writeConsumption(Path file, GroundTruth truth) throws IOException {
    List<Map.Entry<GroundTruth.Key, GroundTruth.Amount>> rows = truth.amounts().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing((GroundTruth.Key k) -> k.scope())
            .thenComparing(GroundTruth.Key::scopeId).thenComparing(GroundTruth.Key::quantity)
            .thenComparing(GroundTruth.Key::window).thenComparingLong(GroundTruth.Key::windowStart)
            .thenComparing(GroundTruth.Key::state)))
        .toList();
    try (Writer out = open(file, "scope,scope_id,quantity,window,window_start,state,quantity_micro,slices,co2e_kg")) {
      for (Map.Entry<GroundTruth.Key, GroundTruth.Amount> row : rows) {
        GroundTruth.Key key = row.getKey();
        BigDecimal co2 = row.getValue().co2eKg();
        row(out, key.scope(), key.scopeId(), key.quantity(), key.window(),
            key.window() == GroundTruth.Window.TOTAL ? "" : Instant.ofEpochMilli(key.windowStart()), key.state(),
            row.getValue().micro(), row.getValue().slices(), co2 == null ? "" : co2.toPlainString());
      }
    }
  }

  private static void writeProduction(Path file, GroundTruth truth) throws IOException {
    List<Map.Entry<GroundTruth.UnitKey, GroundTruth.UnitCount>> rows = truth.units().entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.comparing((GroundTruth.UnitKey k) -> k.scope())
            .thenComparing(GroundTruth.UnitKey::scopeId).thenComparing(GroundTruth.UnitKey::window)
            .thenComparingLong(GroundTruth.UnitKey::windowStart)))
        .toList();
    try (Writer out = open(file, "scope,scope_id,window,window_start,good_units,scrap_units,output_mass_kg")) {
      for (Map.Entry<GroundTruth.UnitKey, GroundTruth.UnitCount> row : rows) {
        GroundTruth.UnitKey key = row.getKey();
        BigDecimal mass = row.getValue().outputMass();
        row(out, key.scope(), key.scopeId(), key.window(),
            key.window() == GroundTruth.Window.TOTAL ? "" : Instant.ofEpochMilli(key.windowStart()),
            row.getValue().good, row.getValue().scrap, mass == null ? "" : mass.toPlainString());
      }
    }
  }

  private static void writeMachines(Path file, GroundTruth truth) throws IOException {
    try (Writer out = open(file, "machine_id,line_id,site_id")) {
      for (Plant.Machine machine : truth.plant().machines()) {
        row(out, machine.id(), machine.lineId(), machine.siteId());
      }
    }
  }

  private static void writeOrders(Path file, GroundTruth truth) throws IOException {
    try (Writer out = open(file, "order_id,machine_id,product_id,started,ended,good_units,scrap_units,output_mass_kg")) {
      for (GroundTruth.OrderTruth order : truth.orders().values()) {
        BigDecimal mass = truth.outputMassKg(order.productId, order.good);
        row(out, order.orderId, order.machineId, order.productId, time(order.started), time(order.ended), order.good,
            order.scrap, mass == null ? "" : mass.toPlainString());
      }
    }
  }

  private static void writeFaults(Path file, List<InjectedFault> faults) throws IOException {
    try (Writer out = open(file, "kind,scope,scope_id,start,end,detail")) {
      for (InjectedFault fault : faults.stream().sorted(Comparator.comparingLong(InjectedFault::start)
          .thenComparing(InjectedFault::kind).thenComparing(InjectedFault::scopeId)).toList()) {
        row(out, fault.kind(), fault.kind().scope(), fault.scopeId(), Instant.ofEpochMilli(fault.start()),
            Instant.ofEpochMilli(fault.end()), fault.detail());
      }
    }
  }

  private static void writeTopics(Path file, Map<String, Long> perTopic) throws IOException {
    try (Writer out = open(file, "topic,records")) {
      for (Map.Entry<String, Long> entry : perTopic.entrySet()) {
        row(out, entry.getKey(), entry.getValue());
      }
    }
  }

  private static void writeFactors(Path file, List<EmissionFactor> factors) throws IOException {
    try (Writer out = open(file, "zone,medium,valid_from,kg_co2e_per_unit,scope,method")) {
      for (EmissionFactor f : factors) {
        row(out, f.getZoneId(), f.getMedium(), f.getValidFrom(), f.getKgCo2ePerUnit().toPlainString(), f.getScope(),
            f.getMethod());
      }
    }
  }

  private static String time(long t) {
    return t == Long.MIN_VALUE ? "" : Instant.ofEpochMilli(t).toString();
  }

  private static Writer open(Path file, String header) throws IOException {
    Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    out.write(header);
    out.write('\n');
    return out;
  }

  private static void row(Writer out, Object... cells) throws IOException {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.write(csv(String.valueOf(cells[i])));
    }
    out.write('\n');
  }

  /** Quotes a cell that holds a comma, quote or line break (RFC 4180). */
  static String csv(String cell) {
    if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0) {
      return cell;
    }
    return '"' + cell.replace("\"", "\"\"") + '"';
  }
}
