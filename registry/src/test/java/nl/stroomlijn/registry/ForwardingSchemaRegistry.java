package nl.stroomlijn.registry;

import java.util.List;
import org.apache.avro.Schema;

/** Forwards every call; tests override the call whose failure or count they need. */
public class ForwardingSchemaRegistry implements SchemaRegistry {

  private final SchemaRegistry delegate;

  public ForwardingSchemaRegistry(SchemaRegistry delegate) {
    this.delegate = delegate;
  }

  @Override public int register(String s, Schema schema) { return delegate.register(s, schema); }
  @Override public RegisteredSchema lookup(String s, Schema schema) { return delegate.lookup(s, schema); }
  @Override public Schema schemaById(int id) { return delegate.schemaById(id); }
  @Override public RegisteredSchema latest(String s) { return delegate.latest(s); }
  @Override public RegisteredSchema version(String s, int v) { return delegate.version(s, v); }
  @Override public List<String> subjects() { return delegate.subjects(); }
  @Override public boolean isCompatible(String s, Schema schema) { return delegate.isCompatible(s, schema); }
  @Override public CompatibilityLevel compatibility(String s) { return delegate.compatibility(s); }
  @Override public void setCompatibility(String s, CompatibilityLevel l) { delegate.setCompatibility(s, l); }
  @Override public void close() { delegate.close(); }
}
