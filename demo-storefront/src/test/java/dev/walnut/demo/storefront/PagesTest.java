package dev.walnut.demo.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagesTest {
  private static final Settings SETTINGS =
      Settings.builder()
          .storefrontUrl("http://127.0.0.1:8083/api/2026-10/graphql.json")
          .collectorUrl("http://127.0.0.1:8090")
          .recommendationsType("app--1234567--recommendations")
          .refresh(Duration.ofSeconds(4))
          .products(List.of("8000000000042"))
          .build();
  private static final ShopProduct ODD =
      new ShopProduct(
          "8000000000042",
          "oak-mug",
          "Oak </script><script>alert(1)</script> & \"friends\"",
          "Mug",
          "Walnut Workshop",
          "A <b>sturdy</b> mug",
          new BigDecimal("12.50"),
          "EUR",
          "http://127.0.0.1:8083/cdn/products/8000000000042.svg",
          "Oak mug");

  @Test
  void textIsEscapedAndTheTrackerSettingsCannotEndTheirScriptElement() {
    String page = new Pages(SETTINGS).product(ODD, List.of("Mug"), 0);
    assertThat(page)
        .contains(
            "Oak &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;friends&quot;")
        .contains("A &lt;b&gt;sturdy&lt;/b&gt; mug")
        .doesNotContain("<script>alert(1)")
        .contains("\\u003c/script\\u003e\\u003cscript\\u003ealert(1)");
  }

  @Test
  void everyPageHasTheThemesBlockConfiguredForTheDemo() {
    String page = new Pages(SETTINGS).home(List.of(ODD), null, 0);
    assertThat(page)
        .contains("data-walnut-recommendations")
        .contains("data-type=\"app--1234567--recommendations\"")
        .contains("data-endpoint=\"http://127.0.0.1:8083/api/2026-10/graphql.json\"")
        .contains("data-fallback-handle=\"trending\"")
        .contains("data-fallback-heading=\"Trending now\"")
        .contains("data-refresh-seconds=\"4\"")
        .contains("data-product-path=\"/products/{id}\"")
        .contains("<script src=\"/assets/walnut-recommendations.js\" defer></script>")
        .contains("<a href=\"/collections/mug\">Mug</a>");
    assertThat(page.indexOf("/assets/walnut-shop.js"))
        .as("the tracker's script runs first, so the cookie exists when the block reads it")
        .isLessThan(page.indexOf("/assets/walnut-recommendations.js"));
  }

  @Test
  void theProductEntityCarriesTheShopifyIdAsAString() {
    assertThat(Pages.entity(ODD))
        .containsEntry("id", "8000000000042")
        .containsEntry("category", "Mug")
        .containsEntry("price", 12.5)
        .containsEntry("currency", "EUR");
    assertThat(Pages.money(new BigDecimal("12.5"), "EUR")).isEqualTo("€12.50");
    assertThat(Pages.slug("Gift Card")).isEqualTo("gift-card");
  }
}
