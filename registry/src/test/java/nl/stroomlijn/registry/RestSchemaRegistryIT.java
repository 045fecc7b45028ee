package nl.stroomlijn.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import nl.stroomlijn.registry.avro.AvroCodec;
import nl.stroomlijn.schemas.SensorReading;
import nl.stroomlijn.stack.Stack;
import nl.stroomlijn.stack.junit.WithStack;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The REST client against a real registry speaking the Confluent API. */
@WithStack
class RestSchemaRegistryIT {

  private final Stack stack;
  private final String subject = "it-" + UUID.randomUUID() + "-value";

  RestSchemaRegistryIT(Stack stack) {
    this.stack = stack;
  }

  private RestSchemaRegistry rest() {
    return new RestSchemaRegistry(RegistryConfig.of(stack.schemaRegistryUrl()));
  }

  @Test
  void registersLooksUpAndFetches() {
    SchemaRegistry registry = rest();
    int id = registry.register(subject, InMemorySchemaRegistryTest.V1);

    assertThat(registry.register(subject, InMemorySchemaRegistryTest.V1)).as("registering again").isEqualTo(id);
    assertThat(registry.schemaById(id)).isEqualTo(InMemorySchemaRegistryTest.V1);
    RegisteredSchema found = registry.lookup(subject, InMemorySchemaRegistryTest.V1);
    assertThat(found.id()).isEqualTo(id);
    assertThat(found.version()).isEqualTo(1);
    assertThat(found.subject()).isEqualTo(subject);

    int v2 = registry.register(subject, InMemorySchemaRegistryTest.V2_WITH_DEFAULT);
    assertThat(registry.latest(subject).id()).isEqualTo(v2);
    assertThat(registry.latest(subject).version()).isEqualTo(2);
    assertThat(registry.version(subject, 1).schema()).isEqualTo(InMemorySchemaRegistryTest.V1);
    assertThat(registry.subjects()).contains(subject);
  }

  @Test
  void compatibilityLevelsAreSetAndEnforced() {
    SchemaRegistry registry = rest();
    registry.register(subject, InMemorySchemaRegistryTest.V1);
    registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);

    assertThat(registry.compatibility(subject)).isEqualTo(CompatibilityLevel.BACKWARD);
    assertThat(registry.isCompatible(subject, InMemorySchemaRegistryTest.V2_WITH_DEFAULT)).isTrue();
    assertThat(registry.isCompatible(subject, InMemorySchemaRegistryTest.V2_WITHOUT_DEFAULT)).isFalse();
    assertThatThrownBy(() -> registry.register(subject, InMemorySchemaRegistryTest.V2_WITHOUT_DEFAULT))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(409);
          assertThat(e.subject()).isEqualTo(subject);
        })
        .hasMessageContaining(subject).hasMessageContaining("HTTP 409");
  }

  @Test
  void transitiveLevelsAreCheckedAgainstEveryVersion() {
    SchemaRegistry registry = rest();
    registry.setCompatibility(subject, CompatibilityLevel.BACKWARD_TRANSITIVE);
    registry.register(subject, InMemorySchemaRegistryTest.V1);
    registry.register(subject, InMemorySchemaRegistryTest.V2_WITH_DEFAULT);
    // Reads v2 data but not v1 data: a plain BACKWARD check against the latest alone would pass it.
    assertThat(registry.isCompatible(subject, InMemorySchemaRegistryTest.V2_WITHOUT_DEFAULT)).isFalse();
    registry.setCompatibility(subject, CompatibilityLevel.BACKWARD);
    assertThat(registry.isCompatible(subject, InMemorySchemaRegistryTest.V2_WITHOUT_DEFAULT)).isTrue();
  }

  @Test
  void missingThingsAreNamed() {
    SchemaRegistry registry = rest();
    assertThatThrownBy(() -> registry.schemaById(987_654))
        .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
          assertThat(e.httpStatus()).isEqualTo(404);
          assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        })
        .hasMessageContaining("schema id 987654").hasMessageContaining("HTTP 404");
    assertThatThrownBy(() -> registry.latest(subject))
        .isInstanceOfSatisfying(SchemaRegistryException.class,
            e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND))
        .hasMessageContaining(subject);
    assertThat(registry.isCompatible(subject, InMemorySchemaRegistryTest.V1)).as("first version").isTrue();
  }

  @Test
  void aSteadyStreamCostsNoRegistryCalls() {
    CountingRegistry counting = new CountingRegistry(rest());
    SchemaRegistry cached = new CachingSchemaRegistry(counting);
    AvroCodec<SensorReading> writer = AvroCodec.specific(SensorReading.class, cached, true);
    AvroCodec<SensorReading> reader = AvroCodec.specific(SensorReading.class, cached, false);

    List<SensorReading> read = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      read.add(reader.deserialize(writer.serialize(subject, SampleReadings.reading("em-" + (i % 7), i))));
    }
    assertThat(read).hasSize(1_000).last().extracting(SensorReading::getValue).isEqualTo(999.0);
    assertThat(counting.calls).as("registry calls for 1,000 records written and read").hasValue(1);

    // A reader elsewhere (another process) pays one lookup per schema id, then nothing.
    CountingRegistry otherProcess = new CountingRegistry(rest());
    AvroCodec<SensorReading> otherReader = AvroCodec.specific(SensorReading.class,
        new CachingSchemaRegistry(otherProcess), false);
    for (int i = 0; i < 100; i++) {
      otherReader.deserialize(writer.serialize(subject, SampleReadings.reading("em-1", i)));
    }
    assertThat(otherProcess.calls).hasValue(1);
  }

  /** Counts the calls that reach the real registry. */
  static final class CountingRegistry extends ForwardingSchemaRegistry {
    final AtomicInteger calls = new AtomicInteger();

    CountingRegistry(SchemaRegistry real) {
      super(real);
    }

    @Override public int register(String s, Schema schema) { calls.incrementAndGet(); return super.register(s, schema); }
    @Override public RegisteredSchema lookup(String s, Schema schema) { calls.incrementAndGet(); return super.lookup(s, schema); }
    @Override public Schema schemaById(int id) { calls.incrementAndGet(); return super.schemaById(id); }
    @Override public RegisteredSchema latest(String s) { calls.incrementAndGet(); return super.latest(s); }
    @Override public RegisteredSchema version(String s, int v) { calls.incrementAndGet(); return super.version(s, v); }
    @Override public List<String> subjects() { calls.incrementAndGet(); return super.subjects(); }
    @Override public boolean isCompatible(String s, Schema schema) { calls.incrementAndGet(); return super.isCompatible(s, schema); }
    @Override public CompatibilityLevel compatibility(String s) { calls.incrementAndGet(); return super.compatibility(s); }
    @Override public void setCompatibility(String s, CompatibilityLevel l) { calls.incrementAndGet(); super.setCompatibility(s, l); }
  }
}
