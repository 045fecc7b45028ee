package nl.stroomlijn.ingest.plant;

import java.util.List;

/** A plant file that cannot be used, with every problem found in it (not just the first). */
public final class PlantException extends RuntimeException {

  private final List<String> problems;

  public PlantException(String source, List<String> problems) {
    super("invalid plant " + source + ":\n  - " + String.join("\n  - ", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
