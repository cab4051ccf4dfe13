package dev.walnut.embedded.shopify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The shop's objects as the map-shaped values graphql-java resolves fields from. */
final class Shapes {
  private Shapes() {}

  static Map<String, Object> definition(ShopData.Definition d, int count) {
    Map<String, Object> m = new HashMap<>();
    m.put("__typename", "MetaobjectDefinition");
    m.put("id", d.id());
    m.put("type", d.type());
    m.put("name", d.name());
    m.put("description", d.description());
    m.put("displayNameKey", d.displayNameKey());
    m.put("metaobjectsCount", count);
    m.put("hasThumbnailField", false);
    m.put("createdAt", d.createdAt().toString());
    m.put("updatedAt", d.createdAt().toString());
    m.put(
        "access",
        Map.of(
            "admin",
            d.adminAccess(),
            "storefront",
            d.storefrontAccess(),
            "customerAccount",
            "NONE"));
    List<Map<String, Object>> fields = new ArrayList<>();
    for (ShopData.FieldDefinition f : d.fields()) {
      Map<String, Object> fm = new HashMap<>();
      fm.put("key", f.key());
      fm.put("name", f.name());
      fm.put("description", f.description());
      fm.put("required", f.required());
      fm.put("type", Map.of("name", f.type(), "category", "TEXT"));
      fm.put(
          "validations",
          f.listMax() > 0
              ? List.of(Map.of("name", "list.max", "value", String.valueOf(f.listMax())))
              : List.of());
      fields.add(fm);
    }
    m.put("fieldDefinitions", fields);
    return m;
  }

  /** A metaobject; {@code _fields} keeps the field values for the {@code field(key:)} fetcher. */
  static Map<String, Object> metaobject(
      ShopData.Metaobject mo, ShopData.Definition d, ShopData shop, boolean storefront) {
    Map<String, Object> m = new HashMap<>();
    m.put("__typename", "Metaobject");
    m.put("id", mo.id());
    m.put("type", mo.type());
    m.put("handle", mo.handle());
    m.put("createdAt", mo.createdAt().toString());
    m.put("updatedAt", mo.updatedAt().toString());
    String displayKey = d.displayNameKey();
    m.put(
        "displayName",
        displayKey != null && mo.fields().containsKey(displayKey)
            ? mo.fields().get(displayKey)
            : mo.handle());
    Map<String, Map<String, Object>> fields = new LinkedHashMap<>();
    for (ShopData.FieldDefinition fd : d.fields()) {
      fields.put(fd.key(), field(fd, mo.fields().get(fd.key()), shop, storefront));
    }
    m.put("_fields", fields);
    m.put("fields", List.copyOf(fields.values()));
    m.put("values", mo.fields());
    return m;
  }

  private static Map<String, Object> field(
      ShopData.FieldDefinition fd, String value, ShopData shop, boolean storefront) {
    Map<String, Object> m = new HashMap<>();
    m.put("key", fd.key());
    m.put("type", fd.type());
    m.put("value", value);
    m.put("jsonValue", value);
    if (fd.type().equals("list.product_reference")) {
      m.put(
          "_references",
          shop.referencedProducts(value).stream()
              .map(p -> product(p, storefront, shop.baseUrl()))
              .toList());
    }
    return m;
  }

  static Map<String, Object> product(ShopProduct p, boolean storefront, String baseUrl) {
    Map<String, Object> m = new HashMap<>();
    m.put("__typename", "Product");
    m.put("id", p.gid());
    m.put("handle", p.handle());
    m.put("title", p.title());
    // the storefront snippet's tests render any seeded product: the Storefront keeps showing each
    // one as for sale; catalogue rules read the Admin fields below
    m.put("availableForSale", true);
    m.put("description", p.title());
    m.put("vendor", p.vendor());
    m.put("productType", p.productType());
    m.put("tags", p.tags());
    Map<String, Object> image = new HashMap<>();
    image.put("url", baseUrl + "/cdn/products/" + p.id() + ".svg");
    image.put("src", image.get("url"));
    image.put("altText", p.title());
    image.put("width", 400);
    image.put("height", 400);
    m.put("featuredImage", image);
    Map<String, Object> money =
        Map.of(
            "amount",
            String.format(java.util.Locale.ROOT, "%.2f", p.price()),
            "currencyCode",
            p.currency());
    m.put("priceRange", Map.of("minVariantPrice", money, "maxVariantPrice", money));
    m.put("compareAtPriceRange", Map.of("minVariantPrice", money, "maxVariantPrice", money));
    m.put("createdAt", p.createdAt().toString());
    m.put("updatedAt", p.updatedAt().toString());
    if (storefront) {
      m.put("onlineStoreUrl", baseUrl + "/products/" + p.handle());
    } else {
      m.put("onlineStoreUrl", p.published() ? baseUrl + "/products/" + p.handle() : null);
      m.put("publishedAt", p.published() ? p.publishedAt().toString() : null);
      m.put("status", p.status());
      m.put("isGiftCard", p.isGiftCard());
      m.put("tracksInventory", p.tracksInventory());
      m.put("totalInventory", p.totalInventory());
      m.put("hasOutOfStockVariants", p.tracksInventory() && p.totalInventory() == 0);
      m.put("legacyResourceId", String.valueOf(p.id()));
      m.put("priceRangeV2", Map.of("minVariantPrice", money, "maxVariantPrice", money));
    }
    return m;
  }

  /** A connection over already-loaded nodes, sliced by {@code first}. */
  static Map<String, Object> connection(List<?> all, Integer first) {
    List<?> nodes = first == null ? all : all.subList(0, Math.min(first, all.size()));
    List<Map<String, Object>> edges = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      edges.add(Map.of("cursor", "c" + i, "node", nodes.get(i)));
    }
    Map<String, Object> pageInfo = new HashMap<>();
    pageInfo.put("hasNextPage", nodes.size() < all.size());
    pageInfo.put("hasPreviousPage", false);
    pageInfo.put("startCursor", nodes.isEmpty() ? null : "c0");
    pageInfo.put("endCursor", nodes.isEmpty() ? null : "c" + (nodes.size() - 1));
    return Map.of("nodes", nodes, "edges", edges, "pageInfo", pageInfo);
  }
}
