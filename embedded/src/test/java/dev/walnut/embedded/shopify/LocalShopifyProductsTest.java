package dev.walnut.embedded.shopify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.shopify.schema.ShopifyPlan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local Shopify's products over its Admin GraphQL endpoint, executed on Shopify's published
 * schema: the seeded catalog, {@code products} paging and search, changes, {@code deletionEvents}.
 */
class LocalShopifyProductsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String PRODUCTS =
      "query($first: Int!, $after: String, $query: String, $sortKey: ProductSortKeys,"
          + " $reverse: Boolean) { products(first: $first, after: $after, query: $query,"
          + " sortKey: $sortKey, reverse: $reverse) { nodes { id handle title status publishedAt"
          + " onlineStoreUrl isGiftCard tracksInventory totalInventory productType vendor tags"
          + " priceRangeV2 { minVariantPrice { amount currencyCode } } createdAt updatedAt }"
          + " pageInfo { hasNextPage endCursor } } }";
  private static final String DELETIONS =
      "query($query: String) { deletionEvents(first: 250, query: $query, subjectTypes: [PRODUCT])"
          + " { nodes { subjectId subjectType occurredAt } } }";

  private static LocalShopify shopify;

  @BeforeAll
  static void start() {
    shopify = LocalShopify.builder().plan(ShopifyPlan.ENTERPRISE).catalogSize(600).build().start();
  }

  @AfterAll
  static void stop() {
    shopify.close();
  }

  private static JsonNode admin(String query, Map<String, Object> variables) throws Exception {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    HttpResponse<String> response =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(shopify.adminUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static JsonNode products(Map<String, Object> variables) throws Exception {
    JsonNode response = admin(PRODUCTS, variables);
    if (response.has("errors")) {
      throw new IllegalArgumentException(response.path("errors").toString());
    }
    return response.path("data").path("products");
  }

  private static List<JsonNode> all(String query, String sortKey) throws Exception {
    List<JsonNode> nodes = new ArrayList<>();
    String after = null;
    do {
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("first", 250);
      variables.put("after", after);
      variables.put("query", query);
      variables.put("sortKey", sortKey);
      JsonNode page = products(variables);
      page.path("nodes").forEach(nodes::add);
      after =
          page.path("pageInfo").path("hasNextPage").asBoolean()
              ? page.path("pageInfo").path("endCursor").asText()
              : null;
    } while (after != null);
    return nodes;
  }

  @Test
  void pagesThroughEveryProductOnceWithTheSeededIdsHandlesTitlesAndPrices() throws Exception {
    List<JsonNode> nodes = all(null, "ID");

    assertThat(nodes).hasSize(shopify.products().size());
    Set<String> ids = new HashSet<>();
    nodes.forEach(n -> ids.add(n.path("id").asText()));
    assertThat(ids).hasSize(nodes.size());
    // the first catalog's product 42, unchanged: other tests and the Diginetica mapping rely on it
    JsonNode p42 =
        nodes.stream()
            .filter(n -> n.path("handle").asText().equals("cedar-poster-42"))
            .findFirst()
            .orElseThrow();
    assertThat(p42.path("id").asText()).isEqualTo("gid://shopify/Product/8000000000042");
    assertThat(p42.path("title").asText()).isEqualTo("Cedar Poster 42");
    assertThat(p42.path("handle").asText()).isEqualTo("cedar-poster-42");
    assertThat(p42.path("priceRangeV2").path("minVariantPrice").path("amount").asText())
        .isEqualTo("7.00");
    assertThat(p42.path("priceRangeV2").path("minVariantPrice").path("currencyCode").asText())
        .isEqualTo("EUR");
  }

  @Test
  void theSeededCatalogHasTheVarietyCatalogueRulesNeed() {
    List<ShopProduct> products = shopify.products();
    long drafts = products.stream().filter(p -> p.status().equals("DRAFT")).count();
    long giftCards = products.stream().filter(ShopProduct::isGiftCard).count();
    long outOfStock = products.stream().filter(p -> !p.available()).count();
    long unpublished = products.stream().filter(p -> !p.published()).count();
    // a few per cent each, never none, never most
    assertThat(drafts).isBetween(5L, 60L);
    assertThat(giftCards).isBetween(3L, 40L);
    assertThat(outOfStock).isBetween(5L, 60L);
    assertThat(unpublished).isBetween(drafts, 120L);
    assertThat(products.stream().map(ShopProduct::productType).distinct())
        .contains("Mug", "Tee", "Hoodie", "Poster", "Gift Card");
    assertThat(products.stream().flatMap(p -> p.tags().stream()).distinct())
        .contains("apparel", "kitchen", "sale", "bestseller");
    // drafts are never on the online store
    assertThat(products.stream().filter(p -> p.status().equals("DRAFT")))
        .allMatch(p -> p.publishedAt() == null);
    // the same catalog in every local Shopify (whatever its seed), so tests can name products
    try (LocalShopify one = LocalShopify.builder().catalogSize(600).build();
        LocalShopify other = LocalShopify.builder().catalogSize(600).seed(7).build()) {
      assertThat(other.products()).isEqualTo(one.products());
    }
  }

  @Test
  void searchesByUpdatedAtAndStatusAndSortsByUpdatedAt() throws Exception {
    ShopProduct changed = shopify.setInventory(8000000000007L, 0);
    ShopProduct drafted = shopify.setStatus(8000000000008L, "DRAFT");
    assertThat(changed.updatedAt()).isAfter(Instant.parse("2026-01-01T00:00:00Z"));

    String since = changed.updatedAt().minusSeconds(1).toString();
    List<JsonNode> updated = all("updated_at:>'" + since + "'", "UPDATED_AT");
    assertThat(updated)
        .extracting(n -> n.path("id").asText())
        .contains(changed.gid(), drafted.gid())
        .doesNotContain("gid://shopify/Product/8000000000009");
    JsonNode seven =
        updated.stream().filter(n -> n.path("id").asText().equals(changed.gid())).findFirst().get();
    assertThat(seven.path("totalInventory").asInt()).isZero();
    assertThat(seven.path("tracksInventory").asBoolean()).isTrue();
    assertThat(seven.path("updatedAt").asText()).isEqualTo(changed.updatedAt().toString());

    List<JsonNode> drafts = all("status:draft", "ID");
    assertThat(drafts).extracting(n -> n.path("id").asText()).contains(drafted.gid());
    assertThat(drafts).allMatch(n -> n.path("status").asText().equals("DRAFT"));
    assertThat(drafts).allMatch(n -> n.path("publishedAt").isNull());
    assertThat(all("status:active,draft -gift_card:true", "ID"))
        .allMatch(n -> !n.path("isGiftCard").asBoolean())
        .allMatch(n -> List.of("ACTIVE", "DRAFT").contains(n.path("status").asText()));

    List<JsonNode> byUpdate = all(null, "UPDATED_AT");
    for (int i = 1; i < byUpdate.size(); i++) {
      assertThat(byUpdate.get(i).path("updatedAt").asText())
          .isGreaterThanOrEqualTo(byUpdate.get(i - 1).path("updatedAt").asText());
    }
  }

  @Test
  void aCursorStaysValidWhileTheCatalogChanges() throws Exception {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("first", 10);
    JsonNode first = products(variables);
    String lastOfFirst = first.path("nodes").path(9).path("id").asText();
    // deleting the last product of the page does not shift the next page
    long deleted = Long.parseLong(lastOfFirst.substring(lastOfFirst.lastIndexOf('/') + 1));
    shopify.deleteProduct(deleted);
    variables.put("after", first.path("pageInfo").path("endCursor").asText());
    JsonNode second = products(variables);
    assertThat(second.path("nodes").path(0).path("id").asText())
        .isEqualTo("gid://shopify/Product/" + (deleted + 1));

    JsonNode events =
        admin(DELETIONS, Map.of("query", "occurred_at:>='2026-01-01T00:00:00Z'"))
            .path("data")
            .path("deletionEvents")
            .path("nodes");
    assertThat(events).extracting(n -> n.path("subjectId").asText()).contains(lastOfFirst);
    assertThat(events).allMatch(n -> n.path("subjectType").asText().equals("PRODUCT"));
    assertThat(shopify.product(deleted)).isEmpty();
  }

  @Test
  void refusesWhatItCannotAnswerSayingWhat() throws Exception {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("first", 251);
    assertThatThrownBy(() -> products(variables)).hasMessageContaining("between 0 and 250");
    variables.put("first", 10);
    variables.put("query", "colour:red");
    assertThatThrownBy(() -> products(variables))
        .hasMessageContaining("cannot search by `colour`")
        .hasMessageContaining("updated_at");
    variables.put("query", "updated_at:>'yesterday-ish'");
    assertThatThrownBy(() -> products(variables)).hasMessageContaining("is not a time");
    assertThatThrownBy(() -> shopify.setStatus(8000000000001L, "LIVE"))
        .hasMessageContaining("one of")
        .hasMessageContaining("LIVE");
    assertThatThrownBy(() -> shopify.setInventory(1L, 3))
        .hasMessage("the local shop has no product 1");
  }
}
