package dev.walnut.engine.validation;

import dev.walnut.api.DataType;
import dev.walnut.api.Parameter;
import dev.walnut.engine.scenario.Scenario;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of validating a scenario: the errors, the variables (with types) visible at each
 * node's input, the dynamic parameters components added per node (for the designer's forms), and,
 * when valid, the plan the compiler turns into a Flink job.
 *
 * @param dynamicParametersByNode node id → the parameters its enricher's {@link
 *     dev.walnut.api.EnricherComponent#dynamicParameters} returned; only nodes that have some
 */
public record ValidationResult(
    Scenario scenario,
    List<NodeError> errors,
    Map<String, Map<String, DataType>> variablesByNode,
    Map<String, NodePlan> plans,
    Map<String, List<Parameter>> dynamicParametersByNode) {

  public boolean isValid() {
    return errors.isEmpty();
  }

  public List<NodeError> errorsOf(String nodeId) {
    return errors.stream().filter(e -> nodeId.equals(e.nodeId())).toList();
  }

  /** The dynamic parameters of a node; empty when it has none. */
  public List<Parameter> dynamicParametersOf(String nodeId) {
    return dynamicParametersByNode.getOrDefault(nodeId, List.of());
  }

  /** One error per line, for the CLI. */
  public String describe() {
    return errors.stream().map(NodeError::toString).collect(Collectors.joining("\n"));
  }
}
