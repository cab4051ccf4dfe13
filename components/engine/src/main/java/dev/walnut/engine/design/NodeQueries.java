package dev.walnut.engine.design;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DesignContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.SourceComponent;
import dev.walnut.api.Suggestion;
import dev.walnut.api.Variables;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.spel.CompiledExpression;
import dev.walnut.engine.spel.SpelCompiler;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the designer asks the component of one node outside any job: the values it suggests for a
 * parameter (Kafka topics, MLflow models, ...) and, for sources, the newest records of their input
 * as test-run data. The node's parameters are visible to the component when they are constant
 * string expressions.
 */
public final class NodeQueries {
  private final ComponentRegistry registry;
  private final SpelCompiler spel = SpelCompiler.create();

  public NodeQueries(ComponentRegistry registry) {
    this.registry = registry;
  }

  /**
   * The suggestions for {@code parameter} of node {@code nodeId}.
   *
   * @param propertyOverrides the run's scenario property overrides, as for validation
   * @throws IllegalArgumentException when the node, its component or the parameter is unknown, the
   *     parameter takes no suggestions, or the component finds the node's values wrong
   * @throws ComponentCallException when the component cannot reach what it asks (message says what)
   */
  public List<Suggestion> suggest(
      Scenario scenario, String nodeId, String parameter, Map<String, String> propertyOverrides) {
    Resolved r = resolve(scenario, nodeId, propertyOverrides);
    boolean suggested =
        r.component().definition().parameters().stream()
            .anyMatch(p -> p.name().equals(parameter) && p.hasSuggestions());
    if (!suggested) {
      throw new IllegalArgumentException(
          "component `"
              + r.componentId()
              + "` suggests no values for parameter `"
              + parameter
              + "`"
              + suggestedNames(r.component()));
    }
    String what = "suggest values for `" + parameter + "`";
    try {
      List<Suggestion> found = r.component().suggestions(parameter, r.context());
      return found == null ? List.of() : List.copyOf(found);
    } catch (IllegalArgumentException e) {
      // the node's own values are wrong (an unknown model, say): the analyst's to fix
      throw new IllegalArgumentException(message(r.componentId(), what, e), e);
    } catch (Exception e) {
      throw new ComponentCallException(message(r.componentId(), what, e), e);
    }
  }

  /**
   * The newest records of a source node's input (at most {@code limit}), oldest first, as JSON
   * lines for a test run.
   *
   * @throws IllegalArgumentException when the node is not a source, its source cannot capture, or
   *     the node's values are wrong (no topic, an unknown topic)
   * @throws ComponentCallException when the source's system cannot be read (message says why)
   */
  public List<String> capture(
      Scenario scenario, String nodeId, int limit, Map<String, String> propertyOverrides) {
    if (limit < 1) {
      throw new IllegalArgumentException("capture at least one record, not " + limit);
    }
    Resolved r = resolve(scenario, nodeId, propertyOverrides);
    if (!(r.component() instanceof SourceComponent source)) {
      throw new IllegalArgumentException("node `" + nodeId + "` is not a source");
    }
    try {
      List<String> records = source.capture(r.context(), limit);
      return records == null ? List.of() : List.copyOf(records);
    } catch (UnsupportedOperationException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(message(r.componentId(), "capture records", e), e);
    } catch (Exception e) {
      throw new ComponentCallException(message(r.componentId(), "capture records", e), e);
    }
  }

  private record Resolved(String componentId, Component component, DesignContext context) {}

  private Resolved resolve(
      Scenario scenario, String nodeId, Map<String, String> propertyOverrides) {
    NodeData node =
        scenario
            .node(nodeId)
            .orElseThrow(() -> new IllegalArgumentException("no node `" + nodeId + "`"));
    ComponentCall call =
        componentCall(node)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "node `" + nodeId + "` (" + node.type() + ") has no component parameters"));
    Component component =
        registry
            .find(call.kind(), call.componentId())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "node `" + nodeId + "`: unknown component `" + call.componentId() + "`"));
    Map<String, String> properties = new LinkedHashMap<>(scenario.metaData().properties());
    properties.putAll(propertyOverrides);
    Map<String, String> readonlyProperties = Map.copyOf(properties);
    List<NodeParameter> given = call.parameters();
    DesignContext context =
        new DesignContext() {
          @Override
          public Optional<String> stringValue(String name) {
            Optional<String> expression =
                NodeParameter.find(given, name)
                    .filter(p -> !p.expression().isBlank())
                    .map(p -> p.expression().expression());
            if (expression.isEmpty()) {
              // left out or empty: the declared default, as validation and the job apply it
              expression =
                  component.definition().parameters().stream()
                      .filter(p -> p.name().equals(name))
                      .findFirst()
                      .flatMap(Parameter::defaultExpression);
            }
            return expression.flatMap(e -> constantString(e));
          }

          @Override
          public Map<String, String> scenarioProperties() {
            return readonlyProperties;
          }
        };
    return new Resolved(call.componentId(), component, context);
  }

  private static String message(String component, String what, Exception e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return "component `" + component + "` cannot " + what + ": " + why;
  }

  private static String suggestedNames(Component c) {
    List<String> names =
        c.definition().parameters().stream()
            .filter(Parameter::hasSuggestions)
            .map(Parameter::name)
            .toList();
    return names.isEmpty() ? "" : " (it suggests: " + String.join(", ", names) + ")";
  }

  /** The value of an expression that reads no variable and evaluates to a string. */
  private Optional<String> constantString(String expression) {
    CompiledExpression compiled = spel.compile(expression, Map.of());
    if (!compiled.isValid()) {
      return Optional.empty();
    }
    try {
      Object v = compiled.evaluate(Variables.of("suggestions", Map.of()));
      return v instanceof String s ? Optional.of(s) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private record ComponentCall(
      ComponentKind kind, String componentId, List<NodeParameter> parameters) {}

  /** The component a node names and the parameters it gives it; empty for control-flow nodes. */
  private static Optional<ComponentCall> componentCall(NodeData node) {
    if (!node.kind().namesItsComponent()) {
      return Optional.empty();
    }
    return Optional.of(
        new ComponentCall(
            node.kind().componentKind().orElseThrow(),
            node.componentId().orElseThrow(),
            node.componentParameters()));
  }
}
