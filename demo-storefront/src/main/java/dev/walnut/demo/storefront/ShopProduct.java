package dev.walnut.demo.storefront;

import java.math.BigDecimal;

/**
 * A product as the Storefront API shows it.
 *
 * @param id the numeric Shopify product id ({@code 8000000000042}), as the tracker sends it
 */
record ShopProduct(
    String id,
    String handle,
    String title,
    String productType,
    String vendor,
    String description,
    BigDecimal price,
    String currency,
    String imageUrl,
    String imageAlt) {

  /** The category the shop files it under: its product type, or "Other". */
  String category() {
    return productType == null || productType.isBlank() ? "Other" : productType;
  }
}
