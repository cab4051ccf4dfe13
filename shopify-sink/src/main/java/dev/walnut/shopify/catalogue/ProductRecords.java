package dev.walnut.shopify.catalogue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walnut.api.DataType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The catalogue record {@code shopify-products} emits, one per product: the contract of the
 * compacted {@code shop-products} topic that the {@code catalogue} component reads back. Keys and
 * their order are fixed; a deleted product is {@code {"id", "gid", "deleted": true}}.
 */
final class ProductRecords {
  static final String GID_PREFIX = "gid://shopify/Product/";

  /** The type of {@code #input}, so the designer knows the fields. */
  static final DataType TYPE =
      DataType.recordBuilder()
          .field("id", DataType.STRING)
          .field("gid", DataType.STRING)
          .field("handle", DataType.STRING)
          .field("title", DataType.STRING)
          .field("status", DataType.STRING)
          .field("published", DataType.BOOLEAN)
          .field("isGiftCard", DataType.BOOLEAN)
          .field("tracksInventory", DataType.BOOLEAN)
          .field("totalInventory", DataType.LONG)
          .field("available", DataType.BOOLEAN)
          .field("productType", DataType.STRING)
          .field("vendor", DataType.STRING)
          .field("tags", DataType.listOf(DataType.STRING))
          .field("price", DataType.DOUBLE)
          .field("currency", DataType.STRING)
          .field("updatedAt", DataType.STRING)
          .field("deleted", DataType.BOOLEAN)
          .build();

  private ProductRecords() {}

  /** A product node of {@code products.graphql} as a catalogue record. */
  static Map<String, Object> of(JsonNode node) {
    String gid = node.path("id").asText();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", numericId(gid));
    r.put("gid", gid);
    r.put("handle", node.path("handle").asText());
    r.put("title", node.path("title").asText());
    r.put("status", node.path("status").asText());
    // on the online store: Shopify sets publishedAt (and an online store URL) only when it is
    boolean published =
        !node.path("publishedAt").isNull() && !node.path("publishedAt").isMissingNode();
    r.put("published", published);
    r.put("isGiftCard", node.path("isGiftCard").asBoolean(false));
    boolean tracks = node.path("tracksInventory").asBoolean(false);
    long inventory = node.path("totalInventory").asLong(0);
    r.put("tracksInventory", tracks);
    r.put("totalInventory", inventory);
    r.put("available", !tracks || inventory > 0);
    r.put("productType", node.path("productType").asText(""));
    r.put("vendor", node.path("vendor").asText(""));
    List<String> tags = new ArrayList<>();
    node.path("tags").forEach(t -> tags.add(t.asText()));
    r.put("tags", List.copyOf(tags));
    JsonNode price = node.path("priceRangeV2").path("minVariantPrice");
    r.put("price", price.path("amount").isMissingNode() ? null : price.path("amount").asDouble());
    r.put(
        "currency",
        price.path("currencyCode").isMissingNode() ? null : price.path("currencyCode").asText());
    r.put("updatedAt", node.path("updatedAt").asText());
    r.put("deleted", false);
    return r;
  }

  /** A deleted product. */
  static Map<String, Object> deleted(String gid) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", numericId(gid));
    r.put("gid", gid);
    r.put("deleted", true);
    return r;
  }

  /** {@code gid://shopify/Product/42} → {@code 42}. */
  static String numericId(String gid) {
    return gid.startsWith(GID_PREFIX) ? gid.substring(GID_PREFIX.length()) : gid;
  }
}
