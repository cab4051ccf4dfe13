package dev.walnut.snowplow.collector;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Decodes the base64 the trackers send: URL-safe without padding (browser tracker) and standard
 * with {@code +/=} (Java tracker) alike, since a field never mixes the two alphabets meaningfully.
 */
final class Base64Values {
  private Base64Values() {}

  /**
   * @throws IllegalArgumentException with a message naming the field when it is not base64
   */
  static String decode(String field, String value) {
    StringBuilder sb = new StringBuilder(value.length() + 3);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '-' -> sb.append('+');
        case '_' -> sb.append('/');
        case ' ' -> sb.append('+'); // a '+' that a form decoder turned into a space
        case '\n', '\r', '\t' -> {}
        default -> sb.append(c);
      }
    }
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == '=') {
      end--;
    }
    sb.setLength(end);
    if (sb.length() % 4 == 1) {
      throw new IllegalArgumentException(
          "field `" + field + "` is not base64: its length " + value.length() + " is impossible");
    }
    while (sb.length() % 4 != 0) {
      sb.append('=');
    }
    try {
      return new String(Base64.getDecoder().decode(sb.toString()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "field `" + field + "` is not base64 (standard or URL-safe): " + e.getMessage(), e);
    }
  }
}
