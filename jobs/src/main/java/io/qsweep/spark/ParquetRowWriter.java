package io.qsweep.spark;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Array;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Writes rows of a Spark {@link StructType} to one Parquet file from inside a task, with parquet-hadoop's public
 * writer API — the files a sweep's tasks commit themselves (see {@link ChunkWriter}).
 *
 * <p>The Parquet schema is the standard one Spark writes ({@code spark.sql.parquet.writeLegacyFormat=false}):
 * {@code int32}, {@code int64}, {@code double}, {@code boolean}, {@code binary (STRING)}; arrays as 3-level
 * {@code LIST} groups ({@code repeated group list { element }}); maps as {@code MAP} groups
 * ({@code repeated group key_value { key; value }}); structs as groups; nullable fields {@code optional}, the others
 * {@code required}. The Spark schema is stored under the footer key Spark uses
 * ({@code org.apache.spark.sql.parquet.row.metadata}), so Spark reads back exactly {@code schema}; pyarrow and pandas
 * read the standard types. Snappy compression, as Spark's default.
 *
 * <p>Values: {@code Integer}, {@code Long}, {@code Double}, {@code Boolean}, {@code String}; arrays as Java arrays
 * (primitive or not), {@link List}s or Scala sequences; maps as {@link Map}s or Scala maps; structs as {@link Row}s.
 * {@code null} in a non-nullable field is an error.
 */
final class ParquetRowWriter implements Closeable {
  /** The footer key under which Spark stores (and looks for) a file's Catalyst schema. */
  static final String SPARK_SCHEMA_KEY = "org.apache.spark.sql.parquet.row.metadata";

  private final ParquetWriter<Row> writer;

  /** Creates (or overwrites) {@code file}. */
  ParquetRowWriter(OutputFile file, StructType schema, Configuration conf) throws IOException {
    writer = new Builder(file, schema).withConf(conf).withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withDictionaryEncoding(false).withPageSize(64 << 10)
        .withRowGroupSize(16L << 20).build();
  }

  void write(Row row) throws IOException {
    writer.write(row);
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** The Parquet schema of {@code schema} (see the class javadoc). */
  static MessageType parquetSchema(StructType schema) {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (StructField f : schema.fields()) {
      b.addField(type(f.name(), f.dataType(), f.nullable()));
    }
    return b.named("spark_schema");
  }

  private static Type type(String name, DataType t, boolean nullable) {
    Type.Repetition rep = nullable ? Type.Repetition.OPTIONAL : Type.Repetition.REQUIRED;
    if (t instanceof IntegerType) {
      return Types.primitive(PrimitiveTypeName.INT32, rep).named(name);
    }
    if (t instanceof LongType) {
      return Types.primitive(PrimitiveTypeName.INT64, rep).named(name);
    }
    if (t instanceof DoubleType) {
      return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
    }
    if (t instanceof BooleanType) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
    }
    if (t instanceof StringType) {
      return Types.primitive(PrimitiveTypeName.BINARY, rep).as(LogicalTypeAnnotation.stringType()).named(name);
    }
    if (t instanceof ArrayType a) {
      return Types.buildGroup(rep).as(LogicalTypeAnnotation.listType())
          .addField(Types.repeatedGroup().addField(type("element", a.elementType(), a.containsNull())).named("list"))
          .named(name);
    }
    if (t instanceof MapType m) {
      return Types.buildGroup(rep).as(LogicalTypeAnnotation.mapType())
          .addField(Types.repeatedGroup().addField(type("key", m.keyType(), false))
              .addField(type("value", m.valueType(), m.valueContainsNull())).named("key_value"))
          .named(name);
    }
    if (t instanceof StructType s) {
      Types.GroupBuilder<org.apache.parquet.schema.GroupType> g = Types.buildGroup(rep);
      for (StructField f : s.fields()) {
        g.addField(type(f.name(), f.dataType(), f.nullable()));
      }
      return g.named(name);
    }
    throw new IllegalArgumentException("column " + name + ": type " + t.simpleString() + " is not supported");
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    private final StructType schema;

    Builder(OutputFile file, StructType schema) {
      super(file);
      this.schema = schema;
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(Configuration conf) {
      return new RowWriteSupport(schema);
    }
  }

  /** Emits a {@link Row} as Parquet records. */
  private static final class RowWriteSupport extends WriteSupport<Row> {
    private final StructType schema;
    private RecordConsumer out;

    RowWriteSupport(StructType schema) {
      this.schema = schema;
    }

    @Override
    public WriteContext init(Configuration configuration) {
      Map<String, String> meta = new HashMap<>();
      meta.put(SPARK_SCHEMA_KEY, schema.json());
      return new WriteContext(parquetSchema(schema), meta);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    public void write(Row row) {
      out.startMessage();
      fields(schema, row);
      out.endMessage();
    }

    private void fields(StructType s, Row row) {
      StructField[] fs = s.fields();
      if (row.length() != fs.length) {
        throw new IllegalArgumentException("row has " + row.length() + " values, schema " + fs.length + " fields");
      }
      for (int i = 0; i < fs.length; i++) {
        Object v = row.get(i);
        if (v == null) {
          if (!fs[i].nullable()) {
            throw new IllegalArgumentException("column " + fs[i].name() + " is null but not nullable");
          }
          continue;
        }
        out.startField(fs[i].name(), i);
        value(fs[i].dataType(), v);
        out.endField(fs[i].name(), i);
      }
    }

    private void value(DataType t, Object v) {
      if (t instanceof IntegerType) {
        out.addInteger((Integer) v);
      } else if (t instanceof LongType) {
        out.addLong((Long) v);
      } else if (t instanceof DoubleType) {
        out.addDouble((Double) v);
      } else if (t instanceof BooleanType) {
        out.addBoolean((Boolean) v);
      } else if (t instanceof StringType) {
        out.addBinary(Binary.fromString((String) v));
      } else if (t instanceof ArrayType a) {
        list(a, v);
      } else if (t instanceof MapType m) {
        map(m, v);
      } else if (t instanceof StructType s) {
        out.startGroup();
        fields(s, (Row) v);
        out.endGroup();
      } else {
        throw new IllegalArgumentException("type " + t.simpleString() + " is not supported");
      }
    }

    private void list(ArrayType a, Object v) {
      if (v instanceof double[] d && a.elementType() instanceof DoubleType) {
        doubles(d);
        return;
      }
      if (v instanceof int[] d && a.elementType() instanceof IntegerType) {
        ints(d);
        return;
      }
      Iterator<?> it = elements(v);
      out.startGroup();
      if (it.hasNext()) {
        out.startField("list", 0);
        while (it.hasNext()) {
          Object e = it.next();
          out.startGroup();
          if (e != null) {
            out.startField("element", 0);
            value(a.elementType(), e);
            out.endField("element", 0);
          } else if (!a.containsNull()) {
            throw new IllegalArgumentException("array element is null but the array type does not allow nulls");
          }
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    }

    /** A {@code double[]} column (learning curves) element by element, without boxing each value. */
    private void doubles(double[] d) {
      out.startGroup();
      if (d.length > 0) {
        out.startField("list", 0);
        for (double x : d) {
          out.startGroup();
          out.startField("element", 0);
          out.addDouble(x);
          out.endField("element", 0);
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    }

    /** An {@code int[]} column, as {@link #doubles}. */
    private void ints(int[] d) {
      out.startGroup();
      if (d.length > 0) {
        out.startField("list", 0);
        for (int x : d) {
          out.startGroup();
          out.startField("element", 0);
          out.addInteger(x);
          out.endField("element", 0);
          out.endGroup();
        }
        out.endField("list", 0);
      }
      out.endGroup();
    }

    private void map(MapType m, Object v) {
      Map<?, ?> map = v instanceof scala.collection.Map<?, ?> s
          ? scala.jdk.javaapi.CollectionConverters.asJava(s) : (Map<?, ?>) v;
      out.startGroup();
      if (!map.isEmpty()) {
        out.startField("key_value", 0);
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.startGroup();
          out.startField("key", 0);
          value(m.keyType(), e.getKey());
          out.endField("key", 0);
          if (e.getValue() != null) {
            out.startField("value", 1);
            value(m.valueType(), e.getValue());
            out.endField("value", 1);
          }
          out.endGroup();
        }
        out.endField("key_value", 0);
      }
      out.endGroup();
    }

    private static Iterator<?> elements(Object v) {
      if (v instanceof List<?> l) {
        return l.iterator();
      }
      if (v instanceof scala.collection.Iterable<?> s) {
        return scala.jdk.javaapi.CollectionConverters.asJava(s.iterator());
      }
      if (v.getClass().isArray()) {
        int n = Array.getLength(v);
        return new Iterator<Object>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < n;
          }

          @Override
          public Object next() {
            return Array.get(v, i++);
          }
        };
      }
      throw new IllegalArgumentException("an array column holds a " + v.getClass().getName());
    }
  }
}
