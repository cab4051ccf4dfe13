package dev.walnut.snowplow.collector;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * UTF-8 JSON written straight into a growable byte array: the collector's per-event output, where a
 * generic serialiser walking maps cost a third of the HTTP threads' time. Callers write objects as
 * {@code beginObject(); name(...); string(...); ...; endObject()}; commas are placed by the writer.
 * Strings are escaped as JSON requires (quote, backslash, control characters); a lone UTF-16
 * surrogate, which has no UTF-8 form, is written as a {@code \\uXXXX} escape. Not thread-safe.
 */
final class JsonBytes {
  private static final byte[] NULL = {'n', 'u', 'l', 'l'};
  private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
  private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
  private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

  private byte[] buf;
  private int len;
  // true after a value inside an object or array: the next name or element needs a comma
  private boolean needComma;

  JsonBytes(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  /** An object member name, encoded once: {@code "name":}. */
  static final class Name {
    private final byte[] bytes;

    Name(String name) {
      JsonBytes j = new JsonBytes(name.length() + 4);
      j.quoted(name);
      j.put((byte) ':');
      bytes = j.toByteArray();
    }
  }

  JsonBytes beginObject() {
    comma();
    put((byte) '{');
    needComma = false;
    return this;
  }

  JsonBytes endObject() {
    put((byte) '}');
    needComma = true;
    return this;
  }

  JsonBytes beginArray() {
    comma();
    put((byte) '[');
    needComma = false;
    return this;
  }

  JsonBytes endArray() {
    put((byte) ']');
    needComma = true;
    return this;
  }

  JsonBytes name(Name name) {
    comma();
    put(name.bytes, 0, name.bytes.length);
    needComma = false;
    return this;
  }

  JsonBytes name(String name) {
    comma();
    quoted(name);
    put((byte) ':');
    needComma = false;
    return this;
  }

  /** A string value, or {@code null} when {@code value} is null. */
  JsonBytes string(String value) {
    comma();
    if (value == null) {
      put(NULL, 0, NULL.length);
    } else {
      quoted(value);
    }
    needComma = true;
    return this;
  }

  JsonBytes nullValue() {
    comma();
    put(NULL, 0, NULL.length);
    needComma = true;
    return this;
  }

  JsonBytes bool(boolean value) {
    comma();
    byte[] b = value ? TRUE : FALSE;
    put(b, 0, b.length);
    needComma = true;
    return this;
  }

  JsonBytes number(long value) {
    comma();
    ascii(Long.toString(value));
    needComma = true;
    return this;
  }

  /** A value that is already valid UTF-8 JSON (checked by the caller), copied as is. */
  JsonBytes rawValue(byte[] json) {
    comma();
    put(json, 0, json.length);
    needComma = true;
    return this;
  }

  /** The bytes written so far, as a new array. */
  byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  int length() {
    return len;
  }

  /** Forgets what was written, keeping the array for the next value. */
  JsonBytes reset() {
    len = 0;
    needComma = false;
    return this;
  }

  private void comma() {
    if (needComma) {
      put((byte) ',');
    }
  }

  private void quoted(String s) {
    int n = s.length();
    ensure(n + 2);
    byte[] b = buf;
    int at = len;
    b[at++] = '"';
    int i = 0;
    // fast path: printable ASCII that needs no escape, the usual content of tracker parameters
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        break;
      }
      b[at++] = (byte) c;
    }
    len = at;
    if (i < n) {
      escapedTail(s, i);
    }
    put((byte) '"');
  }

  private void escapedTail(String s, int from) {
    int n = s.length();
    for (int i = from; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        switch (c) {
          case '"' -> ascii("\\\"");
          case '\\' -> ascii("\\\\");
          case '\n' -> ascii("\\n");
          case '\r' -> ascii("\\r");
          case '\t' -> ascii("\\t");
          case '\b' -> ascii("\\b");
          case '\f' -> ascii("\\f");
          default -> {
            if (c < 0x20) {
              unicodeEscape(c);
            } else {
              put((byte) c);
            }
          }
        }
      } else if (c < 0x800) {
        ensure(2);
        buf[len++] = (byte) (0xc0 | (c >> 6));
        buf[len++] = (byte) (0x80 | (c & 0x3f));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        ensure(4);
        buf[len++] = (byte) (0xf0 | (cp >> 18));
        buf[len++] = (byte) (0x80 | ((cp >> 12) & 0x3f));
        buf[len++] = (byte) (0x80 | ((cp >> 6) & 0x3f));
        buf[len++] = (byte) (0x80 | (cp & 0x3f));
      } else if (Character.isSurrogate(c)) {
        unicodeEscape(c);
      } else {
        ensure(3);
        buf[len++] = (byte) (0xe0 | (c >> 12));
        buf[len++] = (byte) (0x80 | ((c >> 6) & 0x3f));
        buf[len++] = (byte) (0x80 | (c & 0x3f));
      }
    }
  }

  private void unicodeEscape(char c) {
    ensure(6);
    buf[len++] = '\\';
    buf[len++] = 'u';
    buf[len++] = HEX[(c >> 12) & 0xf];
    buf[len++] = HEX[(c >> 8) & 0xf];
    buf[len++] = HEX[(c >> 4) & 0xf];
    buf[len++] = HEX[c & 0xf];
  }

  private void ascii(String s) {
    int n = s.length();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf[len++] = (byte) s.charAt(i);
    }
  }

  private void put(byte b) {
    ensure(1);
    buf[len++] = b;
  }

  private void put(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }
}
