package dev.walnut.engine.spel;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Converts an expression's result to the Java type a component asks for. Only lossless numeric
 * conversions happen (SpEL's integer literals are {@link Integer}s, Walnut's values are {@link
 * Long}s); everything else must already have the expected type.
 */
final class ValueConversions {
  private ValueConversions() {}

  static <T> T convert(Object value, Class<T> expected, String expression) {
    Class<?> boxed = box(expected);
    if (value == null || boxed.isInstance(value)) {
      @SuppressWarnings("unchecked")
      T result = (T) value;
      return result;
    }
    Object converted = value instanceof Number number ? convertNumber(number, boxed) : null;
    if (converted == null) {
      throw new ExpressionEvaluationException(
          expression,
          "expected a " + boxed.getSimpleName() + " but the result is " + describe(value));
    }
    @SuppressWarnings("unchecked")
    T result = (T) converted;
    return result;
  }

  private static Object convertNumber(Number number, Class<?> target) {
    if (target == Double.class) {
      return number.doubleValue();
    } else if (target == Float.class) {
      return number.floatValue();
    } else if (target == BigDecimal.class) {
      return number instanceof BigInteger big
          ? new BigDecimal(big)
          : new BigDecimal(number.toString());
    } else if (target == Number.class) {
      return number;
    }
    Long exact = exactLong(number);
    if (exact == null) {
      return null;
    }
    if (target == Long.class) {
      return exact;
    } else if (target == Integer.class && exact == exact.intValue()) {
      return exact.intValue();
    } else if (target == Short.class && exact == exact.shortValue()) {
      return exact.shortValue();
    } else if (target == BigInteger.class) {
      return BigInteger.valueOf(exact);
    }
    return null;
  }

  /** The value as a long when that loses nothing, else null. */
  private static Long exactLong(Number number) {
    if (number instanceof Long
        || number instanceof Integer
        || number instanceof Short
        || number instanceof Byte) {
      return number.longValue();
    }
    if (number instanceof BigInteger big) {
      return big.bitLength() < 64 ? big.longValue() : null;
    }
    double d = number.doubleValue();
    if (d == Math.rint(d) && !Double.isInfinite(d) && Math.abs(d) < 0x1p63) {
      return (long) d;
    }
    return null;
  }

  private static String describe(Object value) {
    String text = String.valueOf(value);
    if (text.length() > 60) {
      text = text.substring(0, 57) + "...";
    }
    return "a " + value.getClass().getSimpleName() + " (" + text + ")";
  }

  private static Class<?> box(Class<?> type) {
    if (!type.isPrimitive()) {
      return type;
    } else if (type == long.class) {
      return Long.class;
    } else if (type == int.class) {
      return Integer.class;
    } else if (type == double.class) {
      return Double.class;
    } else if (type == boolean.class) {
      return Boolean.class;
    } else if (type == float.class) {
      return Float.class;
    } else if (type == short.class) {
      return Short.class;
    } else if (type == byte.class) {
      return Byte.class;
    } else if (type == char.class) {
      return Character.class;
    }
    return Void.class;
  }
}
