package dev.walnut.embedded.shopify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The local shop's seeded catalog: product {@code i} (id {@code 8000000000000 + i}) is a pure
 * function of {@code i}, so every local Shopify has the same catalog, a test can name a draft or an
 * out-of-stock product, and the demo's 43,097 products cost a few milliseconds to create.
 *
 * <p>Titles, handles and prices are those the first catalog had (other tests rely on them). The
 * variety catalogue rules need is drawn from a hash of {@code i}: about 3 % drafts, 1 % archived, 2
 * % active but not on the online store, 2 % gift cards, 10 % without inventory tracking and 5 % of
 * the tracked ones out of stock; product types follow the title, with a category tag, a material
 * tag and now and then {@code sale}, {@code bestseller} or {@code new}.
 */
final class SeededCatalog {
  private static final String[] KINDS = {
    "Mug", "Tee", "Hoodie", "Cap", "Tote", "Poster", "Notebook", "Sticker"
  };
  private static final String[] CATEGORIES = {
    "kitchen", "apparel", "apparel", "apparel", "bags", "home-decor", "stationery", "stationery"
  };
  private static final String[] ADJECTIVES = {
    "Walnut", "Maple", "Cedar", "Oak", "Birch", "Pine", "Elm", "Ash"
  };
  private static final String[] VENDORS = {
    "Walnut Workshop", "Northwind Goods", "Acme Outfitters", "Lumen & Co"
  };

  /** The seeded products were created from here on, one every five minutes. */
  static final Instant FIRST_CREATED = Instant.parse("2025-01-01T00:00:00Z");

  private SeededCatalog() {}

  static ShopProduct product(int i) {
    long id = ShopData.firstProductId() - 1 + i;
    String kind = KINDS[(i / 8) % KINDS.length];
    String adjective = ADJECTIVES[i % ADJECTIVES.length];
    String title = adjective + " " + kind + " " + i;
    long h = mix(i);
    int statusDraw = (int) Long.remainderUnsigned(h, 1000);
    String status = statusDraw < 30 ? "DRAFT" : statusDraw < 40 ? "ARCHIVED" : "ACTIVE";
    boolean giftCard = percent(h, 10) < 2;
    boolean tracks = !giftCard && percent(h, 20) >= 10;
    int inventory = !tracks ? 0 : percent(h, 30) < 5 ? 0 : 1 + (int) ((h >>> 40) % 200);
    Instant created = FIRST_CREATED.plus(Duration.ofMinutes(5L * i));
    Instant updated = created.plus(Duration.ofMinutes((h >>> 8) % (30 * 24 * 60)));
    boolean onlineStore = status.equals("ACTIVE") && percent(h, 50) >= 2;
    List<String> tags = new ArrayList<>();
    tags.add(giftCard ? "gift-card" : CATEGORIES[(i / 8) % KINDS.length]);
    tags.add(adjective.toLowerCase(Locale.ROOT));
    switch (percent(h, 56) % 10) {
      case 0 -> tags.add("sale");
      case 1 -> tags.add("bestseller");
      case 2 -> tags.add("new");
      default -> {}
    }
    return new ShopProduct(
        id,
        title.toLowerCase(Locale.ROOT).replace(' ', '-'),
        title,
        5 + (i % 40),
        "EUR",
        status,
        onlineStore ? created.plus(Duration.ofHours(1)) : null,
        giftCard,
        tracks,
        inventory,
        giftCard ? "Gift Card" : kind,
        giftCard ? "Walnut Demo" : VENDORS[(int) ((h >>> 44) % VENDORS.length)],
        tags,
        created,
        updated);
  }

  /** A number 0..99 drawn from the bits of {@code h} from {@code shift} on. */
  private static int percent(long h, int shift) {
    return (int) Long.remainderUnsigned(h >>> shift, 100);
  }

  /** SplitMix64's finaliser: consecutive inputs give unrelated bits. */
  private static long mix(long x) {
    long z = x * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
