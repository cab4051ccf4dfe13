package dev.walnut.snowplow.source;

import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.ParameterValues;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Already-evaluated parameter values, for handing a built-in component its parameters. */
final class FixedParameterValues implements ParameterValues {
  private static final long serialVersionUID = 1L;
  private final LinkedHashMap<String, Serializable> values = new LinkedHashMap<>();

  FixedParameterValues(Map<String, Object> values) {
    values.forEach((k, v) -> this.values.put(k, (Serializable) v));
  }

  @Override
  public <T> T value(String name, Class<T> type) {
    return optionalValue(name, type)
        .orElseThrow(() -> new IllegalArgumentException("parameter `" + name + "` is not set"));
  }

  @Override
  public <T> Optional<T> optionalValue(String name, Class<T> type) {
    return Optional.ofNullable(values.get(name)).map(type::cast);
  }

  @Override
  public LazyParameter<Object> lazy(String name) {
    throw new IllegalArgumentException("parameter `" + name + "` is not evaluated per event");
  }

  @Override
  public Optional<LazyParameter<Object>> optionalLazy(String name) {
    return Optional.empty();
  }

  @Override
  public DataType typeOf(String name) {
    return DataType.ofValue(values.get(name));
  }
}
