package dev.walnut.embedded.shopify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A product of the local shop, as the Admin API shows it. Immutable: a change replaces it (and
 * bumps {@code updatedAt}).
 *
 * @param id the numeric id ({@code 8000000000042})
 * @param status {@code ACTIVE}, {@code DRAFT}, {@code ARCHIVED} or {@code UNLISTED}
 * @param publishedAt when it was published to the online store; null: not published
 * @param totalInventory units in stock over all variants (0 when inventory is not tracked)
 */
public record ShopProduct(
    long id,
    String handle,
    String title,
    double price,
    String currency,
    String status,
    Instant publishedAt,
    boolean isGiftCard,
    boolean tracksInventory,
    int totalInventory,
    String productType,
    String vendor,
    List<String> tags,
    Instant createdAt,
    Instant updatedAt) {

  public ShopProduct {
    Objects.requireNonNull(handle, "handle");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(status, "status");
    tags = List.copyOf(tags);
  }

  public String gid() {
    return "gid://shopify/Product/" + id;
  }

  /** Whether it can be bought as far as stock goes: not tracked, or something in stock. */
  public boolean available() {
    return !tracksInventory || totalInventory > 0;
  }

  /** Whether it is published to the online store. */
  public boolean published() {
    return publishedAt != null;
  }
}
