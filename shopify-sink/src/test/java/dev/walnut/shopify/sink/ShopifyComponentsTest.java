package dev.walnut.shopify.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentProvider;
import dev.walnut.api.Parameter;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The sink is found through the SPI like anyone's, and describes itself. */
class ShopifyComponentsTest {

  @Test
  void theSinkIsRegisteredThroughTheServiceLoader() {
    List<String> ids =
        ServiceLoader.load(ComponentProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .flatMap(p -> p.components().stream())
            .map(Component::definition)
            .map(d -> d.id())
            .toList();
    assertThat(ids).contains("shopify-recommendations");
  }

  @Test
  void everyParameterIsDocumented() {
    assertThat(new ShopifyRecommendationsSink().definition().parameters())
        .extracting(Parameter::name)
        .containsExactly(
            "Shop",
            "Access token",
            "API version",
            "Metaobject type",
            "Handle",
            "Products",
            "Scores",
            "Model version",
            "Coalescing interval",
            "Plan",
            "Concurrency",
            "Bulk threshold");
  }

  @Test
  void secretReferencesResolveFromTheEnvironmentOrSystemPropertiesOnly() {
    Map<String, String> env = Map.of("SHOPIFY_ADMIN_TOKEN", "shpat_env");
    assertThat(SecretReference.resolve("${env:SHOPIFY_ADMIN_TOKEN}", env, k -> null))
        .isEqualTo("shpat_env");
    assertThat(SecretReference.resolve("${sys:t}", env, k -> k.equals("t") ? "shpat_sys" : null))
        .isEqualTo("shpat_sys");
    assertThatThrownBy(() -> SecretReference.resolve("shpat_literal", env, k -> null))
        .hasMessageContaining("as a reference like ${env:SHOPIFY_ADMIN_TOKEN}")
        .hasMessageNotContaining("shpat_literal");
    assertThatThrownBy(() -> SecretReference.resolve("${env:MISSING}", env, k -> null))
        .hasMessageContaining("environment variable MISSING is not set");
  }
}
