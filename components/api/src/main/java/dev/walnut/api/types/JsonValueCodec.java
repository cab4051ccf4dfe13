package dev.walnut.api.types;

import dev.walnut.api.annotation.Internal;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Binary form of the JSON-like values records carry. One tag byte per value; versioned through
 * {@link VariablesSerializer}'s snapshot, so state written by this version stays readable.
 */
@Internal
public final class JsonValueCodec {
  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte TRUE = 2;
  private static final byte FALSE = 3;
  private static final byte INT = 4;
  private static final byte LONG = 5;
  private static final byte DOUBLE = 6;
  private static final byte FLOAT = 7;
  private static final byte DECIMAL = 8;
  private static final byte INSTANT = 9;
  private static final byte DURATION = 10;
  private static final byte LIST = 11;
  private static final byte MAP = 12;
  private static final byte FLOAT_ARRAY = 13;

  private JsonValueCodec() {}

  public static void write(Object value, DataOutputView out) throws IOException {
    if (value == null) {
      out.writeByte(NULL);
    } else if (value instanceof String s) {
      out.writeByte(STRING);
      writeString(s, out);
    } else if (value instanceof Boolean b) {
      out.writeByte(b ? TRUE : FALSE);
    } else if (value instanceof Integer i) {
      out.writeByte(INT);
      out.writeInt(i);
    } else if (value instanceof Long l) {
      out.writeByte(LONG);
      out.writeLong(l);
    } else if (value instanceof Double d) {
      out.writeByte(DOUBLE);
      out.writeDouble(d);
    } else if (value instanceof Float f) {
      out.writeByte(FLOAT);
      out.writeFloat(f);
    } else if (value instanceof Short || value instanceof Byte) {
      out.writeByte(INT);
      out.writeInt(((Number) value).intValue());
    } else if (value instanceof BigDecimal d) {
      out.writeByte(DECIMAL);
      writeString(d.toString(), out);
    } else if (value instanceof java.math.BigInteger bi) {
      out.writeByte(DECIMAL);
      writeString(bi.toString(), out);
    } else if (value instanceof Instant t) {
      out.writeByte(INSTANT);
      out.writeLong(t.getEpochSecond());
      out.writeInt(t.getNano());
    } else if (value instanceof Duration d) {
      out.writeByte(DURATION);
      out.writeLong(d.getSeconds());
      out.writeInt(d.getNano());
    } else if (value instanceof CharSequence cs) {
      out.writeByte(STRING);
      writeString(cs.toString(), out);
    } else if (value instanceof Collection<?> c) {
      out.writeByte(LIST);
      out.writeInt(c.size());
      for (Object o : c) {
        write(o, out);
      }
    } else if (value instanceof Map<?, ?> m) {
      out.writeByte(MAP);
      out.writeInt(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        writeString(String.valueOf(e.getKey()), out);
        write(e.getValue(), out);
      }
    } else if (value instanceof float[] fa) {
      out.writeByte(FLOAT_ARRAY);
      out.writeInt(fa.length);
      for (float f : fa) {
        out.writeFloat(f);
      }
    } else if (value instanceof Object[] arr) {
      write(java.util.Arrays.asList(arr), out);
    } else {
      throw new IllegalArgumentException(
          "a value of type "
              + value.getClass().getName()
              + " cannot travel between operators; records carry JSON-like values (strings,"
              + " numbers, booleans, instants, durations, lists, maps, float arrays)");
    }
  }

  public static Object read(DataInputView in) throws IOException {
    byte tag = in.readByte();
    switch (tag) {
      case NULL:
        return null;
      case STRING:
        return readString(in);
      case TRUE:
        return Boolean.TRUE;
      case FALSE:
        return Boolean.FALSE;
      case INT:
        return in.readInt();
      case LONG:
        return in.readLong();
      case DOUBLE:
        return in.readDouble();
      case FLOAT:
        return in.readFloat();
      case DECIMAL:
        return new BigDecimal(readString(in));
      case INSTANT:
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
      case DURATION:
        return Duration.ofSeconds(in.readLong(), in.readInt());
      case LIST:
        {
          int n = in.readInt();
          List<Object> list = new ArrayList<>(n);
          for (int i = 0; i < n; i++) {
            list.add(read(in));
          }
          return list;
        }
      case MAP:
        {
          int n = in.readInt();
          Map<String, Object> map = new LinkedHashMap<>(n * 2);
          for (int i = 0; i < n; i++) {
            String k = readString(in);
            map.put(k, read(in));
          }
          return map;
        }
      case FLOAT_ARRAY:
        {
          int n = in.readInt();
          float[] fa = new float[n];
          for (int i = 0; i < n; i++) {
            fa[i] = in.readFloat();
          }
          return fa;
        }
      default:
        throw new IOException("corrupt record: unknown value tag " + tag);
    }
  }

  /** Writes a map of variables (used for contexts). */
  public static void writeVariables(Map<String, Object> vars, DataOutputView out)
      throws IOException {
    out.writeInt(vars.size());
    for (Map.Entry<String, Object> e : vars.entrySet()) {
      writeString(e.getKey(), out);
      write(e.getValue(), out);
    }
  }

  public static Map<String, Object> readVariables(DataInputView in) throws IOException {
    int n = in.readInt();
    Map<String, Object> vars = new HashMap<>(Math.max(4, n * 2));
    for (int i = 0; i < n; i++) {
      String k = readString(in);
      vars.put(k, read(in));
    }
    return vars;
  }

  // writeUTF is limited to 64 KiB; page texts and embeddings payloads can be longer.
  static void writeString(String s, DataOutputView out) throws IOException {
    byte[] bytes = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  static String readString(DataInputView in) throws IOException {
    int n = in.readInt();
    byte[] bytes = new byte[n];
    in.readFully(bytes);
    return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
  }
}
