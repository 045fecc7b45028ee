package nl.stroomlijn.ingest.plant;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/** Small plants written inline by tests. */
public final class TestPlants {

  /** A behaviour {@code b} and a product {@code p}: the parts of a plant file tests rarely vary. */
  public static final String BEHAVIOUR_AND_PRODUCT = """
      behaviours:
        b:
          meanMinutes: {RUNNING: 1, IDLE: 1, SETUP: 1, DOWN: 1, OFF: 1}
          transitions: {RUNNING: {IDLE: 1}, IDLE: {RUNNING: 1}, SETUP: {RUNNING: 1}, DOWN: {IDLE: 1}, OFF: {IDLE: 1}}
      products: [{id: p, cycleTimeMillis: 1000}]
      """;

  private TestPlants() {
  }

  /** The plant of this YAML, preceded by {@link #BEHAVIOUR_AND_PRODUCT}. */
  public static Plant load(String yaml) {
    return PlantLoader.load("test", new ByteArrayInputStream((BEHAVIOUR_AND_PRODUCT + yaml)
        .getBytes(StandardCharsets.UTF_8)));
  }
}
