package nl.stroomlijn.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The named readiness checks of a service, evaluated together into one JSON report. */
final class ReadinessChecks {

  private static final Logger log = LoggerFactory.getLogger(ReadinessChecks.class);

  /** Outcome of a whole evaluation: ready only if every check is UP. */
  record Report(boolean ready, String json) {}

  private record Outcome(String name, CheckResult result) {}

  private final Map<String, ReadinessCheck> checks = new LinkedHashMap<>();
  private Boolean lastReady;

  synchronized void add(String name, ReadinessCheck check) {
    if (checks.putIfAbsent(name, check) != null) {
      throw new IllegalArgumentException("readiness check '" + name + "' is already registered");
    }
  }

  Report evaluate() {
    List<Outcome> outcomes = new ArrayList<>();
    for (Map.Entry<String, ReadinessCheck> check : snapshot().entrySet()) {
      outcomes.add(new Outcome(check.getKey(), run(check.getValue())));
    }
    boolean ready = outcomes.stream().allMatch(outcome -> outcome.result().isUp());
    String json = toJson(ready, outcomes);
    logChange(ready, json);
    return new Report(ready, json);
  }

  private synchronized Map<String, ReadinessCheck> snapshot() {
    return new LinkedHashMap<>(checks);
  }

  private static CheckResult run(ReadinessCheck check) {
    try {
      CheckResult result = check.check();
      return result != null ? result : CheckResult.down("check returned no result");
    } catch (Exception e) {
      return CheckResult.down(e.getMessage() != null ? e.getMessage() : e.getClass().getName());
    }
  }

  /** Probes come every few seconds: log only when readiness flips, not on every request. */
  private synchronized void logChange(boolean ready, String json) {
    if (lastReady == null || lastReady != ready) {
      if (ready) {
        log.info("ready: {}", json);
      } else {
        log.warn("not ready: {}", json);
      }
      lastReady = ready;
    }
  }

  private static String toJson(boolean ready, List<Outcome> outcomes) {
    StringBuilder json = new StringBuilder("{\"status\":").append(quote(ready ? "UP" : "DOWN")).append(",\"checks\":[");
    for (int i = 0; i < outcomes.size(); i++) {
      Outcome outcome = outcomes.get(i);
      json.append(i == 0 ? "" : ",")
          .append("{\"name\":").append(quote(outcome.name()))
          .append(",\"status\":").append(quote(outcome.result().status().name()))
          .append(",\"detail\":").append(quote(outcome.result().detail()))
          .append('}');
    }
    return json.append("]}").toString();
  }

  private static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20) {
            quoted.append(String.format("\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
