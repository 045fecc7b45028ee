package nl.stroomlijn.ingest.gateway.mqtt;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A topic filter with placeholders, e.g. {@code factory/{site}/{line}/{machine}/{meter}}: each
 * placeholder level subscribes as {@code +} and names the level's value. The asset a message is about
 * (its sensor id or machine id) is the level of that name ({@code {sensorId}}, {@code {machineId}})
 * when the template has one, else its placeholder values joined by {@code /} (asset ids are paths:
 * {@code site-ede/press-line/press-2/em}).
 */
public final class TopicTemplate {

  private final String template;
  private final List<String> levels;

  public TopicTemplate(String template) {
    this.template = template;
    this.levels = List.of(template.split("/", -1));
    for (String level : levels) {
      if (!isPlaceholder(level) && (level.contains("{") || level.contains("}"))) {
        throw new IllegalArgumentException("level '" + level + "' of " + template + " must be a whole {placeholder}");
      }
    }
  }

  /** The MQTT subscription: placeholders as single-level wildcards. */
  public String filter() {
    return String.join("/", levels.stream().map(level -> isPlaceholder(level) ? "+" : level).toList());
  }

  /** The placeholder values of a topic this template matches, in template order; empty when it does not match. */
  public Optional<Map<String, String>> match(String topic) {
    String[] parts = topic.split("/", -1);
    if (parts.length != levels.size() && !levels.get(levels.size() - 1).equals("#")) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < levels.size(); i++) {
      String level = levels.get(i);
      if (level.equals("#")) {
        return Optional.of(values);
      }
      if (i >= parts.length) {
        return Optional.empty();
      }
      if (isPlaceholder(level)) {
        values.put(level.substring(1, level.length() - 1), parts[i]);
      } else if (!level.equals("+") && !level.equals(parts[i])) {
        return Optional.empty();
      }
    }
    return Optional.of(values);
  }

  /** The asset id the topic names, if it matches and has placeholders; {@code idField} is its placeholder's name. */
  public Optional<String> assetId(String topic, String idField) {
    return match(topic).filter(values -> !values.isEmpty()).map(values -> values.containsKey(idField)
        ? values.get(idField) : String.join("/", new ArrayList<>(values.values())));
  }

  /** Whether a topic exists that both templates match: then a broker may deliver its messages to both subscriptions. */
  public boolean overlaps(TopicTemplate other) {
    List<String> a = filterLevels();
    List<String> b = other.filterLevels();
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      String x = i < a.size() ? a.get(i) : null;
      String y = i < b.size() ? b.get(i) : null;
      if ("#".equals(x) || "#".equals(y)) {
        return true;
      }
      if (x == null || y == null || !x.equals("+") && !y.equals("+") && !x.equals(y)) {
        return false;
      }
    }
    return true;
  }

  private List<String> filterLevels() {
    return List.of(filter().split("/", -1));
  }

  @Override
  public String toString() {
    return template;
  }

  private static boolean isPlaceholder(String level) {
    return level.length() > 2 && level.startsWith("{") && level.endsWith("}");
  }
}
