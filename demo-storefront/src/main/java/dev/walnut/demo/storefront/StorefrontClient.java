package dev.walnut.demo.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads products from a Storefront API (GraphQL over HTTP). Shopify's Storefront API leaves out
 * what the online store does not publish ({@code nodes} answers {@code null}, a product has no
 * {@code onlineStoreUrl}), so the shop shows only ACTIVE, published products.
 */
final class StorefrontClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GID = "gid://shopify/Product/";
  // Shopify takes at most 250 ids per `nodes` query
  private static final int MAX_NODES = 250;

  static final String PRODUCT_FIELDS =
      """
      fragment ShopProduct on Product {
        id
        handle
        title
        productType
        vendor
        description
        onlineStoreUrl
        availableForSale
        featuredImage { url altText }
        priceRange { minVariantPrice { amount currencyCode } }
      }
      """;

  static final String PRODUCTS_QUERY =
      """
      query ShopProducts($ids: [ID!]!) {
        nodes(ids: $ids) { ...ShopProduct }
      }
      """
          + PRODUCT_FIELDS;

  static final String PRODUCT_QUERY =
      """
      query ShopProduct($id: ID!) {
        product(id: $id) { ...ShopProduct }
      }
      """
          + PRODUCT_FIELDS;

  private final URI endpoint;
  private final Optional<String> token;
  private final HttpClient http;

  StorefrontClient(URI endpoint, Optional<String> token) {
    this.endpoint = endpoint;
    this.token = token;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The published ones of these products (numeric ids), in the order given. */
  List<ShopProduct> products(List<String> ids) {
    List<ShopProduct> out = new ArrayList<>();
    for (int from = 0; from < ids.size(); from += MAX_NODES) {
      List<String> gids =
          ids.subList(from, Math.min(ids.size(), from + MAX_NODES)).stream()
              .map(id -> GID + id)
              .toList();
      for (JsonNode node : execute(PRODUCTS_QUERY, Map.of("ids", gids)).path("nodes")) {
        published(node).ifPresent(out::add);
      }
    }
    return out;
  }

  /** One product (numeric id), if the online store publishes it. */
  Optional<ShopProduct> product(String id) {
    return published(execute(PRODUCT_QUERY, Map.of("id", GID + id)).path("product"));
  }

  private static Optional<ShopProduct> published(JsonNode p) {
    if (!p.isObject()
        || !p.path("id").asText().startsWith(GID)
        || p.path("onlineStoreUrl").isNull()
        || p.path("onlineStoreUrl").isMissingNode()) {
      return Optional.empty();
    }
    JsonNode money = p.path("priceRange").path("minVariantPrice");
    JsonNode image = p.path("featuredImage");
    return Optional.of(
        new ShopProduct(
            p.path("id").asText().substring(GID.length()),
            p.path("handle").asText(),
            p.path("title").asText(),
            p.path("productType").asText(""),
            p.path("vendor").asText(""),
            p.path("description").asText(""),
            new BigDecimal(money.path("amount").asText("0")),
            money.path("currencyCode").asText("EUR"),
            image.isObject() ? image.path("url").asText(null) : null,
            image.isObject() ? image.path("altText").asText(p.path("title").asText()) : null));
  }

  private JsonNode execute(String query, Map<String, Object> variables) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("query", query);
    body.put("variables", variables);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(endpoint)
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json");
    token.ifPresent(t -> request.header("X-Shopify-Storefront-Access-Token", t));
    HttpResponse<byte[]> response;
    try {
      response =
          http.send(
              request
                  .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new StorefrontApiException(
          "cannot reach the Storefront API at " + endpoint + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorefrontApiException("interrupted while asking the Storefront API", e);
    }
    if (response.statusCode() != 200) {
      throw new StorefrontApiException(
          "the Storefront API at " + endpoint + " answered HTTP " + response.statusCode());
    }
    JsonNode json;
    try {
      json = JSON.readTree(response.body());
    } catch (IOException e) {
      throw new StorefrontApiException(
          "the Storefront API at " + endpoint + " answered something other than JSON", e);
    }
    if (json.path("errors").size() > 0) {
      throw new StorefrontApiException(
          "the Storefront API at " + endpoint + " answered errors: " + json.path("errors"));
    }
    return json.path("data");
  }
}
