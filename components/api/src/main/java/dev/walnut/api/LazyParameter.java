package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.io.Serializable;

/**
 * A {@link Evaluation#PER_EVENT} parameter: an expression the component evaluates against each
 * record. Serialisable, so it can live inside Flink functions; the expression is parsed once per
 * task on first use, never per record.
 */
@PublicEvolving
public interface LazyParameter<T> extends Serializable {

  T evaluate(Variables context);

  /** The static type of the expression, as validation inferred it. */
  DataType type();

  /** The expression text, for messages. */
  String expression();
}
