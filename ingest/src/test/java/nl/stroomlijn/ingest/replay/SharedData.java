package nl.stroomlijn.ingest.replay;

import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded data sets beside the repository ({@code ../shared/data}, as CI clones them). */
public final class SharedData {

  private SharedData() {
  }

  /** A data set's directory; fails, saying where it looked, when it is not there. */
  public static Path dataSet(String name) {
    String configured = System.getProperty("stroomlijn.shared.data");
    Path root = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "data");
    Path dir = root.resolve(name).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("the data set " + name + " is missing: expected it at " + dir
          + " (clone the shared data beside the repository, as ../shared/data)");
    }
    return dir;
  }

  public static Path steelPlantCsv() {
    return dataSet("steel-industry-uci").resolve("Steel_industry_data.csv");
  }
}
