package dev.walnut.engine.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a JSON object had beyond the fields Walnut models, so that import and export are lossless:
 * the original field order (including fields present as {@code null}) and the unknown fields
 * themselves. Objects created by Walnut have {@link #NONE} and are written in Nussknacker's
 * canonical field order.
 */
public record JsonExtras(List<String> fieldOrder, Map<String, JsonNode> unknownFields) {
  public static final JsonExtras NONE = new JsonExtras(List.of(), Map.of());

  public JsonExtras {
    fieldOrder = List.copyOf(fieldOrder);
    unknownFields = Collections.unmodifiableMap(new LinkedHashMap<>(unknownFields));
  }

  public boolean isEmpty() {
    return fieldOrder.isEmpty() && unknownFields.isEmpty();
  }
}
