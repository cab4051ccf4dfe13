package dev.walnut.ml.component;

import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a record becomes a model's inputs: one expression per signature input (the usual case), or,
 * for a model without a named signature, one record expression ({@code Inputs}).
 */
final class ModelInputs implements Serializable {
  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, LazyParameter<Object>> byName;
  private final LazyParameter<Object> record;

  private ModelInputs(
      LinkedHashMap<String, LazyParameter<Object>> byName, LazyParameter<Object> record) {
    this.byName = byName;
    this.record = record;
  }

  /** One expression per input, by input name; inputs without one are left out of the request. */
  static ModelInputs named(Map<String, LazyParameter<Object>> byName) {
    return new ModelInputs(new LinkedHashMap<>(byName), null);
  }

  /** One expression giving a record with one field per input. */
  static ModelInputs record(LazyParameter<Object> record) {
    return new ModelInputs(null, record);
  }

  Map<String, Object> evaluate(Variables context) {
    Map<String, Object> in = new LinkedHashMap<>();
    if (record == null) {
      byName.forEach((name, expression) -> in.put(name, expression.evaluate(context)));
      return in;
    }
    Object value = record.evaluate(context);
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "parameter `"
              + MlflowInferenceComponent.INPUTS
              + "` must be a record of model inputs like `{x: #input.x}`, got `"
              + value
              + "`");
    }
    map.forEach((k, v) -> in.put(String.valueOf(k), v));
    return in;
  }
}
