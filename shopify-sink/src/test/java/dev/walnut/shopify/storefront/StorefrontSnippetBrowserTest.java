package dev.walnut.shopify.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.RecommendationDefinition;
import dev.walnut.shopify.schema.ShopifySchemas;
import dev.walnut.shopify.sink.RecommendationUpdate;
import dev.walnut.shopify.sink.RecommendationWriter;
import dev.walnut.shopify.sink.WriterSettings;
import graphql.ExecutionInput;
import graphql.ParseAndValidate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The storefront snippet end to end: the sink writes an anonymous shopper's recommendations to the
 * local Shopify, then headless Chromium loads a page with the rendered snippet and its script,
 * which reads the Snowplow cookie and fetches the cards from the local Storefront API. The
 * screenshot is kept in {@code target/storefront-snippet/}.
 */
class StorefrontSnippetBrowserTest {
  private static final Path SNIPPET =
      Path.of("..", "storefront-snippet").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  private static int closedPort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void theScriptsStorefrontQueryIsValidAgainstThePublishedStorefrontSchema() throws IOException {
    String script = Files.readString(SNIPPET.resolve("assets/walnut-recommendations.js"));
    Matcher m =
        Pattern.compile("RECOMMENDATIONS_QUERY = /\\* graphql \\*/ `([^`]+)`").matcher(script);
    assertThat(m.find()).as("the query in walnut-recommendations.js").isTrue();
    var errors =
        ParseAndValidate.parseAndValidate(
                ShopifySchemas.forValidation(
                    ShopifySchemas.Api.STOREFRONT, ShopifySchemas.DEFAULT_VERSION),
                ExecutionInput.newExecutionInput().query(m.group(1)).build())
            .getErrors();
    assertThat(errors).isEmpty();
  }

  @Test
  void anAnonymousShopperSeesTheCardsTheSinkWrote() throws Exception {
    assertThat(SNIPPET.resolve("node_modules/playwright-core"))
        .as(
            "storefront-snippet's npm packages are missing: run scripts/setup.sh (npm ci in storefront-snippet/)")
        .exists();
    String chromium = System.getenv().getOrDefault("WALNUT_CHROMIUM", "/usr/bin/chromium");
    assertThat(Path.of(chromium))
        .as(
            "Chromium is missing: run scripts/setup.sh (apt-get install chromium) or set WALNUT_CHROMIUM")
        .exists();

    try (LocalShopify shopify = LocalShopify.builder().build().start();
        AdminClient client =
            AdminClient.create(shopify.baseUrl(), "2026-10", "local", Duration.ofSeconds(10))) {
      String type = RecommendationDefinition.bootstrap(client, "$app:recommendations").type();
      List<String> products = shopify.productIds().subList(10, 15);
      try (RecommendationWriter writer =
          new RecommendationWriter(client, type, WriterSettings.defaults())) {
        writer.offer(
            RecommendationUpdate.of("a-5f0c2d9e-1b7a-4c33", products, null, "m1", Instant.now()));
        writer.flush();
      }

      Path out = Path.of("target", "storefront-snippet").toAbsolutePath();
      Process node =
          new ProcessBuilder(
                  "node",
                  "scripts/browser-check.mjs",
                  "--storefront",
                  shopify.storefrontUrl(),
                  "--type",
                  type,
                  "--domain-userid",
                  "5f0c2d9e-1b7a-4c33",
                  "--out",
                  out.toString(),
                  "--unreachable",
                  "http://127.0.0.1:" + closedPort() + "/api/2026-10/graphql.json")
              .directory(SNIPPET.toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      String stdout = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(node.waitFor(180, TimeUnit.SECONDS)).as("browser check finished").isTrue();
      assertThat(node.exitValue()).as("browser check output: %s", stdout).isZero();
      JsonNode report = JSON.readTree(stdout.lines().reduce((a, b) -> b).orElseThrow());

      JsonNode shown = report.path("withRecommendations");
      assertThat(shown.path("visible").asBoolean()).as(stdout).isTrue();
      assertThat(shown.path("source").asText()).isEqualTo("storefront-api");
      assertThat(shown.path("cards").findValuesAsText("productId"))
          .containsExactlyElementsOf(
              products.stream().map(g -> g.substring(g.lastIndexOf('/') + 1)).toList());
      assertThat(shown.path("cards").findValuesAsText("title")).allMatch(t -> !t.isBlank());
      assertThat(shown.path("cards").findValues("imageLoaded")).allMatch(JsonNode::asBoolean);
      assertThat(shown.path("pageErrors")).isEmpty();
      assertThat(Path.of(shown.path("screenshot").asText())).exists().isNotEmptyFile();

      for (String hidden : List.of("withoutEntry", "withoutCookie", "apiDown")) {
        assertThat(report.path(hidden).path("visible").asBoolean()).as(hidden).isFalse();
        assertThat(report.path(hidden).path("cards")).as(hidden).isEmpty();
        assertThat(report.path(hidden).path("pageErrors")).as(hidden).isEmpty();
      }
    }
  }
}
