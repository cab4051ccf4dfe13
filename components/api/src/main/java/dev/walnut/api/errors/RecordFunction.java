package dev.walnut.api.errors;

import dev.walnut.api.Variables;
import dev.walnut.api.annotation.PublicEvolving;
import java.io.Serializable;

/**
 * A per-record step that may fail on a record: evaluating a key, serialising a value for a sink.
 * Run through {@link dev.walnut.api.NodeContext#guarded}, a failure sends the record to the errors
 * path instead of failing the job.
 */
@PublicEvolving
@FunctionalInterface
public interface RecordFunction<T> extends Serializable {
  /**
   * The step's result for a record; throw (any exception) when the record cannot be processed, with
   * a message that says why. A null result is an error too.
   */
  T apply(Variables record) throws Exception;
}
