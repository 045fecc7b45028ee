package nl.stroomlijn.ingest.replay;

import java.util.List;

/** A replay mapping (or a file's header) that cannot be used, with every problem found. */
public final class MappingException extends RuntimeException {

  private final List<String> problems;

  public MappingException(String source, List<String> problems) {
    super("invalid replay mapping " + source + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
