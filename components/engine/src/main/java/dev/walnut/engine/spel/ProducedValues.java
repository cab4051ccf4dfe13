package dev.walnut.engine.spel;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;

/**
 * Checks what a method call produced against the {@link SandboxLimits} and charges it to the
 * evaluation, and estimates how long a value's text would be before it is built.
 */
final class ProducedValues {
  /**
   * The largest whole number a call may produce, in bits (about 30,000 decimal digits): larger ones
   * make {@code toString()} and further arithmetic slow enough to stall a task.
   */
  static final int MAX_NUMBER_BITS = 100_000;

  /** The largest scale (digits after the point) a decimal may have, for the same reason. */
  static final int MAX_NUMBER_DIGITS = 30_000;

  private ProducedValues() {}

  /**
   * @throws SandboxLimitException when {@code value} is larger than the limits allow
   */
  static void check(SandboxEvaluationContext context, String what, Object value) {
    SandboxLimits limits = context.limits();
    if (value == null || value instanceof Boolean) {
      return;
    }
    if (value instanceof CharSequence text) {
      if (text.length() > limits.maxStringLength()) {
        throw SandboxLimitException.text(what, text.length(), limits);
      }
      context.charge(text.length());
    } else if (value instanceof Collection<?> c) {
      checkElements(context, what, c.size());
    } else if (value instanceof Map<?, ?> m) {
      checkElements(context, what, m.size());
    } else if (value.getClass().isArray()) {
      checkElements(context, what, Array.getLength(value));
    } else if (value instanceof BigInteger big) {
      checkBits(what, big.bitLength());
    } else if (value instanceof BigDecimal decimal) {
      checkBits(what, decimal.unscaledValue().bitLength());
      checkDigits(what, decimal.scale());
    }
  }

  static void checkElements(SandboxEvaluationContext context, String what, long size) {
    if (size > context.limits().maxCollectionSize()) {
      throw SandboxLimitException.elements(what, size, context.limits());
    }
    context.charge(size);
  }

  static void checkText(SandboxEvaluationContext context, String what, long length) {
    if (length > context.limits().maxStringLength()) {
      throw SandboxLimitException.text(what, length, context.limits());
    }
  }

  static void checkBits(String what, long bits) {
    if (bits > MAX_NUMBER_BITS) {
      throw new SandboxLimitException(
          what
              + " would produce a number of "
              + bits
              + " bits, above the limit of "
              + MAX_NUMBER_BITS
              + " bits");
    }
  }

  static void checkDigits(String what, long digits) {
    if (Math.abs(digits) > MAX_NUMBER_DIGITS) {
      throw new SandboxLimitException(
          what
              + " would produce a number with "
              + Math.abs(digits)
              + " decimal places, above the limit of "
              + MAX_NUMBER_DIGITS);
    }
  }

  /**
   * An upper estimate of the length of {@code value}'s text ({@code toString()}, or SpEL's
   * conversion to text, which joins elements with commas), stopping as soon as it passes {@code
   * cap}. Lists of lists are walked, so a list of 10,000 references to one long text counts as what
   * it would print.
   */
  static long estimateText(Object value, long cap) {
    return estimate(value, cap, 0);
  }

  private static long estimate(Object value, long cap, long sofar) {
    if (value == null) {
      return sofar + 4;
    } else if (value instanceof CharSequence text) {
      return sofar + text.length();
    } else if (value instanceof Collection<?> c) {
      long total = sofar + 2;
      for (Object e : c) {
        total = estimate(e, cap, total + 2);
        if (total > cap) {
          return total;
        }
      }
      return total;
    } else if (value instanceof Map<?, ?> m) {
      long total = sofar + 2;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        total = estimate(e.getValue(), cap, estimate(e.getKey(), cap, total + 3));
        if (total > cap) {
          return total;
        }
      }
      return total;
    } else if (value instanceof Map.Entry<?, ?> e) {
      return estimate(e.getValue(), cap, estimate(e.getKey(), cap, sofar + 1));
    } else if (value.getClass().isArray()) {
      long total = sofar + 2;
      int n = Array.getLength(value);
      for (int i = 0; i < n && total <= cap; i++) {
        total = estimate(Array.get(value, i), cap, total + 2);
      }
      return total;
    } else if (value instanceof BigInteger big) {
      return sofar + big.bitLength() / 3 + 2;
    } else if (value instanceof BigDecimal decimal) {
      return sofar + decimal.unscaledValue().bitLength() / 3 + Math.abs(decimal.scale()) + 3;
    }
    return sofar + 40; // numbers, booleans, dates: short
  }
}
