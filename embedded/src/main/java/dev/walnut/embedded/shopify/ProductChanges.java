package dev.walnut.embedded.shopify;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Changes to a product of the local Shopify, as a merchant makes them in the admin ({@link
 * LocalShopify#updateProduct}). Only the fields set are changed.
 *
 * <pre>{@code
 * shopify.updateProduct(8000000000042L, ProductChanges.create().price(19.5).tags(List.of("sale")));
 * }</pre>
 */
public final class ProductChanges {
  private static final Set<String> STATUSES = Set.of("ACTIVE", "DRAFT", "ARCHIVED", "UNLISTED");

  private String title;
  private Double price;
  private String status;
  private Boolean published;
  private Boolean giftCard;
  private Boolean tracksInventory;
  private Integer inventory;
  private String productType;
  private String vendor;
  private List<String> tags;

  private ProductChanges() {}

  public static ProductChanges create() {
    return new ProductChanges();
  }

  public ProductChanges title(String title) {
    this.title = Objects.requireNonNull(title, "title");
    return this;
  }

  public ProductChanges price(double price) {
    if (!(price >= 0)) {
      throw new IllegalArgumentException("a price must be 0 or more, got " + price);
    }
    this.price = price;
    return this;
  }

  /**
   * {@code ACTIVE}, {@code DRAFT}, {@code ARCHIVED} or {@code UNLISTED}; a product that is not
   * active is also unpublished from the online store, as in Shopify.
   */
  public ProductChanges status(String status) {
    if (status == null || !STATUSES.contains(status)) {
      throw new IllegalArgumentException(
          "a product status is one of " + STATUSES + ", got `" + status + "`");
    }
    this.status = status;
    return this;
  }

  /** Publishes it to the online store, or unpublishes it. */
  public ProductChanges published(boolean published) {
    this.published = published;
    return this;
  }

  public ProductChanges giftCard(boolean giftCard) {
    this.giftCard = giftCard;
    return this;
  }

  public ProductChanges tracksInventory(boolean tracksInventory) {
    this.tracksInventory = tracksInventory;
    return this;
  }

  /** Units in stock; also switches inventory tracking on. */
  public ProductChanges inventory(int units) {
    if (units < 0) {
      throw new IllegalArgumentException("inventory must be 0 or more, got " + units);
    }
    this.inventory = units;
    this.tracksInventory = true;
    return this;
  }

  public ProductChanges productType(String productType) {
    this.productType = Objects.requireNonNull(productType, "productType");
    return this;
  }

  public ProductChanges vendor(String vendor) {
    this.vendor = Objects.requireNonNull(vendor, "vendor");
    return this;
  }

  public ProductChanges tags(List<String> tags) {
    this.tags = List.copyOf(tags);
    return this;
  }

  /** The product with these changes, updated at {@code now}. */
  ShopProduct applyTo(ShopProduct p, java.time.Instant now) {
    String newStatus = status == null ? p.status() : status;
    java.time.Instant publishedAt = p.publishedAt();
    if (published != null) {
      publishedAt = published ? (publishedAt == null ? now : publishedAt) : null;
    }
    if (!newStatus.equals("ACTIVE")) {
      // a draft or archived product is on no sales channel
      publishedAt = null;
    } else if (!p.status().equals("ACTIVE") && published == null) {
      // activating a product puts it back on the online store (where it was listed before)
      publishedAt = now;
    }
    boolean tracks = tracksInventory == null ? p.tracksInventory() : tracksInventory;
    int units = inventory == null ? p.totalInventory() : inventory;
    return new ShopProduct(
        p.id(),
        p.handle(),
        title == null ? p.title() : title,
        price == null ? p.price() : price,
        p.currency(),
        newStatus,
        publishedAt,
        giftCard == null ? p.isGiftCard() : giftCard,
        tracks,
        tracks ? units : 0,
        productType == null ? p.productType() : productType,
        vendor == null ? p.vendor() : vendor,
        tags == null ? p.tags() : tags,
        p.createdAt(),
        now);
  }
}
