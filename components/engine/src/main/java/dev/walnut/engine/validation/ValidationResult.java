package dev.walnut.engine.validation;

import dev.walnut.api.DataType;
import dev.walnut.engine.scenario.Scenario;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The outcome of validating a scenario: the errors, the variables (with types) visible at each
 * node's input, and, when valid, the plan the compiler turns into a Flink job.
 */
public record ValidationResult(
    Scenario scenario,
    List<NodeError> errors,
    Map<String, Map<String, DataType>> variablesByNode,
    Map<String, NodePlan> plans) {

  public boolean isValid() {
    return errors.isEmpty();
  }

  public List<NodeError> errorsOf(String nodeId) {
    return errors.stream().filter(e -> nodeId.equals(e.nodeId())).toList();
  }

  /** One error per line, for the CLI. */
  public String describe() {
    return errors.stream().map(NodeError::toString).collect(Collectors.joining("\n"));
  }
}
