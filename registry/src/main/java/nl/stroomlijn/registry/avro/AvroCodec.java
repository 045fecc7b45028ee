package nl.stroomlijn.registry.avro;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import nl.stroomlijn.registry.SchemaRegistry;
import nl.stroomlijn.registry.SchemaRegistryException;
import nl.stroomlijn.registry.avro.BadRecordException.Reason;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;

/**
 * Writes records in the Confluent wire format and reads them back, for generated (specific) or
 * generic Avro records. Readers resolve each writer's schema to their own (a record written with
 * an older version is read, not rejected). Thread-safe; registry answers are cached per schema and
 * id, so a steady stream makes no registry calls.
 */
public final class AvroCodec<T extends IndexedRecord> {

  private final SchemaRegistry registry;
  private final Schema readerSchema;
  private final GenericData model;
  private final boolean autoRegister;
  private final Map<SubjectSchema, Writer> writers = new ConcurrentHashMap<>();
  private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

  private record SubjectSchema(String subject, Schema schema) {
  }

  private record Writer(int schemaId, DatumWriter<Object> datumWriter) {
  }

  private AvroCodec(SchemaRegistry registry, Schema readerSchema, GenericData model, boolean autoRegister) {
    this.registry = registry;
    this.readerSchema = readerSchema;
    this.model = model;
    this.autoRegister = autoRegister;
  }

  /** A codec for a generated record class, reading every writer's schema into the class's schema. */
  public static <T extends SpecificRecord> AvroCodec<T> specific(Class<T> type, SchemaRegistry registry,
      boolean autoRegister) {
    SpecificData model = SpecificData.getForClass(type);
    return new AvroCodec<>(registry, model.getSchema(type), model, autoRegister);
  }

  /**
   * A codec for generic records. With a reader schema, every record is resolved to it; without
   * (null), records are read with the schema they were written with.
   */
  public static AvroCodec<GenericRecord> generic(SchemaRegistry registry, Schema readerSchema, boolean autoRegister) {
    return new AvroCodec<>(registry, readerSchema, GenericData.get(), autoRegister);
  }

  /**
   * The record in the wire format, its schema registered under (or, without auto-registration,
   * looked up in) the subject. Null stays null (a tombstone).
   */
  public byte[] serialize(String subject, T record) {
    if (record == null) {
      return null;
    }
    SubjectSchema key = new SubjectSchema(subject, record.getSchema());
    Writer writer = writers.get(key);
    if (writer == null) {
      // Outside computeIfAbsent: a registry call must not hold the map's lock.
      writer = prepareWriter(key, record);
      writers.put(key, writer);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(128);
    out.write(new byte[WireFormat.HEADER_LENGTH], 0, WireFormat.HEADER_LENGTH);
    BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
    try {
      writer.datumWriter().write(record, encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    } catch (RuntimeException e) {
      throw new org.apache.kafka.common.errors.SerializationException(
          "cannot write a " + record.getSchema().getFullName() + " for subject '" + subject + "': " + e.getMessage(), e);
    }
    byte[] bytes = out.toByteArray();
    WireFormat.writeHeader(writer.schemaId(), bytes);
    return bytes;
  }

  /** The record in these wire-format bytes. Null stays null (a tombstone). */
  public T deserialize(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    int schemaId = WireFormat.schemaId(bytes);
    DatumReader<T> reader = readers.get(schemaId);
    if (reader == null) {
      reader = prepareReader(schemaId);
      readers.put(schemaId, reader);
    }
    BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, WireFormat.HEADER_LENGTH,
        bytes.length - WireFormat.HEADER_LENGTH, null);
    T record;
    try {
      record = reader.read(null, decoder);
      if (!decoder.isEnd()) {
        throw new BadRecordException(Reason.MALFORMED_PAYLOAD, schemaId,
            "bytes left over after the record (schema id " + schemaId + ", " + bytes.length + " bytes)", null);
      }
    } catch (EOFException e) {
      throw new BadRecordException(Reason.TRUNCATED_PAYLOAD, schemaId,
          "payload ends before the record does (schema id " + schemaId + ", " + bytes.length + " bytes)", e);
    } catch (IOException | RuntimeException e) {
      if (e instanceof BadRecordException bad) {
        throw bad;
      }
      throw new BadRecordException(Reason.MALFORMED_PAYLOAD, schemaId,
          "payload does not decode with schema id " + schemaId + ": " + e, e);
    }
    return record;
  }

  private Writer prepareWriter(SubjectSchema key, T record) {
    Schema published = PublishedSchema.of(key.schema());
    int id = autoRegister ? registry.register(key.subject(), published) : registry.lookup(key.subject(), published).id();
    // A generated record is written with its own class's model (its logical-type conversions),
    // whatever this codec reads into.
    return new Writer(id, record instanceof SpecificRecord
        ? new SpecificDatumWriter<>(key.schema(), SpecificData.getForClass(record.getClass()))
        : new GenericDatumWriter<>(key.schema(), model));
  }

  private DatumReader<T> prepareReader(int schemaId) {
    Schema writerSchema;
    try {
      writerSchema = registry.schemaById(schemaId);
    } catch (SchemaRegistryException e) {
      // Only the registry's own "schema not found" condemns the record; any other 404 (a wrong
      // URL, a proxy) is the registry's problem and must not send good records to the DLQ.
      if (e.errorCode() == SchemaRegistryException.SCHEMA_NOT_FOUND) {
        throw new BadRecordException(Reason.UNKNOWN_SCHEMA_ID, schemaId,
            "the schema registry has no schema with id " + schemaId, e);
      }
      throw e;
    }
    Schema target = readerSchema == null ? writerSchema : readerSchema;
    var compatibility = SchemaCompatibility.checkReaderWriterCompatibility(target, writerSchema).getResult();
    if (compatibility.getCompatibility() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
      throw new BadRecordException(Reason.UNRESOLVABLE_SCHEMA, schemaId, "data written with schema id " + schemaId
          + " (" + writerSchema.getFullName() + ") cannot be read as " + target.getFullName() + ": "
          + compatibility.getIncompatibilities().stream()
              .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")").toList(), null);
    }
    return model instanceof SpecificData specific
        ? new SpecificDatumReader<>(writerSchema, target, specific)
        : new GenericDatumReader<>(writerSchema, target, model);
  }
}
