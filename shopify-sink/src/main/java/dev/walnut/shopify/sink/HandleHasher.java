package dev.walnut.shopify.sink;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The metaobject handle of a logged-in customer: {@code c-} and the first 128 bits (32 hex digits)
 * of HMAC-SHA256 of the customer id under the shop's handle key. Customer ids are sequential, so
 * {@code c-<id>} handles could be enumerated by anyone reading the storefront; these cannot be
 * computed without the key. The storefront's Liquid computes the same with {@code hmac_sha256}. Not
 * thread-safe (one per task).
 */
final class HandleHasher {
  static final String CUSTOMER_PREFIX = "c-";
  private static final int HEX_DIGITS = 32;

  private final Mac mac;

  HandleHasher(String key) {
    if (key.length() < 16) {
      throw new IllegalArgumentException(
          "the handle key must be at least 16 characters (e.g. `openssl rand -hex 32`)");
    }
    try {
      mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has no HmacSHA256", e);
    }
  }

  /** The handle of customer {@code customerId} (its text, e.g. {@code 7407263514789}). */
  String customerHandle(Object customerId) {
    String id =
        customerId instanceof Number n && n.doubleValue() == n.longValue()
            ? Long.toString(n.longValue())
            : customerId.toString().trim();
    if (id.isEmpty()) {
      throw new IllegalArgumentException("the customer id is empty");
    }
    byte[] digest = mac.doFinal(id.getBytes(StandardCharsets.UTF_8));
    return CUSTOMER_PREFIX + HexFormat.of().formatHex(digest).substring(0, HEX_DIGITS);
  }
}
