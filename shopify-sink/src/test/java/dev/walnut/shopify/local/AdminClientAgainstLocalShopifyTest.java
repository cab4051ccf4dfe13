package dev.walnut.shopify.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.embedded.shopify.Fault;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.AdminDocument;
import dev.walnut.shopify.admin.AdminResponse;
import dev.walnut.shopify.admin.RecommendationDefinition;
import dev.walnut.shopify.admin.ShopifyApiException;
import dev.walnut.shopify.schema.ShopifyPlan;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The local Shopify answers Walnut's documents on the real schemas, with costs and faults. */
class AdminClientAgainstLocalShopifyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TYPE = "$app:recommendations";
  private static LocalShopify shopify;
  private static AdminClient client;

  @BeforeAll
  static void start() throws Exception {
    shopify =
        LocalShopify.builder().plan(ShopifyPlan.PLUS).accessToken("shpat_test").build().start();
    client = AdminClient.create(shopify.baseUrl(), "2026-10", "shpat_test", Duration.ofSeconds(20));
    RecommendationDefinition.bootstrap(client, TYPE);
  }

  @AfterAll
  static void stop() {
    client.close();
    shopify.close();
  }

  private static Map<String, Object> upsertVariables(String handle, List<String> products)
      throws IOException {
    return Map.of(
        "handle", Map.of("type", TYPE, "handle", handle),
        "metaobject",
            Map.of(
                "fields",
                List.of(
                    Map.of("key", "shopper_key", "value", handle),
                    Map.of("key", "products", "value", JSON.writeValueAsString(products)),
                    Map.of("key", "count", "value", String.valueOf(products.size())))));
  }

  @Test
  void bootstrapIsIdempotentAndReportsTheResolvedAppType() throws Exception {
    RecommendationDefinition again = RecommendationDefinition.bootstrap(client, TYPE);
    assertThat(again.created()).isFalse();
    assertThat(again.type()).isEqualTo("app--1234567--recommendations");
    assertThat(again.mismatches()).isEmpty();
    assertThat(again.publicOnStorefront()).isTrue();
  }

  @Test
  void upsertStoresTheMetaobjectAndAnswersWithItsCost() throws Exception {
    List<String> products = shopify.productIds().subList(0, 3);
    AdminResponse r = client.execute(AdminDocument.UPSERT, upsertVariables("c-42", products));
    assertThat(r.data().path("metaobjectUpsert").path("userErrors")).isEmpty();
    assertThat(r.data().path("metaobjectUpsert").path("metaobject").path("type").asText())
        .isEqualTo("app--1234567--recommendations");
    assertThat(r.cost())
        .hasValueSatisfying(
            c -> {
              assertThat(c.actual()).isEqualTo(10);
              assertThat(c.restoreRate()).isEqualTo(1000);
              assertThat(c.maximumAvailable()).isEqualTo(20000);
            });
    String expected = JSON.writeValueAsString(products);
    assertThat(shopify.metaobject(TYPE, "c-42"))
        .hasValueSatisfying(f -> assertThat(f).containsEntry("products", expected));

    JsonNode read =
        client
            .execute(
                AdminDocument.BY_HANDLE, Map.of("handle", Map.of("type", TYPE, "handle", "c-42")))
            .data()
            .path("metaobjectByHandle");
    assertThat(read.path("products").path("references").path("nodes").findValuesAsText("id"))
        .containsExactlyElementsOf(products);
  }

  @Test
  void invalidValuesComeBackAsShopifyUserErrors() throws Exception {
    JsonNode errors =
        client
            .execute(
                AdminDocument.UPSERT, upsertVariables("c-43", List.of("gid://shopify/Product/1")))
            .data()
            .path("metaobjectUpsert")
            .path("userErrors");
    assertThat(errors.get(0).path("code").asText()).isEqualTo("INVALID_VALUE");
    JsonNode badHandle =
        client
            .execute(AdminDocument.UPSERT, upsertVariables("C 43", List.of()))
            .data()
            .path("metaobjectUpsert")
            .path("userErrors");
    assertThat(badHandle.get(0).path("code").asText()).isEqualTo("INVALID");
    JsonNode undefined =
        client
            .execute(
                AdminDocument.UPSERT,
                Map.of(
                    "handle",
                    Map.of("type", "nope", "handle", "x"),
                    "metaobject",
                    Map.of("fields", List.of())))
            .data()
            .path("metaobjectUpsert")
            .path("userErrors");
    assertThat(undefined.get(0).path("code").asText()).isEqualTo("UNDEFINED_OBJECT_TYPE");
  }

  @Test
  void injectedFaultsAreClassified() {
    shopify.inject(Fault.throttled(), Fault.tooManyRequests(), Fault.serverError());
    Map<String, Object> vars = Map.of("type", TYPE);
    assertThatThrownBy(() -> client.execute(AdminDocument.DEFINITION_BY_TYPE, vars))
        .isInstanceOfSatisfying(
            ShopifyApiException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ShopifyApiException.Kind.THROTTLED);
              assertThat(e.cost()).isPresent();
            });
    assertThatThrownBy(() -> client.execute(AdminDocument.DEFINITION_BY_TYPE, vars))
        .isInstanceOfSatisfying(
            ShopifyApiException.class,
            e -> assertThat(e.kind()).isEqualTo(ShopifyApiException.Kind.TOO_MANY_REQUESTS));
    assertThatThrownBy(() -> client.execute(AdminDocument.DEFINITION_BY_TYPE, vars))
        .isInstanceOfSatisfying(
            ShopifyApiException.class,
            e -> assertThat(e.kind()).isEqualTo(ShopifyApiException.Kind.SERVER_ERROR));
  }

  @Test
  void aWrongTokenIsRejectedWithoutEchoingIt() {
    try (AdminClient wrong =
        AdminClient.create(shopify.baseUrl(), "2026-10", "shpat_wrong", Duration.ofSeconds(10))) {
      assertThatThrownBy(
              () -> wrong.execute(AdminDocument.DEFINITION_BY_TYPE, Map.of("type", TYPE)))
          .isInstanceOfSatisfying(
              ShopifyApiException.class,
              e -> {
                assertThat(e.kind()).isEqualTo(ShopifyApiException.Kind.UNAUTHORIZED);
                assertThat(e.getMessage())
                    .contains("check the access token")
                    .doesNotContain("shpat_wrong");
              });
    }
  }

  @Test
  void anEmptyBucketThrottles() throws Exception {
    try (LocalShopify tiny =
            LocalShopify.builder().plan(ShopifyPlan.STANDARD).http429Share(0).build().start();
        AdminClient c =
            AdminClient.create(tiny.baseUrl(), "2026-10", "x", Duration.ofSeconds(20))) {
      RecommendationDefinition.bootstrap(c, TYPE);
      int throttled = 0;
      for (int i = 0; i < 260 && throttled == 0; i++) {
        try {
          c.execute(AdminDocument.UPSERT, upsertVariables("a-" + i, List.of()));
        } catch (ShopifyApiException e) {
          assertThat(e.kind()).isEqualTo(ShopifyApiException.Kind.THROTTLED);
          assertThat(e.cost().orElseThrow().currentlyAvailable()).isLessThan(10);
          throttled++;
        }
      }
      assertThat(throttled).as("2,000-point bucket, 10 points a write").isEqualTo(1);
      assertThat(tiny.stats().throttled()).isEqualTo(1);
    }
  }

  @Test
  void storefrontServesPublicMetaobjectsWithTheirProducts() throws Exception {
    List<String> products = shopify.productIds().subList(5, 7);
    client.execute(AdminDocument.UPSERT, upsertVariables("c-77", products));
    String query;
    try (InputStream in = getClass().getResourceAsStream("/storefront/storefront_recs.graphql")) {
      query = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    Map<String, Object> body =
        Map.of(
            "query",
            query,
            "variables",
            Map.of("handle", Map.of("type", "app--1234567--recommendations", "handle", "c-77")));
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(shopify.storefrontUrl()))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    JsonNode json = JSON.readTree(response.body());
    assertThat(json.path("errors").isMissingNode()).as(response.body()).isTrue();
    assertThat(
            json.path("data")
                .path("metaobject")
                .path("products")
                .path("references")
                .path("nodes")
                .findValuesAsText("id"))
        .containsExactlyElementsOf(products);
    assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
  }
}
