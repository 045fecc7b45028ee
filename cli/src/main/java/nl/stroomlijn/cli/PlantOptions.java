package nl.stroomlijn.cli;

import nl.stroomlijn.ingest.plant.Plant;
import nl.stroomlijn.ingest.plant.PlantLoader;
import picocli.CommandLine.Option;

/** Which plant a simulating command runs, and with which random seed. */
final class PlantOptions {

  @Option(names = "--plant", paramLabel = "NAME|FILE", defaultValue = "default",
      description = "Plant to simulate: a plant file, or a shipped plant (default, large); default ${DEFAULT-VALUE}.")
  private String plantName;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed of the simulator (default ${DEFAULT-VALUE}).")
  long seed;

  /** The plant, read and validated. */
  Plant load() {
    return PlantLoader.loadNamed(plantName);
  }
}
