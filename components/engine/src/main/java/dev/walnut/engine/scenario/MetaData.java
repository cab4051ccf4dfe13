package dev.walnut.engine.scenario;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The scenario's {@code metaData}: its id and the properties (parallelism, and component-specific
 * settings such as an MLflow tracking URI), all strings as in Nussknacker.
 */
public record MetaData(
    String id,
    String description,
    Map<String, String> properties,
    String metaDataType,
    JsonExtras additionalFieldsExtras,
    JsonExtras extras) {
  public static final String STREAM = "StreamMetaData";
  public static final String PARALLELISM = "parallelism";

  public MetaData {
    Objects.requireNonNull(id, "id");
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  public static MetaData of(String id, Map<String, String> properties) {
    return new MetaData(id, null, properties, STREAM, JsonExtras.NONE, JsonExtras.NONE);
  }

  /** The scenario's parallelism; 1 when not set. */
  public int parallelism() {
    String p = properties.get(PARALLELISM);
    if (p == null || p.isBlank()) {
      return 1;
    }
    return Integer.parseInt(p.trim());
  }
}
