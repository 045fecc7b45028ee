package nl.stroomlijn.service;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration cannot be used; the message lists every problem at once. */
public class ConfigException extends RuntimeException {

  private final List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(problems.size() + " configuration problem" + (problems.size() == 1 ? "" : "s") + ":"
        + problems.stream().map(problem -> "\n  - " + problem).collect(Collectors.joining()));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
    this.problems = List.of();
  }

  public List<ConfigProblem> problems() {
    return problems;
  }
}
