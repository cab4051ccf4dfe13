package dev.walnut.demo.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static Settings.Builder valid() {
    return Settings.builder()
        .storefrontUrl("http://127.0.0.1:8083/api/2026-10/graphql.json")
        .collectorUrl("http://127.0.0.1:8090")
        .recommendationsType("app--1234567--recommendations")
        .products(List.of("8000000000042", "gid://shopify/Product/8000000000007"));
  }

  @Test
  void defaultsAreTheDemosPortTrendingAndAFewSecondsBetweenRefreshes() {
    Settings settings = valid().build();
    assertThat(settings.port()).isEqualTo(8085);
    assertThat(settings.trendingHandle()).isEqualTo("trending");
    assertThat(settings.refresh()).isEqualTo(Duration.ofSeconds(3));
    assertThat(settings.appId()).isEqualTo("walnut-demo-storefront");
    assertThat(settings.storefrontToken()).isEmpty();
    assertThat(settings.products()).containsExactly("8000000000042", "8000000000007");
  }

  @Test
  void everyMissingSettingIsNamedWithAnExample() {
    assertThatThrownBy(() -> Settings.builder().build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "invalid demo storefront settings: `storefrontUrl` is required: the Storefront API's"
                + " GraphQL endpoint, e.g. LocalShopify.storefrontUrl(); `collectorUrl` is"
                + " required: the Snowplow collector the pages' tracker sends to, e.g."
                + " http://127.0.0.1:8090; `recommendationsType` is required: the"
                + " recommendations' metaobject type, e.g. app--1234567--recommendations;"
                + " `products` is required: at least one Shopify product id for the shelves");
  }

  @Test
  void wrongValuesSayWhatWasGiven() {
    assertThatThrownBy(
            () ->
                valid()
                    .port(70000)
                    .collectorUrl("localhost:8090")
                    .recommendationsType("$app:recommendations")
                    .refresh(Duration.ofMillis(200))
                    .products(List.of("p-42"))
                    .trendingHandle("Top Sellers")
                    .build())
        .hasMessage(
            "invalid demo storefront settings: `port` must be between 0 (any free port) and"
                + " 65535, got 70000; `collectorUrl` must be an http(s) URL, got `localhost:8090`;"
                + " `recommendationsType` must be the type as Shopify resolved it"
                + " (app--<appId>--recommendations, e.g."
                + " LocalShopify.resolveType(\"$app:recommendations\")), got"
                + " `$app:recommendations`; `refresh` must be zero (off) or at least one second,"
                + " got PT0.2S; `products` must be Shopify product ids (8000000000042 or"
                + " gid://shopify/Product/8000000000042), got `p-42`; `trendingHandle` must be a"
                + " metaobject handle (lowercase letters, digits and -), got `Top Sellers`");
  }

  @Test
  void refreshingCanBeSwitchedOff() {
    assertThat(valid().refresh(Duration.ZERO).build().refresh()).isZero();
  }
}
