package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.Map;
import java.util.Optional;

/**
 * What a component may read when the designer asks it about one node outside any job: to suggest
 * parameter values ({@link Component#suggestions}) or to capture sample records ({@link
 * SourceComponent#capture}).
 */
@PublicEvolving
public interface DesignContext {

  /**
   * The value of a parameter of the same node when its expression is a constant string (e.g. the
   * {@code Model} an {@code Alias} belongs to), the declared default when the node leaves it out;
   * empty when there is no value, it is not a string, or it depends on the record.
   */
  Optional<String> stringValue(String parameter);

  /** The scenario's properties with the run's overrides applied (e.g. the MLflow tracking URI). */
  Map<String, String> scenarioProperties();
}
