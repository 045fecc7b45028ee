package nl.stroomlijn.ingest.plant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import nl.stroomlijn.schemas.AllocationRule;
import nl.stroomlijn.schemas.AssetDefinition;
import nl.stroomlijn.schemas.AssetKind;
import org.junit.jupiter.api.Test;

class PlantLoaderTest {

  private static final String VALID = """
      sites:
        - id: s
          timeZone: Europe/Amsterdam
          gridZone: NL
          lines:
            - id: l
              copies: 2
              machines:
                - id: m
                  copies: 3
                  behaviour: b
                  powerKw: {RUNNING: 1, IDLE: 1, SETUP: 1, DOWN: 1, OFF: 1}
                  products: [p]
                  orderQuantity: {min: 1, max: 5}
                  meters:
                    - {id: e, medium: ELECTRICITY, measurement: CUMULATIVE_COUNTER, unit: Wh, rolloverValue: 1000000, intervalMillis: 10000}
              meters:
                - {id: air, medium: COMPRESSED_AIR, measurement: CUMULATIVE_COUNTER, unit: m3, intervalMillis: 10000,
                   rate: {RUNNING: 1}, allocation: {rule: FIXED_SHARES, targets: [m-1, m-3], shares: [0.25, 0.75]}}
      """;

  @Test
  void transitionsMustAddUpToOne() {
    assertThatThrownBy(() -> PlantLoader.load("test", new java.io.ByteArrayInputStream(
        (TestPlants.BEHAVIOUR_AND_PRODUCT.replace("OFF: {IDLE: 1}}", "OFF: {IDLE: 0.5}}") + VALID)
            .getBytes(java.nio.charset.StandardCharsets.UTF_8))))
        .hasMessageContaining("out of OFF add up to 0.5, not 1");
  }

  @Test
  void copiesExpandIntoAssetIdPathsAndReferencesResolve() {
    Plant plant = load(VALID);

    assertThat(plant.machines()).extracting(Plant.Machine::id).containsExactly("s/l-1/m-1", "s/l-1/m-2", "s/l-1/m-3",
        "s/l-2/m-1", "s/l-2/m-2", "s/l-2/m-3");
    Plant.Meter air = plant.meters().stream().filter(m -> m.id().equals("s/l-2/air")).findFirst().orElseThrow();
    assertThat(air.targets()).extracting(Plant.Machine::id).containsExactly("s/l-2/m-1", "s/l-2/m-3");
    assertThat(air.sharesPpm()).containsExactly(250_000, 750_000);
    // 1,000,000 Wh = 1,000 kWh = 10^9 micro-kWh
    assertThat(plant.meters().get(0).rolloverMicro()).isEqualTo(1_000_000_000L);
  }

  @Test
  void thePlantBecomesAssetDefinitionsParentsFirst() {
    List<AssetDefinition> assets = PlantAssets.definitions(load(VALID), Instant.EPOCH);

    assertThat(assets).extracting(AssetDefinition::getKind).containsSubsequence(AssetKind.SITE, AssetKind.LINE,
        AssetKind.MACHINE, AssetKind.METER, AssetKind.PRODUCT);
    AssetDefinition air = assets.stream().filter(a -> a.getAssetId().equals("s/l-1/air")).findFirst().orElseThrow();
    assertThat(air.getParentId()).isEqualTo("s/l-1");
    assertThat(air.getSiteId()).isEqualTo("s");
    assertThat(air.getMeter().getAllocation().getRule()).isEqualTo(AllocationRule.FIXED_SHARES);
    assertThat(air.getMeter().getAllocation().getTargets()).extracting(t -> t.getMachineId() + "=" + t.getShare())
        .containsExactly("s/l-1/m-1=0.25", "s/l-1/m-3=0.75");
  }

  @Test
  void theShippedPlantsAreValid() {
    assertThat(PlantLoader.loadNamed("default").machines()).hasSize(26);
    assertThat(PlantLoader.loadNamed("default").products()).hasSize(12);
    assertThat(PlantLoader.loadNamed("large").meters()).hasSizeGreaterThan(4000);
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String broken = VALID
        .replace("products: [p]", "products: [p, nope]")
        .replace("shares: [0.25, 0.75]", "shares: [0.25, 0.5]")
        .replace("unit: Wh", "unit: Wattstunden")
        .replace("targets: [m-1, m-3]", "targets: [m-1, m-9]")
        
        .replace("Europe/Amsterdam", "Mars/Olympus");

    assertThatThrownBy(() -> load(broken)).isInstanceOf(PlantException.class)
        .satisfies(e -> assertThat(((PlantException) e).problems()).anySatisfy(p ->
            assertThat(p).contains("unknown product 'nope'")).anySatisfy(p ->
            assertThat(p).contains("unknown unit 'Wattstunden'")).anySatisfy(p ->
            assertThat(p).contains("allocation target 'm-9' is no machine of s/l-1")).anySatisfy(p ->
            assertThat(p).contains("unknown time zone 'Mars/Olympus'")));
    assertThatThrownBy(() -> load(VALID.replace("targets: [m-1, m-3]", "targets: [m-1, m-2, m-3]")))
        .hasMessageContaining("FIXED_SHARES needs one share per target (3), got 2");
    assertThatThrownBy(() -> load(VALID.replace("shares: [0.25, 0.75]", "shares: [0.25, 0.5]")))
        .hasMessageContaining("FIXED_SHARES add up to 0.75, not 1");
    assertThatThrownBy(() -> load(VALID.replace("unit: m3,", "unit: m3/h,")))
        .hasMessageContaining("reports an amount, but 'm3/h' is a rate");
    assertThatThrownBy(() -> load(VALID.replace("intervalMillis: 10000,\n", "intervalMillis: 10000, colour: red,\n")))
        .hasMessageContaining("colour");
  }

  private static Plant load(String yaml) {
    return TestPlants.load(yaml);
  }
}
