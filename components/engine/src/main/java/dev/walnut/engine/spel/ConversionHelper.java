package dev.walnut.engine.spel;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * {@code #CONV}: Nussknacker's conversions, with its names and semantics: {@code toX} converts text
 * and numbers and fails on anything else (null stays null), {@code toXOrNull} answers null instead
 * of failing. Whole numbers are Longs (records carry no Integers), so {@code toInteger} answers a
 * Long within the Integer range.
 */
final class ConversionHelper {
  private final StringHelper strings = new StringHelper();

  @HelperDoc("Parses text to a number (a Long for whole numbers, else a Double); numbers stay")
  public Number toNumber(Object value) {
    if (value == null || value instanceof Number) {
      return (Number) value;
    }
    if (value instanceof String text) {
      Number n = strings.toNumber(text);
      if (n == null) {
        throw cannot(value, "a number");
      }
      return n;
    }
    throw cannot(value, "a number");
  }

  @HelperDoc("Like toNumber, but null for anything that is not a number")
  public Number toNumberOrNull(Object value) {
    try {
      return toNumber(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @HelperDoc("Whether toNumber would succeed")
  public boolean isNumber(Object value) {
    return value != null && toNumberOrNull(value) != null;
  }

  @HelperDoc("The value as text; null stays null")
  public String toString(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  @HelperDoc("'true'/'false' (any case) or a boolean as a Boolean; fails on anything else")
  public Boolean toBoolean(Object value) {
    if (value == null || value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof String text) {
      String t = text.trim();
      if (t.equalsIgnoreCase("true")) {
        return true;
      }
      if (t.equalsIgnoreCase("false")) {
        return false;
      }
    }
    throw cannot(value, "a Boolean");
  }

  @HelperDoc("Like toBoolean, but null for anything else")
  public Boolean toBooleanOrNull(Object value) {
    try {
      return toBoolean(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @HelperDoc("Whether toBoolean would succeed")
  public boolean isBoolean(Object value) {
    return value != null && toBooleanOrNull(value) != null;
  }

  @HelperDoc("A number or numeric text as a whole number in the Integer range (decimals truncated)")
  public Long toInteger(Object value) {
    Long l = toLong(value);
    if (l != null && (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE)) {
      throw cannot(value, "an Integer (it is out of range)");
    }
    return l;
  }

  @HelperDoc("Like toInteger, but null when it would fail")
  public Long toIntegerOrNull(Object value) {
    try {
      return toInteger(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @HelperDoc("A number or numeric text as a Long (decimals truncated)")
  public Long toLong(Object value) {
    Number n = toNumber(value);
    return n == null ? null : n.longValue();
  }

  @HelperDoc("Like toLong, but null when it would fail")
  public Long toLongOrNull(Object value) {
    try {
      return toLong(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @HelperDoc("A number or numeric text as a Double")
  public Double toDouble(Object value) {
    Number n = toNumber(value);
    return n == null ? null : n.doubleValue();
  }

  @HelperDoc("Like toDouble, but null when it would fail")
  public Double toDoubleOrNull(Object value) {
    try {
      return toDouble(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @HelperDoc("A number or numeric text as an exact BigDecimal (e.g. for money)")
  public BigDecimal toBigDecimal(Object value) {
    if (value == null || value instanceof BigDecimal) {
      return (BigDecimal) value;
    }
    if (value instanceof BigInteger bi) {
      return new BigDecimal(bi);
    }
    String text =
        value instanceof Number || value instanceof String ? value.toString().trim() : null;
    // bounded like the sandbox's own numbers: `1e999999999` would be a huge value to compute with
    if (text == null || text.length() > ProducedValues.MAX_NUMBER_DIGITS) {
      throw cannot(value, "a BigDecimal");
    }
    try {
      BigDecimal d = new BigDecimal(text);
      ProducedValues.checkDigits("`#CONV.toBigDecimal()`", d.scale());
      return d;
    } catch (NumberFormatException e) {
      throw cannot(value, "a BigDecimal");
    }
  }

  @HelperDoc("Like toBigDecimal, but null when it would fail")
  public BigDecimal toBigDecimalOrNull(Object value) {
    try {
      return toBigDecimal(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @HelperDoc("A whole number or whole-number text as a BigInteger (decimals truncated)")
  public BigInteger toBigInteger(Object value) {
    BigDecimal d = toBigDecimal(value);
    return d == null ? null : d.toBigInteger();
  }

  @HelperDoc("Like toBigInteger, but null when it would fail")
  public BigInteger toBigIntegerOrNull(Object value) {
    try {
      return toBigInteger(value);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @HelperDoc(
      value = "The value unchanged, typed as unknown (where a type check is too strict)",
      result = HelperDoc.Result.DECLARED)
  public Object toAny(Object value) {
    return value;
  }

  private static IllegalArgumentException cannot(Object value, String what) {
    return new IllegalArgumentException("cannot convert `" + value + "` to " + what);
  }
}
