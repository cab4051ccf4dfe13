package dev.walnut.shopify.schema;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Shopify plans and their GraphQL Admin API cost limits: a leaky bucket of {@link #bucketSize()}
 * points per app and shop, refilled at {@link #restoreRate()} points per second.
 */
public enum ShopifyPlan {
  STANDARD(100, 2_000),
  ADVANCED(200, 4_000),
  PLUS(1_000, 20_000),
  ENTERPRISE(2_000, 40_000);

  private final double restoreRate;
  private final double bucketSize;

  ShopifyPlan(double restoreRate, double bucketSize) {
    this.restoreRate = restoreRate;
    this.bucketSize = bucketSize;
  }

  /** Points restored per second. */
  public double restoreRate() {
    return restoreRate;
  }

  /** The most points the bucket holds. */
  public double bucketSize() {
    return bucketSize;
  }

  /** Parses {@code standard|advanced|plus|enterprise}, case-insensitively. */
  public static ShopifyPlan parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown Shopify plan `"
              + name
              + "`; use one of "
              + Arrays.stream(values())
                  .map(p -> p.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", ")),
          e);
    }
  }
}
