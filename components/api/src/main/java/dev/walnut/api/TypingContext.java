package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.Map;

/** What a component sees when validation asks for the type of its output. */
@PublicEvolving
public interface TypingContext {

  /** Parameter values (only types for per-event ones; evaluation is not possible here). */
  ParameterValues params();

  /** The variables visible at the node's input, with their types. */
  Map<String, DataType> variables();

  /** For joins: the variables of each incoming branch, by branch id. */
  Map<String, Map<String, DataType>> branchVariables();

  /** For joins: the parameter values of each incoming branch, by branch id. */
  Map<String, ParameterValues> branchParams();

  /**
   * The scenario's properties ({@code metaData.additionalFields.properties}), with the overrides of
   * the run (e.g. the CLI's {@code --property}) applied, as {@link
   * NodeContext#scenarioProperties()} will have them.
   */
  Map<String, String> scenarioProperties();
}
