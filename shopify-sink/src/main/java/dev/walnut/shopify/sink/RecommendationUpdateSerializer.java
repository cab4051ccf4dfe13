package dev.walnut.shopify.sink;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * The sink's checkpointed state: one unwritten {@link RecommendationUpdate} as JSON, {@code
 * {"handle": …, "fields": {…}}} (version 1), field order kept.
 */
final class RecommendationUpdateSerializer
    implements SimpleVersionedSerializer<RecommendationUpdate> {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> OBJECT =
      new TypeReference<>() {};
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(RecommendationUpdate update) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("handle", update.handle());
    json.put("fields", update.fields());
    return JSON.writeValueAsBytes(json);
  }

  @Override
  public RecommendationUpdate deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "unwritten Shopify recommendations of state version "
              + version
              + " cannot be read by this version of the sink (it reads version "
              + VERSION
              + ")");
    }
    Map<String, Object> json = JSON.readValue(serialized, OBJECT);
    Map<String, String> fields = new LinkedHashMap<>();
    if (json.get("fields") instanceof Map<?, ?> stored) {
      stored.forEach((k, v) -> fields.put(String.valueOf(k), String.valueOf(v)));
    }
    Object handle = json.get("handle");
    if (!(handle instanceof String h)) {
      throw new IOException("an unwritten Shopify recommendation without a handle: " + json);
    }
    return new RecommendationUpdate(h, fields);
  }
}
