package dev.walnut.engine.spel;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;

/**
 * Number semantics shared by the helpers: values from sources and literals mix {@link Integer},
 * {@link Long} and {@link Double}, and {@code 3} must equal {@code 3L} and sort before {@code 3.5}.
 */
final class Numbers {
  private Numbers() {}

  /** A natural order over numbers of any type, strings and other comparables; nulls last. */
  static final Comparator<Object> NATURAL_ORDER = Numbers::compare;

  static boolean isIntegral(Object value) {
    return value instanceof Long
        || value instanceof Integer
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger;
  }

  /** The value with integral numbers as {@link Long} and floats as {@link Double}, for equality. */
  static Object normalize(Object value) {
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    } else if (value instanceof Float f) {
      return f.doubleValue();
    } else if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 0x1p53) {
      return d.longValue(); // 3.0 equals 3
    } else if (value instanceof BigDecimal big) {
      return normalize(big.doubleValue());
    }
    return value;
  }

  static Number requireNumber(Object value, String what) {
    if (value instanceof Number number) {
      return number;
    }
    throw new IllegalArgumentException(
        what + " must be a number, got " + (value == null ? "null" : "`" + value + "`"));
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static int compare(Object a, Object b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    if (a instanceof Number x && b instanceof Number y) {
      if (isIntegral(x) && isIntegral(y)) {
        return Long.compare(x.longValue(), y.longValue());
      }
      return Double.compare(x.doubleValue(), y.doubleValue());
    }
    if (a instanceof Comparable ca && a.getClass().isInstance(b)) {
      return ca.compareTo(b);
    }
    throw new IllegalArgumentException(
        "cannot compare `" + a + "` with `" + b + "`: values must be of the same kind");
  }
}
