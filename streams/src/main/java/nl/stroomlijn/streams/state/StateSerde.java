package nl.stroomlijn.streams.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde for the app's own state (stores and their changelogs): a compact binary form written
 * field by field. Internal to the app, so it needs no registry; a layout change needs a new
 * {@code application.id} or a reset of the app's state.
 */
public final class StateSerde<T> implements Serde<T> {

  /** Writes one value. */
  public interface Writer<T> {
    void write(T value, DataOutput out) throws IOException;
  }

  /** Reads one value. */
  public interface Reader<T> {
    T read(StateBytes.Input in) throws IOException;
  }

  private final Writer<T> writer;
  private final Reader<T> reader;

  public StateSerde(Writer<T> writer, Reader<T> reader) {
    this.writer = writer;
    this.reader = reader;
  }

  @Override
  public Serializer<T> serializer() {
    return (topic, value) -> value == null ? null : toBytes(value);
  }

  @Override
  public Deserializer<T> deserializer() {
    return (topic, bytes) -> bytes == null ? null : fromBytes(bytes);
  }

  public byte[] toBytes(T value) {
    return StateBytes.write(64, out -> writer.write(value, out));
  }

  public T fromBytes(byte[] bytes) {
    return StateBytes.read(bytes, reader::read);
  }

  /** Writes a string that may be null. */
  public static void writeNullable(DataOutput out, String text) throws IOException {
    out.writeBoolean(text != null);
    if (text != null) {
      out.writeUTF(text);
    }
  }

  public static String readNullable(DataInput in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
