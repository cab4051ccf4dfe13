package dev.walnut.engine.validation;

import dev.walnut.api.Component;
import dev.walnut.api.DataType;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValues;
import dev.walnut.engine.scenario.NodeData;
import java.util.List;
import java.util.Map;

/**
 * A validated node, ready for compilation: its component (null for flow nodes without one), bound
 * parameters, the variables visible at its input, for joins the parameters of each branch, and the
 * dynamic parameters the component added for this node (bound in {@code params} like the declared
 * ones).
 */
public record NodePlan(
    NodeData data,
    Component component,
    ParameterValues params,
    Map<String, DataType> inputVariables,
    Map<String, ParameterValues> branchParams,
    List<Parameter> dynamicParameters) {

  public NodePlan {
    dynamicParameters = List.copyOf(dynamicParameters);
  }

  /** A node without dynamic parameters. */
  public NodePlan(
      NodeData data,
      Component component,
      ParameterValues params,
      Map<String, DataType> inputVariables,
      Map<String, ParameterValues> branchParams) {
    this(data, component, params, inputVariables, branchParams, List.of());
  }
}
