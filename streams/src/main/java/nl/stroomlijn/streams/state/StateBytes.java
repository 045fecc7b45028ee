package nl.stroomlijn.streams.state;

import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The bytes of the apps' own state, written and read field by field in exactly the layout of
 * {@link java.io.DataOutputStream} (big-endian, modified UTF-8), without its cost: over a
 * {@link java.io.ByteArrayOutputStream} every number is a synchronized call, and a meter's
 * detector state is a thousand numbers written and read back for every reading.
 */
public final class StateBytes {

  /** Writes a state's fields. */
  public interface FieldWriter {
    void write(DataOutput out) throws IOException;
  }

  /** Reads a state's fields. */
  public interface FieldReader<T> {
    T read(Input in) throws IOException;
  }

  private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  private StateBytes() {
  }

  /** What {@code writer} writes, as bytes; {@code sizeHint} is a guess of their number. */
  public static byte[] write(int sizeHint, FieldWriter writer) {
    Output out = new Output(Math.max(16, sizeHint));
    try {
      writer.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Arrays.copyOf(out.bytes, out.size);
  }

  /** What {@code reader} makes of {@code bytes}. */
  public static <T> T read(byte[] bytes, FieldReader<T> reader) {
    try {
      return reader.read(new Input(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Output implements DataOutput {
    private byte[] bytes;
    private int size;

    Output(int capacity) {
      bytes = new byte[capacity];
    }

    /** Makes room for {@code count} bytes; where they go. (Take it before reading {@link #bytes}: it may grow.) */
    private int reserve(int count) {
      if (size + count > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + count));
      }
      int at = size;
      size += count;
      return at;
    }

    @Override
    public void write(int b) {
      int at = reserve(1);
      bytes[at] = (byte) b;
    }

    @Override
    public void write(byte[] b) {
      write(b, 0, b.length);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      int at = reserve(len);
      System.arraycopy(b, off, bytes, at, len);
    }

    @Override
    public void writeBoolean(boolean v) {
      write(v ? 1 : 0);
    }

    @Override
    public void writeByte(int v) {
      write(v);
    }

    @Override
    public void writeShort(int v) {
      int at = reserve(2);
      SHORT.set(bytes, at, (short) v);
    }

    @Override
    public void writeChar(int v) {
      writeShort(v);
    }

    @Override
    public void writeInt(int v) {
      int at = reserve(4);
      INT.set(bytes, at, v);
    }

    @Override
    public void writeLong(long v) {
      int at = reserve(8);
      LONG.set(bytes, at, v);
    }

    @Override
    public void writeFloat(float v) {
      writeInt(Float.floatToIntBits(v));
    }

    @Override
    public void writeDouble(double v) {
      writeLong(Double.doubleToLongBits(v));
    }

    @Override
    public void writeBytes(String s) {
      for (int i = 0; i < s.length(); i++) {
        write(s.charAt(i));
      }
    }

    @Override
    public void writeChars(String s) {
      for (int i = 0; i < s.length(); i++) {
        writeChar(s.charAt(i));
      }
    }

    /** Modified UTF-8 after a two-byte length, as {@link java.io.DataOutputStream#writeUTF}. */
    @Override
    public void writeUTF(String s) throws IOException {
      if (s.length() > 0xFFFF) {
        throw new UTFDataFormatException("string too long: " + s.length() + " characters");
      }
      int length = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        length += c >= 0x0001 && c <= 0x007F ? 1 : c <= 0x07FF ? 2 : 3;
      }
      if (length > 0xFFFF) {
        throw new UTFDataFormatException("encoded string too long: " + length + " bytes");
      }
      writeShort(length);
      int at = reserve(length);
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c >= 0x0001 && c <= 0x007F) {
          bytes[at++] = (byte) c;
        } else if (c <= 0x07FF) {
          bytes[at++] = (byte) (0xC0 | (c >> 6));
          bytes[at++] = (byte) (0x80 | (c & 0x3F));
        } else {
          bytes[at++] = (byte) (0xE0 | (c >> 12));
          bytes[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
          bytes[at++] = (byte) (0x80 | (c & 0x3F));
        }
      }
    }
  }

  /** The state's bytes as a {@link DataInput}, which also says how many are left (for fields added later). */
  public static final class Input implements DataInput {
    private final byte[] bytes;
    private int position;

    private Input(byte[] bytes) {
      this.bytes = bytes;
    }

    /** Bytes not read yet. */
    public int available() {
      return bytes.length - position;
    }

    private int take(int count) throws EOFException {
      if (position + count > bytes.length) {
        throw new EOFException("state ends after " + bytes.length + " bytes, " + count + " more wanted at " + position);
      }
      int at = position;
      position += count;
      return at;
    }

    @Override
    public void readFully(byte[] b) throws IOException {
      readFully(b, 0, b.length);
    }

    @Override
    public void readFully(byte[] b, int off, int len) throws IOException {
      System.arraycopy(bytes, take(len), b, off, len);
    }

    @Override
    public int skipBytes(int n) {
      int skipped = Math.max(0, Math.min(n, bytes.length - position));
      position += skipped;
      return skipped;
    }

    @Override
    public boolean readBoolean() throws IOException {
      return readByte() != 0;
    }

    @Override
    public byte readByte() throws IOException {
      return bytes[take(1)];
    }

    @Override
    public int readUnsignedByte() throws IOException {
      return readByte() & 0xFF;
    }

    @Override
    public short readShort() throws IOException {
      return (short) SHORT.get(bytes, take(2));
    }

    @Override
    public int readUnsignedShort() throws IOException {
      return readShort() & 0xFFFF;
    }

    @Override
    public char readChar() throws IOException {
      return (char) readShort();
    }

    @Override
    public int readInt() throws IOException {
      return (int) INT.get(bytes, take(4));
    }

    @Override
    public long readLong() throws IOException {
      return (long) LONG.get(bytes, take(8));
    }

    @Override
    public float readFloat() throws IOException {
      return Float.intBitsToFloat(readInt());
    }

    @Override
    public double readDouble() throws IOException {
      return Double.longBitsToDouble(readLong());
    }

    @Override
    public String readLine() {
      throw new UnsupportedOperationException("state is not text");
    }

    @Override
    public String readUTF() throws IOException {
      return DataInputStream.readUTF(this);
    }
  }
}
