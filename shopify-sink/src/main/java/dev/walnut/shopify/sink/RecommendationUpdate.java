package dev.walnut.shopify.sink;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One shopper's recommendations, as the metaobject fields Walnut writes: {@code shopper_key},
 * {@code products} (a JSON array of product GIDs), {@code count}, and optionally {@code scores},
 * {@code model_version}; {@code generated_at} is when the update was made.
 *
 * @param handle the metaobject handle, lowercase {@code [a-z0-9-]}
 * @param fields the field values; every value is a string, as the Admin API wants
 */
public record RecommendationUpdate(String handle, Map<String, String> fields) {
  /** At most this many products per shopper (the definition's {@code list.max}). */
  public static final int MAX_PRODUCTS = 10;

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern GID = Pattern.compile("gid://shopify/Product/\\d+");
  private static final Pattern NOT_HANDLE = Pattern.compile("[^a-z0-9-]+");
  private static final int MAX_HANDLE = 255;

  public RecommendationUpdate {
    Objects.requireNonNull(handle, "handle");
    fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /**
   * Builds an update from evaluated expressions.
   *
   * @param handle the handle expression's value, e.g. {@code c-7407263514789}; upper case and other
   *     characters than {@code [a-z0-9-]} are normalised
   * @param products a list of product ids ({@code 8123456789012}) or GIDs, or a JSON array of them
   * @param scores a list of numbers, one per product, or null
   * @param modelVersion the model version, or null
   * @throws IllegalArgumentException saying what is wrong with the values
   */
  public static RecommendationUpdate of(
      Object handle, Object products, Object scores, Object modelVersion, Instant generatedAt) {
    String h = handle(handle);
    List<String> gids = gids(products);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("shopper_key", h);
    fields.put("products", json(gids));
    fields.put("count", String.valueOf(gids.size()));
    if (scores != null) {
      if (!(scores instanceof List<?> list)) {
        throw new IllegalArgumentException(
            "the scores expression must give a list of numbers, got " + describe(scores));
      }
      List<Object> kept = new ArrayList<>();
      for (Object s : list.subList(0, Math.min(list.size(), gids.size()))) {
        if (!(s instanceof Number)) {
          throw new IllegalArgumentException("scores must be numbers, got " + describe(s));
        }
        kept.add(s);
      }
      fields.put("scores", json(kept));
    }
    if (modelVersion != null && !modelVersion.toString().isBlank()) {
      fields.put("model_version", modelVersion.toString().replace('\n', ' '));
    }
    fields.put("generated_at", generatedAt.toString());
    return new RecommendationUpdate(h, fields);
  }

  /** The fields that decide whether a write would change anything ({@code generated_at} aside). */
  public Map<String, String> content() {
    Map<String, String> content = new LinkedHashMap<>(fields);
    content.remove("generated_at");
    return content;
  }

  /** The product GIDs of this update. */
  public List<String> productIds() {
    try {
      return List.of(JSON.readValue(fields.get("products"), String[].class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The {@code metaobjectUpsert} variables: {@code handle} and {@code metaobject}. */
  public Map<String, Object> upsertVariables(String type) {
    List<Map<String, String>> list = new ArrayList<>();
    fields.forEach((k, v) -> list.add(Map.of("key", k, "value", v)));
    return Map.of(
        "handle", Map.of("type", type, "handle", handle), "metaobject", Map.of("fields", list));
  }

  static String handle(Object value) {
    if (value == null) {
      throw new IllegalArgumentException("the handle expression gave null");
    }
    String h = NOT_HANDLE.matcher(value.toString().toLowerCase(Locale.ROOT)).replaceAll("-");
    h = h.replaceAll("^-+|-+$", "");
    if (h.isEmpty()) {
      throw new IllegalArgumentException(
          "the handle expression gave `" + value + "`, which has no letters or digits");
    }
    if (h.length() > MAX_HANDLE) {
      throw new IllegalArgumentException(
          "handles are at most " + MAX_HANDLE + " characters, got " + h.length());
    }
    return h;
  }

  static List<String> gids(Object value) {
    Object list = value;
    if (value instanceof String s && s.trim().startsWith("[")) {
      try {
        list = JSON.readValue(s, List.class);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("the products expression gave malformed JSON: " + s, e);
      }
    }
    if (!(list instanceof List<?> items)) {
      throw new IllegalArgumentException(
          "the products expression must give a list of product ids or GIDs, got "
              + describe(value));
    }
    List<String> gids = new ArrayList<>();
    for (Object item : items) {
      String text = item == null ? "" : item.toString().trim();
      String gid;
      if (GID.matcher(text).matches()) {
        gid = text;
      } else if (DIGITS.matcher(text).matches()) {
        gid = "gid://shopify/Product/" + text;
      } else {
        throw new IllegalArgumentException(
            "`"
                + text
                + "` is not a product id (digits) nor a product GID (gid://shopify/Product/…)");
      }
      if (!gids.contains(gid)) {
        gids.add(gid);
      }
      if (gids.size() == MAX_PRODUCTS) {
        break;
      }
    }
    return gids;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String describe(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName() + " `" + value + "`";
  }
}
