package nl.stroomlijn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InMemorySchemaRegistryTest {

  static final Schema V1 = new Schema.Parser().parse("""
      {"type":"record","name":"R","fields":[{"name":"a","type":"string"}]}""");
  static final Schema V2_WITH_DEFAULT = new Schema.Parser().parse("""
      {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int","default":0}]}""");
  static final Schema V2_WITHOUT_DEFAULT = new Schema.Parser().parse("""
      {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int"}]}""");

  private final SchemaRegistry registry = SchemaRegistries.connect(RegistryConfig.of("mock://in-memory-test"));

  @AfterEach
  void drop() {
    InMemorySchemaRegistry.dropScope("in-memory-test");
  }

  @Test
  void theSameSchemaHasOneIdAcrossSubjectsAndRegisteringTwiceChangesNothing() {
    int id = registry.register("a-value", V1);
    assertThat(registry.register("a-value", V1)).isEqualTo(id);
    assertThat(registry.register("b-value", V1)).isEqualTo(id);
    assertThat(registry.latest("a-value").version()).isEqualTo(1);
    assertThat(registry.schemaById(id)).isEqualTo(V1);
    assertThat(registry.lookup("b-value", V1).id()).isEqualTo(id);
    assertThat(registry.subjects()).containsExactlyInAnyOrder("a-value", "b-value");
  }

  @Test
  void aChangedDocIsANewVersionWithItsOwnIdEverywhere() {
    Schema documented = new Schema.Parser().parse("""
        {"type":"record","name":"R","doc":"now documented","fields":[{"name":"a","type":"string"}]}""");
    int v1 = registry.register("s", V1);
    int v2 = registry.register("s", documented);
    assertThat(v2).isNotEqualTo(v1);
    assertThat(registry.latest("s").version()).isEqualTo(2);
    assertThat(registry.register("t", documented)).isEqualTo(v2);
    assertThat(registry.register("t", V1)).isEqualTo(v1);
  }

  @Test
  void backwardCompatibilityIsEnforcedOnRegister() {
    registry.register("s", V1);
    assertThat(registry.compatibility("s")).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(registry.isCompatible("s", V2_WITH_DEFAULT)).isTrue();
    assertThat(registry.isCompatible("s", V2_WITHOUT_DEFAULT)).isFalse();
    assertThatThrownBy(() -> registry.register("s", V2_WITHOUT_DEFAULT))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.subject()).isEqualTo("s");
        })
        .hasMessageContaining("incompatible");

    int v2 = registry.register("s", V2_WITH_DEFAULT);
    assertThat(registry.version("s", 2).id()).isEqualTo(v2);

    registry.setCompatibility("s", CompatibilityLevel.NONE);
    registry.register("s", V2_WITHOUT_DEFAULT);
    assertThat(registry.latest("s").version()).isEqualTo(3);
  }

  @Test
  void notFoundNamesWhatWasMissing() {
    assertThatThrownBy(() -> registry.schemaById(77))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.isNotFound()).isTrue();
          assertThat(e.schemaId()).isEqualTo(77);
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        });
    assertThatThrownBy(() -> registry.latest("nope"))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND))
        .hasMessageContaining("'nope'");
  }

  @Test
  void transitiveLevelsCheckEveryVersion() {
    Schema v3DropsDefaultOfB = new Schema.Parser().parse("""
        {"type":"record","name":"R","fields":[{"name":"a","type":"string"},{"name":"b","type":"int"}]}""");
    registry.setCompatibility("t", CompatibilityLevel.BACKWARD_TRANSITIVE);
    registry.register("t", V1);
    registry.register("t", V2_WITH_DEFAULT);
    // Reads v2 data, but not v1 data (no b there, and no default).
    assertThat(registry.isCompatible("t", v3DropsDefaultOfB)).isFalse();
    registry.setCompatibility("t", CompatibilityLevel.BACKWARD);
    assertThat(registry.isCompatible("t", v3DropsDefaultOfB)).isTrue();
  }
}
