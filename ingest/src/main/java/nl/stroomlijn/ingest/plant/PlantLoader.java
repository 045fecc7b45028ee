package nl.stroomlijn.ingest.plant;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import nl.stroomlijn.ingest.units.Units;
import nl.stroomlijn.ingest.yaml.YamlFiles;
import nl.stroomlijn.schemas.AllocationRule;
import nl.stroomlijn.schemas.MeasurementKind;
import nl.stroomlijn.schemas.Medium;
import nl.stroomlijn.schemas.OperatingState;

/**
 * Reads a plant file, expands copies, resolves local ids into asset ids and validates everything,
 * reporting all problems at once in a {@link PlantException}.
 */
public final class PlantLoader {

  /** Asset ids are paths: {@code site/line/machine/meter}. */
  public static final String SEPARATOR = "/";
  /** Slices are cut every 15 minutes; factors changing elsewhere would split a slice between two factors. */
  private static final long FACTOR_ALIGNMENT_MILLIS = 15 * 60_000L;
  private static final double SHARE_TOLERANCE = 1e-9;

  private final String source;
  private final List<String> problems = new ArrayList<>();

  private PlantLoader(String source) {
    this.source = source;
  }

  /** Loads a plant that ships with ingest ({@code default}, {@code large}), or a plant file at a path. */
  public static Plant loadNamed(String nameOrPath) {
    return YamlFiles.open("plants", nameOrPath, PlantLoader::load);
  }

  /** Parses and validates a plant file's content; {@code source} names it in messages. */
  public static Plant load(String source, InputStream yaml) {
    PlantFile file;
    try {
      file = YamlFiles.MAPPER.readValue(yaml, PlantFile.class);
    } catch (IOException e) {
      throw new PlantException(source, List.of(YamlFiles.firstLine(e)));
    }
    if (file == null) {
      throw new PlantException(source, List.of("the file is empty"));
    }
    return new PlantLoader(source).resolve(file);
  }

  private Plant resolve(PlantFile file) {
    Map<String, PlantFile.Product> products = new LinkedHashMap<>();
    for (PlantFile.Product product : list(file.products())) {
      checkProduct(product);
      if (product.id() != null && products.put(product.id(), product) != null) {
        problem("product '" + product.id() + "' is declared twice");
      }
    }
    Map<String, PlantFile.Behaviour> behaviours = file.behaviours() == null ? Map.of() : file.behaviours();
    behaviours.forEach(this::checkBehaviour);

    List<Plant.Site> sites = new ArrayList<>();
    List<Plant.Line> lines = new ArrayList<>();
    List<Plant.Machine> machines = new ArrayList<>();
    List<Plant.Meter> meters = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    if (list(file.sites()).isEmpty()) {
      problem("a plant needs at least one site");
    }
    for (PlantFile.Site site : list(file.sites())) {
      String siteId = required(site.id(), "a site without id");
      if (siteId == null) {
        continue;
      }
      unique(ids, siteId);
      checkSite(site);
      sites.add(new Plant.Site(siteId, site));
      List<Plant.Machine> siteMachines = new ArrayList<>();
      for (PlantFile.Line line : list(site.lines())) {
        for (String lineLocal : copies(line.id(), line.copies(), "line in site " + siteId)) {
          String lineId = siteId + SEPARATOR + lineLocal;
          unique(ids, lineId);
          lines.add(new Plant.Line(lineId, siteId, nameOf(line.name(), lineLocal, line.id())));
          List<Plant.Machine> lineMachines = new ArrayList<>();
          for (PlantFile.Machine machine : list(line.machines())) {
            for (String machineLocal : copies(machine.id(), machine.copies(), "machine in " + lineId)) {
              String machineId = lineId + SEPARATOR + machineLocal;
              unique(ids, machineId);
              Plant.Machine resolved = new Plant.Machine(machines.size(), machineId, lineId, siteId,
                  nameOf(machine.name(), machineLocal, machine.id()), machine,
                  behaviour(machine, machineId, behaviours), checkMachine(machine, machineId, products));
              machines.add(resolved);
              lineMachines.add(resolved);
              for (PlantFile.Meter meter : list(machine.meters())) {
                addMeter(meters, ids, meter, machineId, siteId, resolved, List.of(), machineId);
              }
            }
          }
          siteMachines.addAll(lineMachines);
          for (PlantFile.Meter meter : list(line.meters())) {
            addMeter(meters, ids, meter, lineId, siteId, null, lineMachines, lineId);
          }
        }
      }
      for (PlantFile.Meter meter : list(site.meters())) {
        addMeter(meters, ids, meter, siteId, siteId, null, siteMachines, siteId);
      }
    }
    Map<String, Plant.Machine> machinesById = new LinkedHashMap<>();
    machines.forEach(m -> machinesById.put(m.id(), m));
    for (PlantFile.Order order : list(file.orders())) {
      checkOrder(order, machinesById, products);
    }
    Set<String> zones = new HashSet<>();
    sites.forEach(s -> zones.add(s.spec().gridZone()));
    for (PlantFile.Factor factor : list(file.emissionFactors())) {
      checkFactor(factor, zones);
    }
    Map<FaultKind, Double> faults = file.faults() == null ? Map.of() : new EnumMap<>(file.faults());
    faults.forEach((kind, rate) -> {
      if (rate == null || rate < 0 || (kind.rateUnit() == FaultKind.Unit.PER_READING && rate > 0.2)
          || (kind.rateUnit() == FaultKind.Unit.PER_ORDER && rate > 1)) {
        problem("fault " + kind + " has rate " + rate + "; it must be ≥ 0"
            + (kind.rateUnit() == FaultKind.Unit.PER_READING ? " and at most 0.2 per reading" : "")
            + (kind.rateUnit() == FaultKind.Unit.PER_ORDER ? " and at most 1 (a probability)" : ""));
      }
    });
    double noise = file.noise() == null ? 0.03 : file.noise();
    if (noise < 0 || noise > 0.3) {
      problem("noise must be within [0, 0.3] (a relative standard deviation), got " + noise);
    }
    long unitsReport = file.unitsReportMillis() == null ? 60_000 : file.unitsReportMillis();
    if (unitsReport < 1000) {
      problem("unitsReportMillis must be at least 1000, got " + unitsReport);
    }
    if (!problems.isEmpty()) {
      throw new PlantException(source, problems);
    }
    return new Plant(file.name() == null ? source : file.name(), noise, unitsReport, List.copyOf(sites),
        List.copyOf(lines), List.copyOf(machines), List.copyOf(meters), Map.copyOf(products), list(file.orders()),
        list(file.emissionFactors()), Map.copyOf(faults));
  }

  private void addMeter(List<Plant.Meter> meters, Set<String> ids, PlantFile.Meter meter, String ownerId,
      String siteId, Plant.Machine machine, List<Plant.Machine> scope, String scopeId) {
    String local = required(meter.id(), "a meter without id in " + ownerId);
    if (local == null) {
      return;
    }
    String id = ownerId + SEPARATOR + local;
    unique(ids, id);
    if (meter.medium() == null || meter.measurement() == null) {
      problem("meter " + id + " needs a medium and a measurement");
      return;
    }
    if (meter.medium() == Medium.PROCESS_VALUE) {
      problem("meter " + id + ": the simulator does not simulate PROCESS_VALUE meters");
      return;
    }
    Units.Unit unit = Units.find(meter.unit()).orElse(null);
    if (unit == null) {
      problem("meter " + id + ": " + (meter.unit() == null ? "no unit"
          : "unknown unit '" + meter.unit() + "'"));
      return;
    }
    Units.misfit(unit, meter.medium(), meter.measurement()).ifPresent(why -> problem("meter " + id + ": " + why));
    if (meter.intervalMillis() == null || meter.intervalMillis() < 1000 || meter.intervalMillis() % 1000 != 0) {
      problem("meter " + id + ": intervalMillis must be a whole number of seconds ≥ 1 s, got " + meter.intervalMillis());
    }
    if (meter.scale() != null && !(meter.scale() > 0)) {
      problem("meter " + id + ": scale must be positive, got " + meter.scale());
    }
    if (meter.medium() == Medium.MATERIAL && meter.materialId() == null) {
      problem("meter " + id + ": a MATERIAL meter names its materialId");
    }
    long rolloverMicro = 0;
    if (meter.rolloverValue() != null) {
      if (meter.measurement() != MeasurementKind.CUMULATIVE_COUNTER || !(meter.rolloverValue() > 0)) {
        problem("meter " + id + ": only a CUMULATIVE_COUNTER has a rolloverValue, and it is positive");
      } else {
        BigDecimal perDevice = unit.factor().multiply(BigDecimal.valueOf(meter.scale() == null ? 1.0 : meter.scale()));
        rolloverMicro = Units.toMicro(perDevice.multiply(new BigDecimal(Double.toString(meter.rolloverValue()))));
      }
    }
    checkRates(meter.rate(), "meter " + id + " rate");
    List<Plant.Machine> targets = List.of();
    long[] sharesPpm = new long[0];
    if (machine == null) {
      if (meter.allocation() == null || meter.allocation().rule() == null) {
        problem("shared meter " + id + " (on " + ownerId + ") needs an allocation with a rule and targets");
      } else {
        targets = resolveTargets(id, meter.allocation(), scope, scopeId);
        sharesPpm = shares(id, meter.allocation(), targets.size());
      }
      if (meter.medium() == Medium.MATERIAL) {
        problem("shared meter " + id + ": material feeders belong to a machine");
      }
      if (meter.rate() == null) {
        problem("shared meter " + id + " needs a rate per state of its target machines");
      }
    } else if (meter.allocation() != null) {
      problem("meter " + id + " belongs to machine " + machine.id() + " and cannot have an allocation");
    } else if (meter.rate() == null && meter.medium() != Medium.ELECTRICITY && meter.medium() != Medium.MATERIAL) {
      problem("meter " + id + " (" + meter.medium() + ") needs a rate per state of its machine");
    }
    meters.add(new Plant.Meter(meters.size(), id, ownerId, siteId, machine,
        nameOf(meter.name(), local, local), withDefaults(meter), unit, rolloverMicro, targets, sharesPpm));
  }

  private static PlantFile.Meter withDefaults(PlantFile.Meter m) {
    return new PlantFile.Meter(m.id(), m.name(), m.medium(), m.measurement(), m.unit(),
        m.scale() == null ? 1.0 : m.scale(), m.rolloverValue(), m.intervalMillis(), m.materialId(),
        m.rate() == null ? Map.of() : m.rate(), m.allocation());
  }

  private List<Plant.Machine> resolveTargets(String meterId, PlantFile.Allocation allocation,
      List<Plant.Machine> scope, String scopeId) {
    List<String> wanted = list(allocation.targets());
    if (wanted.isEmpty()) {
      problem("shared meter " + meterId + " has no allocation targets");
      return List.of();
    }
    if (wanted.equals(List.of("*"))) {
      if (scope.isEmpty()) {
        problem("shared meter " + meterId + " targets all machines of " + scopeId + ", which has none");
      }
      return List.copyOf(scope);
    }
    List<Plant.Machine> targets = new ArrayList<>();
    for (String target : wanted) {
      String full = scopeId + SEPARATOR + target;
      scope.stream().filter(m -> m.id().equals(full)).findFirst().ifPresentOrElse(targets::add,
          () -> problem("shared meter " + meterId + ": allocation target '" + target + "' is no machine of "
              + scopeId + " (known: " + scope.stream().map(m -> m.id().substring(scopeId.length() + 1)).toList() + ")"));
    }
    if (new HashSet<>(targets).size() != targets.size()) {
      problem("shared meter " + meterId + " names a target twice");
    }
    return targets;
  }

  private long[] shares(String meterId, PlantFile.Allocation allocation, int targets) {
    List<Double> shares = list(allocation.shares());
    if (allocation.rule() != AllocationRule.FIXED_SHARES) {
      if (!shares.isEmpty()) {
        problem("shared meter " + meterId + ": shares only apply to FIXED_SHARES, not " + allocation.rule());
      }
      return new long[0];
    }
    if (shares.size() != targets) {
      problem("shared meter " + meterId + ": FIXED_SHARES needs one share per target (" + targets + "), got "
          + shares.size());
      return new long[0];
    }
    long[] ppm = new long[targets];
    double sum = 0;
    for (int i = 0; i < targets; i++) {
      Double share = shares.get(i);
      if (share == null || !(share > 0) || share > 1) {
        problem("shared meter " + meterId + ": share " + share + " is not within (0, 1]");
        return new long[0];
      }
      sum += share;
      ppm[i] = Units.toMicro(share);
    }
    if (Math.abs(sum - 1) > SHARE_TOLERANCE) {
      problem("shared meter " + meterId + ": FIXED_SHARES add up to " + sum + ", not 1");
    }
    return ppm;
  }

  private void checkSite(PlantFile.Site site) {
    if (site.timeZone() == null) {
      problem("site " + site.id() + " needs a timeZone");
    } else {
      try {
        ZoneId.of(site.timeZone());
      } catch (DateTimeException e) {
        problem("site " + site.id() + ": unknown time zone '" + site.timeZone() + "'");
      }
    }
    required(site.gridZone(), "site " + site.id() + " needs a gridZone");
    if (list(site.lines()).isEmpty()) {
      problem("site " + site.id() + " has no lines");
    }
  }

  private List<String> checkMachine(PlantFile.Machine machine, String id, Map<String, PlantFile.Product> products) {
    checkRates(machine.powerKw(), "machine " + id + " powerKw");
    if (machine.powerKw() == null || !machine.powerKw().keySet().containsAll(List.of(OperatingState.values()))) {
      problem("machine " + id + ": powerKw needs a value for every state " + List.of(OperatingState.values()));
    }
    List<String> made = list(machine.products());
    if (made.isEmpty()) {
      problem("machine " + id + " makes no products");
    }
    made.stream().filter(p -> !products.containsKey(p))
        .forEach(p -> problem("machine " + id + " makes unknown product '" + p + "'"));
    PlantFile.Range quantity = machine.orderQuantity();
    if (quantity == null || quantity.min() < 1 || quantity.max() < quantity.min()) {
      problem("machine " + id + ": orderQuantity needs 1 ≤ min ≤ max, got " + quantity);
    }
    return made;
  }

  private PlantFile.Behaviour behaviour(PlantFile.Machine machine, String id, Map<String, PlantFile.Behaviour> all) {
    PlantFile.Behaviour behaviour = all.get(machine.behaviour());
    if (behaviour == null) {
      problem("machine " + id + ": unknown behaviour '" + machine.behaviour() + "' (known: " + all.keySet() + ")");
    }
    return behaviour;
  }

  private void checkBehaviour(String name, PlantFile.Behaviour behaviour) {
    for (OperatingState state : OperatingState.values()) {
      Double mean = behaviour.meanMinutes() == null ? null : behaviour.meanMinutes().get(state);
      if (mean == null || !(mean > 0)) {
        problem("behaviour " + name + ": meanMinutes needs a positive value for " + state);
      }
      Map<OperatingState, Double> next = behaviour.transitions() == null ? null : behaviour.transitions().get(state);
      if (next == null || next.isEmpty()) {
        problem("behaviour " + name + ": no transitions out of " + state);
        continue;
      }
      double sum = next.values().stream().mapToDouble(Double::doubleValue).sum();
      if (Math.abs(sum - 1) > SHARE_TOLERANCE || next.values().stream().anyMatch(p -> p < 0)) {
        problem("behaviour " + name + ": transition probabilities out of " + state + " add up to " + sum + ", not 1");
      }
      if (next.containsKey(state)) {
        problem("behaviour " + name + ": " + state + " cannot transition to itself");
      }
    }
  }

  private void checkProduct(PlantFile.Product product) {
    String id = required(product.id(), "a product without id");
    if (product.cycleTimeMillis() == null || product.cycleTimeMillis() < 100) {
      problem("product " + id + ": cycleTimeMillis must be at least 100, got " + product.cycleTimeMillis());
    }
    if (product.unitMassKg() != null && !(product.unitMassKg() > 0)) {
      problem("product " + id + ": unitMassKg must be positive");
    }
    double scrap = product.scrapProbability() == null ? 0 : product.scrapProbability();
    if (scrap < 0 || scrap >= 1) {
      problem("product " + id + ": scrapProbability must be within [0, 1), got " + scrap);
    }
    if ((product.materialId() == null) != (product.materialPerUnitKg() == null)) {
      problem("product " + id + ": materialId and materialPerUnitKg go together");
    }
    checkRates(product.powerKw(), "product " + id + " powerKw");
  }

  private void checkOrder(PlantFile.Order order, Map<String, Plant.Machine> machines,
      Map<String, PlantFile.Product> products) {
    Plant.Machine machine = machines.get(order.machine());
    if (order.id() == null) {
      problem("an order without id on " + order.machine());
    }
    if (machine == null) {
      problem("order " + order.id() + ": unknown machine '" + order.machine() + "'");
    }
    if (!products.containsKey(order.product())) {
      problem("order " + order.id() + ": unknown product '" + order.product() + "'");
    }
    if (order.quantity() < 1) {
      problem("order " + order.id() + ": quantity must be at least 1");
    }
  }

  private void checkFactor(PlantFile.Factor factor, Set<String> zones) {
    String what = "emission factor " + factor.zone() + "/" + factor.medium() + "/" + factor.validFrom();
    if (factor.zone() == null || factor.medium() == null || factor.validFrom() == null
        || factor.kgCo2ePerUnit() == null || factor.scope() == null || factor.method() == null) {
      problem(what + " needs zone, medium, validFrom, kgCo2ePerUnit, scope and method");
      return;
    }
    if (!zones.contains(factor.zone())) {
      problem(what + ": no site is in grid zone '" + factor.zone() + "' (zones: " + zones + ")");
    }
    if (factor.validFrom().toEpochMilli() % FACTOR_ALIGNMENT_MILLIS != 0) {
      problem(what + ": validFrom must be on a 15-minute boundary (UTC)");
    }
    if (factor.kgCo2ePerUnit().signum() < 0 || factor.kgCo2ePerUnit().scale() > Units.MICRO_SCALE) {
      problem(what + ": kgCo2ePerUnit must be ≥ 0 with at most 6 decimals");
    }
  }

  private void checkRates(Map<OperatingState, Double> rates, String what) {
    if (rates != null) {
      rates.forEach((state, rate) -> {
        if (rate == null || rate < 0) {
          problem(what + ": " + state + " must be ≥ 0, got " + rate);
        }
      });
    }
  }

  private List<String> copies(String id, Integer copies, String what) {
    if (id == null || id.isBlank() || id.contains(SEPARATOR)) {
      problem("a " + what + " has no id or one containing '" + SEPARATOR + "': '" + id + "'");
      return List.of();
    }
    if (copies == null) {
      return List.of(id);
    }
    if (copies < 1) {
      problem(what + " " + id + ": copies must be at least 1");
      return List.of();
    }
    List<String> names = new ArrayList<>(copies);
    for (int i = 1; i <= copies; i++) {
      names.add(id + "-" + i);
    }
    return names;
  }

  private static String nameOf(String name, String local, String declared) {
    if (name == null) {
      return local;
    }
    return local.equals(declared) ? name : name + local.substring(declared.length());
  }

  private void unique(Set<String> ids, String id) {
    if (!ids.add(id)) {
      problem("asset id '" + id + "' is declared twice");
    }
  }

  private String required(String value, String problem) {
    if (value == null || value.isBlank()) {
      problem(problem);
      return null;
    }
    return value;
  }

  private void problem(String message) {
    problems.add(message);
  }

  private static <T> List<T> list(List<T> items) {
    return items == null ? List.of() : items.stream().filter(Objects::nonNull).toList();
  }
}
