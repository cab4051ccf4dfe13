package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.Optional;

/**
 * The parameters of one node, as the component receives them: {@link Evaluation#ONCE} parameters
 * already evaluated (defaults applied) and converted to the declared type; {@link
 * Evaluation#PER_EVENT} parameters as {@link LazyParameter}s. Serialisable.
 */
@PublicEvolving
public interface ParameterValues extends java.io.Serializable {

  /**
   * The value of a {@link Evaluation#ONCE} parameter. Types: {@code String}, {@code Boolean},
   * {@code Long}, {@code Double}, {@code java.time.Duration}, or {@code Object} for anything.
   *
   * @throws IllegalArgumentException if the component did not declare the parameter, or the
   *     scenario left an optional parameter empty.
   */
  <T> T value(String name, Class<T> type);

  /** Like {@link #value} but empty when an optional parameter was left empty. */
  <T> Optional<T> optionalValue(String name, Class<T> type);

  /** A {@link Evaluation#PER_EVENT} parameter. */
  LazyParameter<Object> lazy(String name);

  /** A {@link Evaluation#PER_EVENT} parameter, empty when an optional one was left empty. */
  Optional<LazyParameter<Object>> optionalLazy(String name);

  /** The static type of the parameter's expression ({@link DataType#UNKNOWN} when not known). */
  DataType typeOf(String name);
}
