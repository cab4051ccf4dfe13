package dev.walnut.engine.spel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** {@code #STRING}: text functions. Null text gives null (or false/true for the tests). */
final class StringHelper {

  @HelperDoc("The text in lower case")
  public String lower(String text) {
    return text == null ? null : text.toLowerCase(Locale.ROOT);
  }

  @HelperDoc("The text in upper case")
  public String upper(String text) {
    return text == null ? null : text.toUpperCase(Locale.ROOT);
  }

  @HelperDoc("The text without leading and trailing white space")
  public String trim(String text) {
    return text == null ? null : text.strip();
  }

  @HelperDoc("Whether the text starts with the prefix")
  public boolean startsWith(String text, String prefix) {
    return text != null && text.startsWith(prefix);
  }

  @HelperDoc("Whether the text ends with the suffix")
  public boolean endsWith(String text, String suffix) {
    return text != null && text.endsWith(suffix);
  }

  @HelperDoc("Whether the text contains the part")
  public boolean contains(String text, String part) {
    return text != null && text.contains(part);
  }

  @HelperDoc("The number of characters")
  public long length(String text) {
    return text == null ? 0 : text.length();
  }

  @HelperDoc("The text from a position to the end; positions past the end give empty text")
  public String substring(String text, long from) {
    return substring(text, from, Long.MAX_VALUE);
  }

  @HelperDoc("The text between two positions, clamped to the text")
  public String substring(String text, long from, long to) {
    if (text == null) {
      return null;
    }
    int start = (int) Math.max(0, Math.min(from, text.length()));
    int end = (int) Math.max(start, Math.min(to, text.length()));
    return text.substring(start, end);
  }

  @HelperDoc("The parts of the text between separators (the separator is plain text, not a regex)")
  public List<String> split(String text, String separator) {
    if (text == null) {
      return List.of();
    }
    return List.copyOf(Arrays.asList(text.split(Pattern.quote(separator), -1)));
  }

  @HelperDoc("The text with every occurrence of target replaced (plain text, not a regex)")
  public String replace(String text, String target, String replacement) {
    return text == null ? null : text.replace(target, replacement);
  }

  @HelperDoc("Whether the text is null, empty or only white space")
  public boolean isBlank(String text) {
    return text == null || text.isBlank();
  }

  @HelperDoc("Whether the text is null or empty")
  public boolean isEmpty(String text) {
    return text == null || text.isEmpty();
  }

  @HelperDoc("The text padded on the left with pad to the given length, e.g. padLeft('7', 3, '0')")
  public String padLeft(String text, long length, String pad) {
    return pad(text, length, pad, true);
  }

  @HelperDoc("The text padded on the right with pad to the given length")
  public String padRight(String text, long length, String pad) {
    return pad(text, length, pad, false);
  }

  private static String pad(String text, long length, String pad, boolean left) {
    String value = text == null ? "" : text;
    if (pad == null || pad.isEmpty()) {
      throw new IllegalArgumentException("the padding must not be empty");
    }
    if (length > 10_000) {
      throw new IllegalArgumentException("cannot pad to more than 10000 characters, got " + length);
    }
    StringBuilder padding = new StringBuilder();
    while (padding.length() + value.length() < length) {
      padding.append(pad);
    }
    padding.setLength((int) Math.max(0, length - value.length()));
    return left ? padding + value : value + padding;
  }

  @HelperDoc("Parses a number: a Long for whole numbers, a Double otherwise; null for blank text")
  public Number toNumber(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String t = text.strip();
    try {
      return Long.parseLong(t);
    } catch (NumberFormatException notWhole) {
      try {
        return Double.parseDouble(t);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("`" + text + "` is not a number", e);
      }
    }
  }
}
