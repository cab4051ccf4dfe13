package dev.walnut.engine.params;

import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.ParameterValues;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The {@link ParameterValues} of one node, as bound by {@link ParameterBinder}. */
final class BoundParameters implements ParameterValues {
  private static final long serialVersionUID = 1L;

  private final String nodeId;
  private final Map<String, Object> onceValues;
  private final Map<String, SpelLazyParameter> lazy;
  private final Map<String, DataType> types;
  private final Set<String> declared;

  BoundParameters(
      String nodeId,
      Map<String, Object> onceValues,
      Map<String, SpelLazyParameter> lazy,
      Map<String, DataType> types,
      Set<String> declared) {
    this.nodeId = nodeId;
    this.onceValues = onceValues;
    this.lazy = lazy;
    this.types = types;
    this.declared = declared;
  }

  @Override
  public <T> T value(String name, Class<T> type) {
    return optionalValue(name, type)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "node `" + nodeId + "`: parameter `" + name + "` has no value"));
  }

  @Override
  public <T> Optional<T> optionalValue(String name, Class<T> type) {
    checkDeclared(name);
    Object v = onceValues.get(name);
    if (v == null) {
      return Optional.empty();
    }
    if (type == Long.class && v instanceof Number n) {
      return Optional.of(type.cast(n.longValue()));
    }
    if (type == Integer.class && v instanceof Number n) {
      return Optional.of(type.cast(n.intValue()));
    }
    if (type == Double.class && v instanceof Number n) {
      return Optional.of(type.cast(n.doubleValue()));
    }
    if (type == Duration.class && v instanceof CharSequence s) {
      return Durations.parse(s.toString()).map(type::cast);
    }
    if (type == String.class && !(v instanceof String)) {
      return Optional.of(type.cast(String.valueOf(v)));
    }
    if (!type.isInstance(v)) {
      throw new IllegalArgumentException(
          "node `"
              + nodeId
              + "`: parameter `"
              + name
              + "` is a "
              + v.getClass().getSimpleName()
              + ", not a "
              + type.getSimpleName());
    }
    return Optional.of(type.cast(v));
  }

  @Override
  public LazyParameter<Object> lazy(String name) {
    return optionalLazy(name)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "node `" + nodeId + "`: parameter `" + name + "` has no expression"));
  }

  @Override
  public Optional<LazyParameter<Object>> optionalLazy(String name) {
    checkDeclared(name);
    return Optional.ofNullable(lazy.get(name));
  }

  @Override
  public DataType typeOf(String name) {
    return types.getOrDefault(name, DataType.UNKNOWN);
  }

  private void checkDeclared(String name) {
    if (!declared.contains(name)) {
      throw new IllegalArgumentException(
          "node `" + nodeId + "`: the component declares no parameter `" + name + "`");
    }
  }
}
