package dev.walnut.demo.storefront;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The shop's HTML, rendered on the server from Storefront API products. Every page loads the page
 * code bundled with the Snowplow tracker ({@code /assets/walnut-shop.js}, settings in the {@code
 * walnut-shop} JSON element) and the recommendations block that ships for Shopify themes: the
 * markup the Liquid snippet renders for anonymous shoppers, filled by the theme's own {@code
 * walnut-recommendations.js}.
 */
final class Pages {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Locale LOCALE = Locale.ENGLISH;

  private final Settings settings;

  Pages(Settings settings) {
    this.settings = settings;
  }

  /** The categories of these products (their product types), in first-seen order. */
  static List<String> categories(List<ShopProduct> products) {
    Set<String> seen = new LinkedHashSet<>();
    products.forEach(p -> seen.add(p.category()));
    return List.copyOf(seen);
  }

  /** The URL path segment of a category: {@code Gift Card} → {@code gift-card}. */
  static String slug(String category) {
    return category.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
  }

  String home(List<ShopProduct> shelf, String category, int cartCount) {
    List<ShopProduct> shown =
        category == null
            ? shelf
            : shelf.stream().filter(p -> p.category().equals(category)).toList();
    StringBuilder body = new StringBuilder();
    body.append(recommendations());
    body.append("<h1 class=\"shop-title\">")
        .append(Html.escape(category == null ? "All products" : category))
        .append("</h1>\n<ul class=\"shop-grid\">\n");
    for (ShopProduct p : shown) {
      body.append("<li class=\"shop-card\" data-product-id=\"")
          .append(Html.escape(p.id()))
          .append("\"><a class=\"shop-card__link\" href=\"/products/")
          .append(Html.escape(p.id()))
          .append("\">")
          .append(image(p, "shop-card__image"))
          .append("<span class=\"shop-card__title\">")
          .append(Html.escape(p.title()))
          .append("</span><span class=\"shop-card__category\">")
          .append(Html.escape(p.category()))
          .append("</span><span class=\"shop-card__price\">")
          .append(price(p))
          .append("</span></a></li>\n");
    }
    body.append("</ul>\n");
    return layout(
        category == null ? "Home" : category,
        category == null ? "home" : "category",
        categories(shelf),
        category,
        cartCount,
        null,
        body.toString());
  }

  String product(ShopProduct p, List<String> categories, int cartCount) {
    String body =
        "<article class=\"shop-product\" data-product-id=\""
            + Html.escape(p.id())
            + "\">"
            + image(p, "shop-product__image")
            + "<div class=\"shop-product__info\"><p class=\"shop-product__category\"><a href=\"/collections/"
            + Html.escape(slug(p.category()))
            + "\">"
            + Html.escape(p.category())
            + "</a></p><h1 class=\"shop-product__title\">"
            + Html.escape(p.title())
            + "</h1><p class=\"shop-product__price\">"
            + price(p)
            + "</p><p class=\"shop-product__vendor\">by "
            + Html.escape(p.vendor())
            + "</p><p class=\"shop-product__description\">"
            + Html.escape(p.description())
            + "</p><button type=\"button\" class=\"shop-button\" data-add-to-cart>Add to cart</button>"
            + " <p class=\"shop-product__status\" data-cart-status role=\"status\"></p></div></article>\n"
            + recommendations();
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("product", entity(p));
    return layout(p.title(), "product", categories, p.category(), cartCount, extra, body);
  }

  /** The cart: one line per product still published, priced by the Storefront API. */
  String cart(Map<ShopProduct, Integer> lines, List<String> categories) {
    StringBuilder body = new StringBuilder("<h1 class=\"shop-title\">Your cart</h1>\n");
    List<Map<String, Object>> cartForTracker = new ArrayList<>();
    String currency = lines.isEmpty() ? "EUR" : lines.keySet().iterator().next().currency();
    java.math.BigDecimal total = java.math.BigDecimal.ZERO;
    if (lines.isEmpty()) {
      body.append("<p class=\"shop-cart__empty\">Your cart is empty.</p>\n");
    } else {
      body.append("<table class=\"shop-cart\" data-cart-lines><tbody>\n");
      for (Map.Entry<ShopProduct, Integer> line : lines.entrySet()) {
        ShopProduct p = line.getKey();
        int quantity = line.getValue();
        total = total.add(p.price().multiply(java.math.BigDecimal.valueOf(quantity)));
        body.append("<tr class=\"shop-cart__line\" data-product-id=\"")
            .append(Html.escape(p.id()))
            .append("\"><td><a href=\"/products/")
            .append(Html.escape(p.id()))
            .append("\">")
            .append(Html.escape(p.title()))
            .append("</a></td><td class=\"shop-cart__quantity\">× ")
            .append(quantity)
            .append("</td><td class=\"shop-cart__price\">")
            .append(money(p.price().multiply(java.math.BigDecimal.valueOf(quantity)), p.currency()))
            .append("</td></tr>\n");
        cartForTracker.add(Map.of("product", entity(p), "quantity", quantity));
      }
      body.append("<tr class=\"shop-cart__total\"><td>Total</td><td></td><td>")
          .append(money(total, currency))
          .append("</td></tr>\n</tbody></table>\n")
          .append("<button type=\"button\" class=\"shop-button\" data-buy>Buy</button>\n");
    }
    body.append("<p class=\"shop-cart__done\" data-order-done role=\"status\" hidden></p>\n");
    body.append(recommendations());
    Map<String, Object> extra = new LinkedHashMap<>();
    extra.put("cart", cartForTracker);
    extra.put("currency", currency);
    int count = lines.values().stream().mapToInt(Integer::intValue).sum();
    return layout("Cart", "cart", categories, null, count, extra, body.toString());
  }

  String notFound(String what, List<String> categories, int cartCount) {
    return layout(
        "Not found",
        "error",
        categories,
        null,
        cartCount,
        null,
        "<h1 class=\"shop-title\">Not found</h1><p>"
            + Html.escape(what)
            + " <a href=\"/\">Back to the shop</a></p>\n"
            + recommendations());
  }

  /** A page for when the Storefront API fails: no tracker, just the reason. */
  String unavailable(String reason) {
    return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + Html.escape(settings.shopName())
        + "</title><link rel=\"stylesheet\" href=\"/assets/shop.css\"></head><body><main>"
        + "<h1 class=\"shop-title\">The shop is unavailable</h1><p>"
        + Html.escape(reason)
        + "</p></main></body></html>";
  }

  /** The Snowplow e-commerce product entity: id = the Shopify product id as a string. */
  static Map<String, Object> entity(ShopProduct p) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", p.id());
    e.put("name", p.title());
    e.put("category", p.category());
    e.put("price", p.price().doubleValue());
    e.put("currency", p.currency());
    if (!p.vendor().isBlank()) {
      e.put("brand", p.vendor());
    }
    return e;
  }

  private String recommendations() {
    return "<section class=\"walnut-recs\" hidden data-walnut-recommendations data-type=\""
        + Html.escape(settings.recommendationsType())
        + "\" data-endpoint=\""
        + Html.escape(settings.storefrontUrl().toString())
        + "\" data-token=\""
        + Html.escape(settings.storefrontToken().orElse(""))
        + "\" data-fallback-handle=\""
        + Html.escape(settings.trendingHandle())
        + "\" data-fallback-heading=\"Trending now\" data-refresh-seconds=\""
        + settings.refresh().toSeconds()
        + "\" data-product-path=\"/products/{id}\">\n"
        + "  <h2 class=\"walnut-recs__heading\">Recommended for you</h2>\n"
        + "  <ul class=\"walnut-recs__list\"></ul>\n"
        + "</section>\n";
  }

  private String layout(
      String title,
      String pageType,
      List<String> categories,
      String currentCategory,
      int cartCount,
      Map<String, Object> extra,
      String body) {
    Map<String, Object> config = new LinkedHashMap<>();
    config.put("collector", settings.collectorUrl().toString());
    config.put("appId", settings.appId());
    config.put("pageType", pageType);
    if (extra != null) {
      config.putAll(extra);
    }
    StringBuilder nav = new StringBuilder();
    nav.append("<a href=\"/\"")
        .append(currentCategory == null && pageType.equals("home") ? " aria-current=\"page\"" : "")
        .append(">All</a>");
    for (String c : categories) {
      nav.append("<a href=\"/collections/")
          .append(Html.escape(slug(c)))
          .append("\"")
          .append(c.equals(currentCategory) ? " aria-current=\"page\"" : "")
          .append(">")
          .append(Html.escape(c))
          .append("</a>");
    }
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
        + Html.escape(title)
        + " · "
        + Html.escape(settings.shopName())
        + "</title>\n<link rel=\"icon\" href=\"data:,\">\n"
        + "<link rel=\"stylesheet\" href=\"/assets/shop.css\">\n"
        + "<script id=\"walnut-shop\" type=\"application/json\">"
        + Html.scriptJson(json(config))
        + "</script>\n"
        // deferred scripts run in order: the tracker sets the _sp_id cookie before the block reads
        // it
        + "<script src=\"/assets/walnut-shop.js\" defer></script>\n"
        + "<script src=\"/assets/walnut-recommendations.js\" defer></script>\n"
        + "</head>\n<body>\n<header class=\"shop-header\"><a class=\"shop-logo\" href=\"/\">"
        + Html.escape(settings.shopName())
        + "</a><nav class=\"shop-nav\">"
        + nav
        + "</nav><a class=\"shop-cart-link\" href=\"/cart\">Cart (<span data-cart-count>"
        + cartCount
        + "</span>)</a></header>\n<main>\n"
        + body
        + "</main>\n</body>\n</html>\n";
  }

  private static String image(ShopProduct p, String cssClass) {
    if (p.imageUrl() == null) {
      return "";
    }
    return "<img class=\""
        + cssClass
        + "\" src=\""
        + Html.escape(p.imageUrl())
        + "\" alt=\""
        + Html.escape(p.imageAlt())
        + "\" width=\"400\" height=\"400\" loading=\"lazy\">";
  }

  private static String price(ShopProduct p) {
    return money(p.price(), p.currency());
  }

  static String money(java.math.BigDecimal amount, String currency) {
    NumberFormat format = NumberFormat.getCurrencyInstance(LOCALE);
    try {
      format.setCurrency(Currency.getInstance(currency));
    } catch (IllegalArgumentException e) {
      return Html.escape(amount.toPlainString() + " " + currency);
    }
    return Html.escape(format.format(amount));
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the page settings as JSON", e);
    }
  }
}
