package dev.walnut.engine.spel;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code String.matches}, {@code replaceAll}, {@code replaceFirst} and {@code split} with their JDK
 * results, but over a text that counts every character the regular expression engine reads and
 * charges them to the evaluation: a pattern that backtracks catastrophically ({@code (a+)+b} on a
 * long run of {@code a}) stops at the evaluation's step or time budget instead of running for
 * minutes. The classic technique: the engine only sees the text through {@link
 * CharSequence#charAt}.
 */
final class BoundedRegex {
  /** Characters read between two charges to the evaluation. */
  private static final int READS_PER_CHARGE = 4096;

  private BoundedRegex() {}

  static boolean matches(SandboxEvaluationContext context, String text, String regex) {
    return Pattern.compile(regex).matcher(new CountedText(text, context)).matches();
  }

  static String[] split(SandboxEvaluationContext context, String text, String regex, int limit) {
    return Pattern.compile(regex).split(new CountedText(text, context), limit);
  }

  /** {@code replaceAll} when {@code all}, else {@code replaceFirst}. */
  static String replace(
      SandboxEvaluationContext context,
      String text,
      String regex,
      String replacement,
      boolean all) {
    Matcher m = Pattern.compile(regex).matcher(new CountedText(text, context));
    if (!m.find()) {
      return text;
    }
    long references = replacement.chars().filter(c -> c == '$').count();
    StringBuilder out = new StringBuilder();
    int appended = 0;
    do {
      // A group can reach beyond the match (look-ahead), so bound by the longest group.
      long longestGroup = 0;
      for (int g = 0; g <= m.groupCount(); g++) {
        if (m.start(g) >= 0) {
          longestGroup = Math.max(longestGroup, m.end(g) - m.start(g));
        }
      }
      long bound =
          out.length() + (m.start() - appended) + replacement.length() + references * longestGroup;
      ProducedValues.checkText(context, all ? "`replaceAll()`" : "`replaceFirst()`", bound);
      m.appendReplacement(out, replacement);
      appended = m.end();
    } while (all && m.find());
    ProducedValues.checkText(
        context,
        all ? "`replaceAll()`" : "`replaceFirst()`",
        (long) out.length() + text.length() - appended);
    m.appendTail(out);
    return out.toString();
  }

  /** The text as the regex engine sees it: every read counted. */
  private static final class CountedText implements CharSequence {
    private final String text;
    private final SandboxEvaluationContext context;
    private int reads;

    CountedText(String text, SandboxEvaluationContext context) {
      this.text = text;
      this.context = context;
    }

    @Override
    public char charAt(int index) {
      if (++reads == READS_PER_CHARGE) {
        reads = 0;
        context.charge(READS_PER_CHARGE);
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.substring(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
