package nl.stroomlijn.streams.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateBytesTest {

  private static final String TEXT = "press-4 \u0000 é ₂ \uD83D\uDE00 end";

  private static void writeEverything(DataOutput out) throws IOException {
    out.writeBoolean(true);
    out.writeBoolean(false);
    out.writeByte(-3);
    out.writeShort(-12345);
    out.writeChar('€');
    out.writeInt(Integer.MIN_VALUE);
    out.writeLong(0x0123456789ABCDEFL);
    out.writeFloat(1.5e-7f);
    out.writeDouble(Double.NaN);
    out.writeDouble(-0.0);
    out.writeDouble(Math.PI);
    out.writeUTF(TEXT);
    out.writeUTF("");
    out.write(new byte[] {1, 2, 3, 4, 5}, 1, 3);
    out.writeChars("ab");
    out.writeBytes("cd");
  }

  private static List<Object> readEverything(DataInput in) throws IOException {
    List<Object> values = new ArrayList<>();
    values.add(in.readBoolean());
    values.add(in.readBoolean());
    values.add(in.readByte());
    values.add(in.readShort());
    values.add(in.readChar());
    values.add(in.readInt());
    values.add(in.readLong());
    values.add(in.readFloat());
    values.add(in.readDouble());
    values.add(in.readDouble());
    values.add(in.readDouble());
    values.add(in.readUTF());
    values.add(in.readUTF());
    byte[] three = new byte[3];
    in.readFully(three);
    values.add(List.of(three[0], three[1], three[2]));
    values.add("" + in.readChar() + in.readChar());
    values.add("" + (char) in.readUnsignedByte() + (char) in.readUnsignedByte());
    return values;
  }

  @Test
  void writesTheBytesDataOutputStreamWrites() throws IOException {
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(expected)) {
      writeEverything(out);
    }

    assertThat(StateBytes.write(4, StateBytesTest::writeEverything)).isEqualTo(expected.toByteArray());
  }

  @Test
  void readsWhatDataInputStreamReads() throws IOException {
    byte[] bytes = StateBytes.write(64, StateBytesTest::writeEverything);
    List<Object> expected = readEverything(new DataInputStream(new ByteArrayInputStream(bytes)));

    assertThat(StateBytes.read(bytes, StateBytesTest::readEverything)).isEqualTo(expected).contains(TEXT, Math.PI);
  }

  @Test
  void writeUtfHasDataOutputStreamsLimit() throws IOException {
    String longest = "a".repeat(0xFFFF);
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(expected)) {
      out.writeUTF(longest);
    }
    assertThat(StateBytes.write(16, out -> out.writeUTF(longest))).isEqualTo(expected.toByteArray());

    assertThatThrownBy(() -> StateBytes.write(16, out -> out.writeUTF("€".repeat(21_846)))) // 3 bytes each
        .hasCauseInstanceOf(java.io.UTFDataFormatException.class);
    assertThatThrownBy(() -> StateBytes.write(16, out -> out.writeUTF("a".repeat(0x10000))))
        .hasCauseInstanceOf(java.io.UTFDataFormatException.class);
  }

  @Test
  void aTruncatedStateIsAnEndOfFileNotGarbage() {
    byte[] bytes = StateBytes.write(8, out -> out.writeLong(42));

    assertThatThrownBy(() -> StateBytes.read(java.util.Arrays.copyOf(bytes, 5), in -> in.readLong()))
        .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(EOFException.class);
  }
}
