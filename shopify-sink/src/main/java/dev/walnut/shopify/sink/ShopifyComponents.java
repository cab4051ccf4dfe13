package dev.walnut.shopify.sink;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentProvider;
import dev.walnut.shopify.catalogue.ShopifyProductsComponent;
import java.util.List;

/** The Shopify components, registered through {@code META-INF/services}. */
public final class ShopifyComponents implements ComponentProvider {
  @Override
  public String name() {
    return "walnut-shopify";
  }

  @Override
  public List<Component> components() {
    return List.of(new ShopifyRecommendationsSink(), new ShopifyProductsComponent());
  }
}
