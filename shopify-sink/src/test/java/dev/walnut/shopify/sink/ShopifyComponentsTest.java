package dev.walnut.shopify.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentProvider;
import dev.walnut.api.Parameter;
import dev.walnut.api.SecretReference;
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
            "Handle key",
            "Customer id",
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
  void theTokenIsOnlyEverAReferenceResolvedWhereTheJobRuns() {
    Map<String, String> env = Map.of("SHOPIFY_ADMIN_TOKEN", "shpat_env");
    SecretReference.Lookup lookup = lookup(env, k -> k.equals("shopify.t") ? "shpat_sys" : null);
    assertThat(SecretReference.parse("${env:SHOPIFY_ADMIN_TOKEN}", "the token").resolve(lookup))
        .isEqualTo("shpat_env");
    assertThat(SecretReference.parse("${sys:shopify.t}", "the token").resolve(lookup))
        .isEqualTo("shpat_sys");
    assertThatThrownBy(() -> SecretReference.parse("shpat_literal", "the access token"))
        .hasMessageContaining("as a reference like ${env:SHOPIFY_ADMIN_TOKEN}")
        .hasMessageNotContaining("shpat_literal");
    assertThatThrownBy(
            () -> SecretReference.parse("${env:SHOPIFY_MISSING}", "the token").resolve(lookup))
        .hasMessageContaining("environment variable SHOPIFY_MISSING is not set");
  }

  private static SecretReference.Lookup lookup(
      Map<String, String> env, java.util.function.Function<String, String> sys) {
    return new SecretReference.Lookup() {
      @Override
      public String env(String name) {
        return env.get(name);
      }

      @Override
      public String sys(String name) {
        return sys.apply(name);
      }

      @Override
      public String file(java.nio.file.Path path) {
        return null;
      }
    };
  }
}
