package dev.walnut.demo.storefront;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The shopper's cart as the {@code walnut_cart} cookie holds it: {@code <product id>:<quantity>}
 * entries separated by commas, written by the page code when "Add to cart" is clicked. Entries that
 * do not parse are ignored: a cookie is the browser's to change.
 */
final class Cart {
  static final String COOKIE = "walnut_cart";
  private static final Pattern ENTRY = Pattern.compile("([1-9][0-9]{0,18}):([1-9][0-9]{0,2})");
  private static final int MAX_LINES = 50;

  private final Map<String, Integer> quantities;

  private Cart(Map<String, Integer> quantities) {
    this.quantities = Collections.unmodifiableMap(quantities);
  }

  static Cart parse(String cookie) {
    Map<String, Integer> lines = new LinkedHashMap<>();
    if (cookie != null) {
      for (String entry : cookie.split(",")) {
        var m = ENTRY.matcher(entry.trim());
        if (m.matches() && (lines.size() < MAX_LINES || lines.containsKey(m.group(1)))) {
          lines.merge(m.group(1), Integer.parseInt(m.group(2)), Integer::sum);
        }
      }
    }
    return new Cart(lines);
  }

  /** Product id → quantity, in the order the products were added. */
  Map<String, Integer> quantities() {
    return quantities;
  }

  int itemCount() {
    return quantities.values().stream().mapToInt(Integer::intValue).sum();
  }
}
