package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;

/** When a parameter's expression is evaluated. */
@PublicEvolving
public enum Evaluation {
  /**
   * Once, when the scenario is compiled: the expression may not refer to {@code #input} or other
   * record variables, and the component receives the value itself (a topic name, a window length).
   */
  ONCE,
  /**
   * For every record: the component receives a {@link LazyParameter} it evaluates against each
   * record's {@link Variables}.
   */
  PER_EVENT
}
