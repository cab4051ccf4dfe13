package dev.walnut.engine.spel;

/**
 * {@code #MATH}: arithmetic. Whole-number arguments give whole-number results where it makes sense.
 */
final class MathHelper {

  @HelperDoc(value = "The absolute value", result = HelperDoc.Result.NUMERIC)
  public Number abs(Number x) {
    return Numbers.isIntegral(x)
        ? (Number) Math.abs(x.longValue())
        : (Number) Math.abs(x.doubleValue());
  }

  @HelperDoc(value = "The smaller of two numbers", result = HelperDoc.Result.NUMERIC)
  public Number min(Number a, Number b) {
    return Numbers.NATURAL_ORDER.compare(a, b) <= 0 ? widen(a, b) : widen(b, a);
  }

  @HelperDoc(value = "The larger of two numbers", result = HelperDoc.Result.NUMERIC)
  public Number max(Number a, Number b) {
    return Numbers.NATURAL_ORDER.compare(a, b) >= 0 ? widen(a, b) : widen(b, a);
  }

  @HelperDoc(
      value = "The number limited to the range [low, high]",
      result = HelperDoc.Result.NUMERIC)
  public Number clamp(Number x, Number low, Number high) {
    if (Numbers.NATURAL_ORDER.compare(low, high) > 0) {
      throw new IllegalArgumentException("clamp needs low <= high, got " + low + " > " + high);
    }
    boolean integral = Numbers.isIntegral(x) && Numbers.isIntegral(low) && Numbers.isIntegral(high);
    Number result = min(max(x, low), high);
    return integral ? (Number) result.longValue() : (Number) result.doubleValue();
  }

  @HelperDoc("The largest whole number not above x")
  public double floor(double x) {
    return Math.floor(x);
  }

  @HelperDoc("The smallest whole number not below x")
  public double ceil(double x) {
    return Math.ceil(x);
  }

  @HelperDoc("x rounded to the nearest whole number (halves up)")
  public long round(double x) {
    return Math.round(x);
  }

  @HelperDoc("x raised to the power y")
  public double pow(double x, double y) {
    return Math.pow(x, y);
  }

  @HelperDoc("The square root")
  public double sqrt(double x) {
    return Math.sqrt(x);
  }

  @HelperDoc("The natural logarithm")
  public double log(double x) {
    return Math.log(x);
  }

  @HelperDoc("e raised to the power x")
  public double exp(double x) {
    return Math.exp(x);
  }

  /** {@code chosen} as a Long when both numbers are whole, else as a Double. */
  private static Number widen(Number chosen, Number other) {
    boolean integral = Numbers.isIntegral(chosen) && Numbers.isIntegral(other);
    return integral ? (Number) chosen.longValue() : (Number) chosen.doubleValue();
  }
}
