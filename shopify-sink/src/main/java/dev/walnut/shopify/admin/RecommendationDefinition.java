package dev.walnut.shopify.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metaobject definition the recommendations live in, bootstrapped idempotently: found by type,
 * created if missing, compared with what Walnut writes when it exists.
 *
 * @param type the type as Shopify resolves it ({@code app--<appId>--recommendations} for {@code
 *     $app:recommendations}); Liquid needs this form
 * @param storefrontAccess {@code PUBLIC_READ} when the storefront (Liquid, Storefront API) may read
 *     the metaobjects
 * @param created whether this bootstrap created the definition
 * @param mismatches how the existing definition differs from Walnut's (empty when it matches)
 */
public record RecommendationDefinition(
    String type, String storefrontAccess, boolean created, List<String> mismatches) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Walnut's fields and their types: what the sink writes. */
  public static final Map<String, String> FIELDS = fields();

  /** Whether the storefront can read the metaobjects (otherwise the snippet renders nothing). */
  public boolean publicOnStorefront() {
    return "PUBLIC_READ".equals(storefrontAccess);
  }

  /**
   * Finds the definition of {@code type} ({@code $app:recommendations} or a merchant type), or
   * creates it with storefront access {@code PUBLIC_READ}.
   */
  public static RecommendationDefinition bootstrap(AdminClient client, String type)
      throws ShopifyApiException {
    JsonNode existing =
        client
            .execute(AdminDocument.DEFINITION_BY_TYPE, Map.of("type", type))
            .data()
            .path("metaobjectDefinitionByType");
    if (!existing.isMissingNode() && !existing.isNull()) {
      return fromExisting(existing);
    }
    Map<String, Object> variables = template();
    @SuppressWarnings("unchecked")
    Map<String, Object> definition = (Map<String, Object>) variables.get("definition");
    definition.put("type", type);
    JsonNode payload =
        client
            .execute(AdminDocument.DEFINITION_CREATE, variables)
            .data()
            .path("metaobjectDefinitionCreate");
    JsonNode errors = payload.path("userErrors");
    if (errors.isArray() && !errors.isEmpty()) {
      if ("TAKEN".equals(errors.get(0).path("code").asText())) {
        // created concurrently by another subtask: read it back
        JsonNode again =
            client
                .execute(AdminDocument.DEFINITION_BY_TYPE, Map.of("type", type))
                .data()
                .path("metaobjectDefinitionByType");
        if (!again.isNull() && !again.isMissingNode()) {
          return fromExisting(again);
        }
      }
      throw new ShopifyApiException(
          ShopifyApiException.Kind.REJECTED,
          "cannot create the metaobject definition `" + type + "`: " + errors,
          null,
          null);
    }
    JsonNode created = payload.path("metaobjectDefinition");
    return new RecommendationDefinition(
        created.path("type").asText(),
        created.path("access").path("storefront").asText(),
        true,
        List.of());
  }

  private static RecommendationDefinition fromExisting(JsonNode d) {
    Map<String, String> actual = new LinkedHashMap<>();
    d.path("fieldDefinitions")
        .forEach(f -> actual.put(f.path("key").asText(), f.path("type").path("name").asText()));
    List<String> mismatches = new ArrayList<>();
    FIELDS.forEach(
        (key, type) -> {
          if (!actual.containsKey(key)) {
            mismatches.add("field `" + key + "` (" + type + ") is missing");
          } else if (!actual.get(key).equals(type)) {
            mismatches.add("field `" + key + "` is " + actual.get(key) + ", Walnut writes " + type);
          }
        });
    String storefront = d.path("access").path("storefront").asText();
    if (!"PUBLIC_READ".equals(storefront)) {
      mismatches.add(
          "storefront access is "
              + storefront
              + ": Liquid and the Storefront API see nothing (set PUBLIC_READ)");
    }
    return new RecommendationDefinition(
        d.path("type").asText(), storefront, false, List.copyOf(mismatches));
  }

  /** The creation variables shipped with the documents ({@code definition.json}). */
  static Map<String, Object> template() {
    try (InputStream in = RecommendationDefinition.class.getResourceAsStream("definition.json")) {
      @SuppressWarnings("unchecked")
      Map<String, Object> map = JSON.readValue(in, Map.class);
      return map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> fields() {
    @SuppressWarnings("unchecked")
    Map<String, Object> definition = (Map<String, Object>) template().get("definition");
    Map<String, String> fields = new LinkedHashMap<>();
    for (Object o : (List<?>) definition.get("fieldDefinitions")) {
      Map<?, ?> f = (Map<?, ?>) o;
      fields.put((String) f.get("key"), (String) f.get("type"));
    }
    return java.util.Collections.unmodifiableMap(fields);
  }
}
