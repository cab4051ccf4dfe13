package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.io.Serializable;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks the value of a {@link Evaluation#ONCE} parameter at validation time. Returns the message
 * that tells the analyst what to fix, or empty when the value is fine. Messages name the parameter
 * in backticks and quote the offending value.
 */
@FunctionalInterface
@PublicEvolving
public interface ParameterValidator extends Serializable {

  Optional<String> check(String parameterName, Object value);

  /** A short, stable description for the designer ("positive", "at most 100"…). */
  default String describe() {
    return getClass().getSimpleName();
  }

  /** Not null and, for strings and collections, not empty. */
  static ParameterValidator notBlank() {
    return new Named(
        "not blank",
        (name, value) -> {
          boolean blank =
              value == null
                  || (value instanceof CharSequence s && s.toString().isBlank())
                  || (value instanceof Collection<?> c && c.isEmpty());
          return blank
              ? Optional.of("parameter `" + name + "` must not be empty")
              : Optional.empty();
        });
  }

  /** A duration greater than zero. */
  static ParameterValidator positiveDuration() {
    return new Named(
        "positive duration",
        (name, value) ->
            value instanceof Duration d && !d.isNegative() && !d.isZero()
                ? Optional.empty()
                : Optional.of(
                    "parameter `"
                        + name
                        + "` must be a positive duration, got `"
                        + durationText(value)
                        + "`"));
  }

  /** {@code -PT5M} as an analyst writes it, not Java's {@code PT-5M}. */
  private static Object durationText(Object value) {
    return value instanceof Duration d && d.isNegative() ? "-" + d.negated() : value;
  }

  /** A number within [min, max]. */
  static ParameterValidator between(long min, long max) {
    return new Named(
        "between " + min + " and " + max,
        (name, value) ->
            value instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max
                ? Optional.empty()
                : Optional.of(
                    "parameter `"
                        + name
                        + "` must be a number between "
                        + min
                        + " and "
                        + max
                        + ", got `"
                        + value
                        + "`"));
  }

  /** A string matching the regular expression; {@code what} says what the pattern means. */
  static ParameterValidator matches(String regex, String what) {
    Pattern pattern = Pattern.compile(regex);
    return new Named(
        what,
        (name, value) ->
            value instanceof CharSequence s && pattern.matcher(s).matches()
                ? Optional.empty()
                : Optional.of(
                    "parameter `" + name + "` must be " + what + ", got `" + value + "`"));
  }

  /** One of the given strings (a dropdown's choices): "must be one of 'a', 'b', got `x`". */
  static ParameterValidator oneOf(java.util.List<String> allowed) {
    java.util.List<String> choices = java.util.List.copyOf(allowed);
    // quoted as the analyst writes them, so choices holding commas stay readable
    String listed =
        choices.stream().map(c -> "'" + c + "'").collect(java.util.stream.Collectors.joining(", "));
    return new Named(
        "one of " + listed,
        (name, value) ->
            value instanceof CharSequence s && choices.contains(s.toString())
                ? Optional.empty()
                : Optional.of(
                    "parameter `" + name + "` must be one of " + listed + ", got `" + value + "`"));
  }

  /**
   * A {@link SecretReference} that this process's allow-list allows ({@link
   * SecretReference#refusal()}); the message shows {@code example} and never echoes the value given
   * (which may be the secret itself).
   */
  static ParameterValidator secretReference(String example) {
    return new Named(
        "a secret reference",
        (name, value) ->
            value instanceof CharSequence s && SecretReference.isReference(s.toString())
                ? SecretReference.parse(s.toString(), "the secret")
                    .refusal()
                    .map(reason -> "parameter `" + name + "`: " + reason)
                : Optional.of(
                    "parameter `"
                        + name
                        + "` must be a secret reference like "
                        + example
                        + " ("
                        + SecretReference.FORMS
                        + "), never the secret itself"));
  }

  /** Exactly {@code expected}; {@code what} says why only that is allowed. */
  static ParameterValidator equalTo(Object expected, String what) {
    return new Named(
        what,
        (name, value) ->
            expected.equals(value)
                ? Optional.empty()
                : Optional.of(
                    "parameter `" + name + "` must be " + what + ", got `" + value + "`"));
  }

  /** A validator with a readable description. */
  record Named(String description, ParameterValidator check) implements ParameterValidator {
    @Override
    public Optional<String> check(String parameterName, Object value) {
      return check.check(parameterName, value);
    }

    @Override
    public String describe() {
      return description;
    }
  }
}
