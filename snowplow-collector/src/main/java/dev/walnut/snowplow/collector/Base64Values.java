package dev.walnut.snowplow.collector;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes the base64 the trackers send: URL-safe without padding (browser tracker) and standard
 * with {@code +/=} (Java tracker) alike, since a field never mixes the two alphabets meaningfully.
 * A space counts as {@code +} (a form decoder turned it into one); line breaks and tabs are
 * skipped.
 */
final class Base64Values {
  private static final byte SKIP = -2;
  private static final byte INVALID = -1;
  private static final byte[] SEXTET = new byte[128];

  static {
    Arrays.fill(SEXTET, INVALID);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for (int i = 0; i < alphabet.length(); i++) {
      SEXTET[alphabet.charAt(i)] = (byte) i;
    }
    SEXTET['+'] = 62;
    SEXTET['-'] = 62;
    SEXTET[' '] = 62;
    SEXTET['/'] = 63;
    SEXTET['_'] = 63;
    SEXTET['\n'] = SKIP;
    SEXTET['\r'] = SKIP;
    SEXTET['\t'] = SKIP;
  }

  private Base64Values() {}

  /**
   * The decoded text.
   *
   * @throws IllegalArgumentException with a message naming the field when it is not base64
   */
  static String decode(String field, String value) {
    return new String(decodeBytes(field, value), StandardCharsets.UTF_8);
  }

  /**
   * The decoded bytes as well-formed UTF-8: malformed sequences are replaced by U+FFFD, as a
   * decoding to text would, so the bytes can be embedded in a JSON record as they are.
   *
   * @throws IllegalArgumentException with a message naming the field when it is not base64
   */
  static byte[] decodeUtf8(String field, String value) {
    byte[] bytes = decodeBytes(field, value);
    for (byte b : bytes) {
      if (b < 0) {
        // not plain ASCII: let the decoder repair whatever is malformed
        return new String(bytes, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
      }
    }
    return bytes;
  }

  private static byte[] decodeBytes(String field, String value) {
    int end = value.length();
    while (end > 0 && (value.charAt(end - 1) == '=' || isSkipped(value.charAt(end - 1)))) {
      end--;
    }
    byte[] out = new byte[end * 3 / 4 + 1];
    int o = 0;
    int acc = 0;
    int bits = 0;
    int sextets = 0;
    int illegal = -1;
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      int v = c < 128 ? SEXTET[c] : INVALID;
      if (v == SKIP) {
        continue;
      }
      if (v == INVALID) {
        if (illegal < 0) {
          illegal = c;
        }
        continue;
      }
      sextets++;
      acc = (acc << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        out[o++] = (byte) (acc >> bits);
        acc &= (1 << bits) - 1;
      }
    }
    if (sextets % 4 == 1) {
      throw new IllegalArgumentException(
          "field `" + field + "` is not base64: its length " + value.length() + " is impossible");
    }
    if (illegal >= 0) {
      throw new IllegalArgumentException(
          "field `"
              + field
              + "` is not base64 (standard or URL-safe): illegal character "
              + (illegal < 0x20 || illegal > 0x7e
                  ? String.format("U+%04X", illegal)
                  : "`" + (char) illegal + "`"));
    }
    return o == out.length ? out : Arrays.copyOf(out, o);
  }

  private static boolean isSkipped(char c) {
    return c < 128 && SEXTET[c] == SKIP;
  }
}
