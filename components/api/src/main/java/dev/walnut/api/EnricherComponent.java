package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.List;
import java.util.Map;

/**
 * Computes one output variable from the current record: a model prediction, a lookup, an embedding.
 * The engine runs a {@link Enricher.Sync} in a map operator and a {@link Enricher.Async} through
 * Flink's async I/O.
 */
@PublicEvolving
public interface EnricherComponent extends Component {

  /**
   * Parameters that depend on the values of the declared ones, e.g. one expression per input of the
   * model a {@code Model} parameter names. Called at validation with the declared parameters bound
   * ({@link Evaluation#ONCE} ones evaluated); the node then gives the declared and the dynamic
   * parameters together, and both reach {@link #outputType} and {@link #createEnricher} through
   * {@code params()} (the dynamic definitions through {@link NodeContext#dynamicParameters()}).
   * Names must differ from the declared parameters'.
   *
   * @param declared the declared parameters of the node (only types for per-record ones)
   * @param scenarioProperties the scenario's properties, with the run's overrides applied
   * @return the extra parameters, in the order a form shows them; empty by default
   * @throws ParameterException naming the declared parameter to fix (e.g. an unknown model)
   */
  default List<Parameter> dynamicParameters(
      ParameterValues declared, Map<String, String> scenarioProperties) {
    return List.of();
  }

  /** The type of the output variable. */
  DataType outputType(TypingContext context);

  /** A serialisable enricher; its resources are opened in {@link Enricher#open}. */
  Enricher createEnricher(NodeContext context);
}
