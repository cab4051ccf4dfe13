package dev.walnut.engine.params;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the duration forms analysts and Nussknacker exports use: ISO-8601 ({@code PT10M}), short
 * forms ({@code 10m}, {@code 90s}, {@code 2h}, {@code 1d}, {@code 500ms}), and the text of
 * Nussknacker's duration editor ({@code T(java.time.Duration).parse('PT1H')}), which is recognised
 * textually so the sandbox never has to allow a type reference.
 */
final class Durations {
  private static final Pattern NUSSKNACKER_EDITOR =
      Pattern.compile(
          "\\s*T\\(\\s*java\\.time\\.Duration\\s*\\)\\.parse\\(\\s*'([^']*)'\\s*\\)\\s*");
  private static final Pattern SHORT =
      Pattern.compile("\\s*(\\d+)\\s*(ms|s|sec|m|min|h|d|seconds|minutes|hours|days)\\s*");

  private Durations() {}

  /** The ISO text inside Nussknacker's duration-editor expression, if it is one. */
  static Optional<String> nussknackerEditorText(String expression) {
    Matcher m = NUSSKNACKER_EDITOR.matcher(expression);
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** Parses a duration from text, or empty when it is not one. */
  static Optional<Duration> parse(String text) {
    String t = text.trim();
    try {
      return Optional.of(Duration.parse(t));
    } catch (DateTimeParseException e) {
      Matcher m = SHORT.matcher(t);
      if (!m.matches()) {
        return Optional.empty();
      }
      long n = Long.parseLong(m.group(1));
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s", "sec", "seconds" -> Duration.ofSeconds(n);
            case "m", "min", "minutes" -> Duration.ofMinutes(n);
            case "h", "hours" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
    }
  }
}
