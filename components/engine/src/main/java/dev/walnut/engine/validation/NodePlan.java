package dev.walnut.engine.validation;

import dev.walnut.api.Component;
import dev.walnut.api.DataType;
import dev.walnut.api.ParameterValues;
import dev.walnut.engine.scenario.NodeData;
import java.util.Map;

/**
 * A validated node, ready for compilation: its component (null for flow nodes without one), bound
 * parameters, the variables visible at its input, and for joins the parameters of each branch.
 */
public record NodePlan(
    NodeData data,
    Component component,
    ParameterValues params,
    Map<String, DataType> inputVariables,
    Map<String, ParameterValues> branchParams) {}
