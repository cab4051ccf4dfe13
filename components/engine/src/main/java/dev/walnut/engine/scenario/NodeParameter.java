package dev.walnut.engine.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** A named parameter of a node: {@code {"name": "Topic", "expression": {...}}}. */
public record NodeParameter(String name, Expression expression) {
  public NodeParameter {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(expression, "expression");
  }

  public static NodeParameter spel(String name, String expression) {
    return new NodeParameter(name, Expression.spel(expression));
  }

  /** The parameter of that name in a list, if present. */
  public static Optional<NodeParameter> find(List<NodeParameter> parameters, String name) {
    return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
  }
}
