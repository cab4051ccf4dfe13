package dev.walnut.engine.spel;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.MethodExecutor;
import org.springframework.expression.TypedValue;

/**
 * Runs an allowed method within the evaluation's {@link SandboxLimits}: the call costs a step, the
 * calls that can amplify (text replacement, formatting, big-number powers and shifts, joining and
 * flattening) are refused before they run when their result would be over a limit, regular
 * expressions read their text through {@link BoundedRegex}, and every result is checked and charged
 * by {@link ProducedValues}. SpEL caches the executor per call site, so the choice of guard is made
 * once, at resolution.
 */
final class GuardedMethodExecutor implements MethodExecutor {
  /** Returned by a guard that let the call run as resolved. */
  private static final Object PROCEED = new Object();

  /** A format specifier of {@link java.util.Formatter}: index, flags, width, precision, kind. */
  private static final Pattern FORMAT_SPECIFIER =
      Pattern.compile("%(\\d+\\$)?([-#+ 0,(<]*)?(\\d+)?(\\.\\d+)?([tT])?([a-zA-Z%])");

  @FunctionalInterface
  private interface Guard {
    /** Refuses the call, answers it instead, or returns {@link #PROCEED}. */
    Object apply(SandboxEvaluationContext context, Object target, Object[] args);
  }

  private final MethodExecutor delegate;
  private final String what;
  private final Guard guard;

  private GuardedMethodExecutor(MethodExecutor delegate, String name, Guard guard) {
    this.delegate = delegate;
    this.what = "`" + name + "()`";
    this.guard = guard;
  }

  static MethodExecutor of(MethodExecutor delegate, Class<?> type, Method method) {
    return new GuardedMethodExecutor(delegate, method.getName(), guardFor(type, method));
  }

  @Override
  public TypedValue execute(EvaluationContext context, Object target, Object... arguments)
      throws AccessException {
    SandboxEvaluationContext sandbox = (SandboxEvaluationContext) context;
    sandbox.charge(SandboxLimits.CHARACTERS_PER_STEP);
    Object answer = guard == null ? PROCEED : guard.apply(sandbox, target, arguments);
    TypedValue result =
        answer == PROCEED ? delegate.execute(context, target, arguments) : new TypedValue(answer);
    ProducedValues.check(sandbox, what, result.getValue());
    return result;
  }

  private static Guard guardFor(Class<?> type, Method method) {
    String name = method.getName();
    int arity = method.getParameterCount();
    if (type == String.class) {
      return switch (name) {
        case "matches" ->
            (c, t, a) ->
                a[0] instanceof String regex
                    ? (Object) BoundedRegex.matches(c, (String) t, regex)
                    : PROCEED;
        case "replaceAll", "replaceFirst" -> {
          boolean all = name.equals("replaceAll");
          yield (c, t, a) ->
              a[0] instanceof String regex && a[1] instanceof String replacement
                  ? BoundedRegex.replace(c, (String) t, regex, replacement, all)
                  : PROCEED;
        }
        case "split" ->
            (c, t, a) -> {
              Integer limit = arity == 1 ? Integer.valueOf(0) : asInt(a[1]);
              return a[0] instanceof String regex && limit != null
                  ? BoundedRegex.split(c, (String) t, regex, limit)
                  : PROCEED;
            };
        case "replace" ->
            arity == 2 && method.getParameterTypes()[0] == CharSequence.class
                ? (c, t, a) -> checkReplace(c, "`replace()`", t, a[0], a[1])
                : null;
        case "formatted" -> GuardedMethodExecutor::checkFormat;
        default -> null;
      };
    }
    if (type == StringHelper.class && name.equals("replace")) {
      return (c, t, a) -> checkReplace(c, "`#STRING.replace()`", a[0], a[1], a[2]);
    }
    if (type == UtilHelper.class && name.equals("join")) {
      return (c, t, a) -> checkText(c, "`#UTIL.join()`", a[0], a[1]);
    }
    if (type == CollectionHelper.class) {
      return switch (name) {
        case "concat", "union" ->
            (c, t, a) -> {
              ProducedValues.checkElements(
                  c, "`#COLLECTION." + name + "()`", size(a[0]) + size(a[1]));
              return PROCEED;
            };
        case "flatten" ->
            (c, t, a) -> {
              long total = 0;
              if (a[0] instanceof Collection<?> lists) {
                for (Object e : lists) {
                  total += e instanceof Collection<?> inner ? inner.size() : 1;
                }
              }
              ProducedValues.checkElements(c, "`#COLLECTION.flatten()`", total);
              return PROCEED;
            };
        case "join" -> (c, t, a) -> checkText(c, "`#COLLECTION.join()`", a[0], a[1]);
        default -> null;
      };
    }
    if ((Collection.class.isAssignableFrom(type) || Map.class.isAssignableFrom(type))
        && name.equals("toString")
        && arity == 0) {
      return (c, t, a) -> checkText(c, "`toString()`", t, null);
    }
    if (type == BigInteger.class && (name.equals("pow") || name.equals("shiftLeft"))) {
      boolean pow = name.equals("pow");
      return (c, t, a) -> {
        Integer n = asInt(a[0]);
        if (n != null) {
          long bits = ((BigInteger) t).bitLength();
          ProducedValues.checkBits("`" + name + "()`", pow ? bits * Math.abs((long) n) : bits + n);
        }
        return PROCEED;
      };
    }
    if (type == BigDecimal.class
        && arity >= 1
        && switch (name) {
          case "pow", "setScale", "movePointLeft", "movePointRight", "scaleByPowerOfTen" -> true;
          default -> false;
        }) {
      boolean pow = name.equals("pow");
      return (c, t, a) -> {
        Integer n = asInt(a[0]);
        if (n != null) {
          BigDecimal d = (BigDecimal) t;
          if (pow) {
            ProducedValues.checkBits("`pow()`", d.unscaledValue().bitLength() * Math.abs((long) n));
            ProducedValues.checkDigits("`pow()`", (long) d.scale() * n);
          } else {
            ProducedValues.checkDigits("`" + name + "()`", (long) d.scale() + Math.abs((long) n));
          }
        }
        return PROCEED;
      };
    }
    return null;
  }

  private static Object checkReplace(
      SandboxEvaluationContext context, String what, Object text, Object target, Object with) {
    if (text instanceof String s
        && target instanceof CharSequence t
        && with instanceof CharSequence r) {
      ProducedValues.checkText(context, what, replacedLength(s, t.toString(), r.length()));
    }
    return PROCEED;
  }

  /** The exact length of {@code text.replace(target, replacement)}, without building it. */
  static long replacedLength(String text, String target, int replacementLength) {
    if (target.isEmpty()) {
      return text.length() + (text.length() + 1L) * replacementLength;
    }
    if (replacementLength <= target.length()) {
      return text.length();
    }
    long count = 0;
    for (int i = text.indexOf(target); i >= 0; i = text.indexOf(target, i + target.length())) {
      count++;
    }
    return text.length() + count * (replacementLength - target.length());
  }

  private static Object checkFormat(
      SandboxEvaluationContext context, Object target, Object[] args) {
    String format = (String) target;
    long total = format.length();
    Matcher m = FORMAT_SPECIFIER.matcher(format);
    while (m.find()) {
      total += number(m.group(3)) + (m.group(4) == null ? 0 : number(m.group(4).substring(1)));
      ProducedValues.checkText(context, "`formatted()`", total);
    }
    long cap = context.limits().maxStringLength();
    for (Object arg : args) {
      total += ProducedValues.estimateText(arg, cap);
      ProducedValues.checkText(context, "`formatted()`", total);
    }
    return PROCEED;
  }

  private static Object checkText(
      SandboxEvaluationContext context, String what, Object value, Object separator) {
    long cap = context.limits().maxStringLength();
    long length = ProducedValues.estimateText(value, cap);
    if (separator instanceof CharSequence s && value instanceof Collection<?> c) {
      length += (long) s.length() * c.size();
    }
    ProducedValues.checkText(context, what, length);
    return PROCEED;
  }

  private static long number(String digits) {
    if (digits == null) {
      return 0;
    }
    return digits.length() > 18 ? Long.MAX_VALUE / 4 : Long.parseLong(digits);
  }

  private static long size(Object collection) {
    return collection instanceof Collection<?> c ? c.size() : 0;
  }

  private static Integer asInt(Object value) {
    if (value instanceof Integer i) {
      return i;
    }
    if ((value instanceof Long || value instanceof Short || value instanceof Byte)
        && ((Number) value).longValue() == (int) ((Number) value).longValue()) {
      return ((Number) value).intValue();
    }
    return null;
  }
}
