package dev.walnut.api.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes the JSON-like values records carry as UTF-8 JSON straight into a growable byte array that
 * each thread reuses. Sinks write hundreds of thousands of values per second, and a Jackson
 * generator with its buffers per value was the largest cost of writing them.
 *
 * <p>The bytes are exactly those of Jackson's generators under {@link JsonValues}' mapper (the
 * equivalence test compares them): the same escapes, numbers through {@code Double.toString} /
 * {@code Float.toString}, NaN and infinities quoted, instants and durations as text. In {@link
 * Mode#BYTES} every surrogate is escaped as Jackson's UTF-8 generator does; in {@link Mode#TEXT}
 * (bytes of what the mapper writes as a {@code String}) a surrogate pair is encoded as UTF-8 and
 * map keys must be strings. Whatever this writer cannot reproduce exactly (another type, a lone
 * surrogate in text, nesting deeper than Jackson allows) makes it give up with {@link
 * #NEEDS_JACKSON}, and the caller writes the whole value through Jackson instead.
 */
final class Utf8JsonWriter {
  enum Mode {
    BYTES,
    TEXT
  }

  /** Thrown (never with a stack trace) when a value has to go through Jackson. */
  static final class NeedsJackson extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private NeedsJackson() {
      super("value needs Jackson", null, false, false);
    }
  }

  static final NeedsJackson NEEDS_JACKSON = new NeedsJackson();

  // Jackson's StreamWriteConstraints default; deeper values fail there with its own message
  private static final int MAX_NESTING_DEPTH = 1000;
  // a thread keeps its buffer unless one huge value grew it beyond this
  private static final int RETAINED_CAPACITY = 64 * 1024;
  private static final byte[] HEX = {
    '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'B', 'C', 'D', 'E', 'F'
  };
  // per ASCII char: 0 written as is, 'u' as a six-char hex escape, else the letter after a
  // backslash
  private static final byte[] ESCAPES = new byte[128];
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] LONG_MIN =
      Long.toString(Long.MIN_VALUE).getBytes(StandardCharsets.US_ASCII);

  static {
    for (int c = 0; c < 0x20; c++) {
      ESCAPES[c] = 'u';
    }
    ESCAPES['"'] = '"';
    ESCAPES['\\'] = '\\';
    ESCAPES['\b'] = 'b';
    ESCAPES['\t'] = 't';
    ESCAPES['\f'] = 'f';
    ESCAPES['\n'] = 'n';
    ESCAPES['\r'] = 'r';
  }

  private static final ThreadLocal<Utf8JsonWriter> PER_THREAD =
      ThreadLocal.withInitial(Utf8JsonWriter::new);

  private byte[] buf = new byte[512];
  private int len;
  private boolean text;
  // set while writing: a key's toString calling back into JsonValues gets a writer of its own
  private boolean busy;

  private Utf8JsonWriter() {}

  /**
   * The UTF-8 JSON of {@code value}; throws {@link #NEEDS_JACKSON} when Jackson has to write it.
   */
  static byte[] write(Object value, Mode mode) {
    Utf8JsonWriter w = PER_THREAD.get();
    if (w.busy) {
      w = new Utf8JsonWriter();
    }
    w.busy = true;
    w.len = 0;
    w.text = mode == Mode.TEXT;
    try {
      w.value(value, 0);
      return Arrays.copyOf(w.buf, w.len);
    } finally {
      w.busy = false;
      if (w.buf.length > RETAINED_CAPACITY) {
        w.buf = new byte[512];
      }
    }
  }

  private void value(Object v, int depth) {
    // the order of the first checks is the order JsonValues always used
    if (v == null) {
      bytes(NULL);
    } else if (v instanceof String s) {
      string(s);
    } else if (v instanceof Map<?, ?> m) {
      object(m, depth + 1);
    } else if (v instanceof Integer i) {
      integer(i);
    } else if (v instanceof Long l) {
      integer(l);
    } else if (v instanceof Double d) {
      decimal(d);
    } else if (v instanceof Boolean b) {
      bytes(b ? TRUE : FALSE);
    } else if (v instanceof Collection<?> c) {
      array(c, depth + 1);
    } else if (v instanceof float[] fa) {
      floats(fa, depth + 1);
    } else if (v instanceof Instant || v instanceof Duration) {
      string(v.toString());
    } else if (v instanceof BigDecimal || v instanceof BigInteger) {
      // Jackson's default: BigDecimal#toString (WRITE_BIGDECIMAL_AS_PLAIN is off)
      ascii(v.toString());
    } else if (v instanceof Float f) {
      float32(f);
    } else if (v instanceof Short || v instanceof Byte) {
      integer(((Number) v).intValue());
    } else {
      throw NEEDS_JACKSON;
    }
  }

  private void object(Map<?, ?> m, int depth) {
    if (depth > MAX_NESTING_DEPTH) {
      throw NEEDS_JACKSON;
    }
    put('{');
    boolean first = true;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!first) {
        put(',');
      }
      first = false;
      Object key = e.getKey();
      if (key instanceof String s) {
        string(s);
      } else if (text) {
        // the mapper serialises other keys (and rejects null) with its key serializers
        throw NEEDS_JACKSON;
      } else {
        string(String.valueOf(key));
      }
      put(':');
      value(e.getValue(), depth);
    }
    put('}');
  }

  private void array(Collection<?> c, int depth) {
    if (depth > MAX_NESTING_DEPTH) {
      throw NEEDS_JACKSON;
    }
    put('[');
    Iterator<?> it = c.iterator();
    if (it.hasNext()) {
      value(it.next(), depth);
      while (it.hasNext()) {
        put(',');
        value(it.next(), depth);
      }
    }
    put(']');
  }

  private void floats(float[] fa, int depth) {
    if (depth > MAX_NESTING_DEPTH) {
      throw NEEDS_JACKSON;
    }
    put('[');
    for (int i = 0; i < fa.length; i++) {
      if (i > 0) {
        put(',');
      }
      float32(fa[i]);
    }
    put(']');
  }

  private void decimal(double d) {
    // Jackson quotes NaN and the infinities (QUOTE_NON_NUMERIC_NUMBERS is on by default)
    if (Double.isFinite(d)) {
      ascii(Double.toString(d));
    } else {
      string(Double.toString(d));
    }
  }

  private void float32(float f) {
    if (Float.isFinite(f)) {
      ascii(Float.toString(f));
    } else {
      string(Float.toString(f));
    }
  }

  private void integer(long v) {
    if (v == Long.MIN_VALUE) {
      bytes(LONG_MIN);
      return;
    }
    ensure(20);
    byte[] b = buf;
    if (v < 0) {
      b[len++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long t = v; t >= 10; t /= 10) {
      digits++;
    }
    int end = len + digits;
    for (int p = end - 1; p >= len; p--) {
      b[p] = (byte) ('0' + (int) (v % 10));
      v /= 10;
    }
    len = end;
  }

  private void string(String s) {
    int n = s.length();
    ensure(n + 2);
    byte[] b = buf;
    int p = len;
    b[p++] = '"';
    int i = 0;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80 || ESCAPES[c] != 0) {
        break;
      }
      b[p++] = (byte) c;
    }
    len = p;
    if (i < n) {
      escaped(s, i, n);
    }
    put('"');
  }

  /** The rest of a string from its first char that is not plain ASCII. */
  private void escaped(String s, int from, int n) {
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      ensure(6);
      byte[] b = buf;
      if (c < 0x80) {
        byte e = ESCAPES[c];
        if (e == 0) {
          b[len++] = (byte) c;
        } else if (e == 'u') {
          b[len++] = '\\';
          b[len++] = 'u';
          b[len++] = '0';
          b[len++] = '0';
          b[len++] = HEX[c >> 4];
          b[len++] = HEX[c & 0xF];
        } else {
          b[len++] = '\\';
          b[len++] = e;
        }
      } else if (c < 0x800) {
        b[len++] = (byte) (0xC0 | (c >> 6));
        b[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (!Character.isSurrogate(c)) {
        b[len++] = (byte) (0xE0 | (c >> 12));
        b[len++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        b[len++] = (byte) (0x80 | (c & 0x3F));
      } else if (!text) {
        // Jackson's UTF-8 generator escapes each surrogate, paired or not
        b[len++] = '\\';
        b[len++] = 'u';
        b[len++] = HEX[c >> 12];
        b[len++] = HEX[(c >> 8) & 0xF];
        b[len++] = HEX[(c >> 4) & 0xF];
        b[len++] = HEX[c & 0xF];
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        b[len++] = (byte) (0xF0 | (cp >> 18));
        b[len++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        b[len++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        b[len++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        // a lone surrogate has no UTF-8 form; the mapper's String keeps it as it is
        throw NEEDS_JACKSON;
      }
    }
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    byte[] b = buf;
    int p = len;
    for (int i = 0; i < n; i++) {
      b[p++] = (byte) s.charAt(i);
    }
    len = p;
  }

  private void bytes(byte[] bs) {
    ensure(bs.length);
    System.arraycopy(bs, 0, buf, len, bs.length);
    len += bs.length;
  }

  private void put(char c) {
    ensure(1);
    buf[len++] = (byte) c;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
