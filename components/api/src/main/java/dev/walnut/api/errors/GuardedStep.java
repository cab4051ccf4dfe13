package dev.walnut.api.errors;

import dev.walnut.api.Variables;
import dev.walnut.api.annotation.Internal;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** The operator behind {@link dev.walnut.api.NodeContext#guarded}. */
@Internal
public final class GuardedStep<T> extends ProcessFunction<Variables, T> {
  private static final long serialVersionUID = 1L;
  private final String nodeId;
  private final String step;
  private final RecordFunction<T> fn;

  public GuardedStep(String nodeId, String step, RecordFunction<T> fn) {
    this.nodeId = nodeId;
    this.step = step;
    this.fn = fn;
  }

  @Override
  public void processElement(Variables record, Context ctx, Collector<T> out) {
    T result;
    try {
      result = fn.apply(record);
    } catch (Exception | StackOverflowError e) {
      ctx.output(
          RecordErrors.TAG,
          RecordErrors.describe(nodeId, record, step + ": " + RecordErrors.message(e)));
      return;
    }
    if (result == null) {
      ctx.output(
          RecordErrors.TAG, RecordErrors.describe(nodeId, record, step + ": the result is null"));
      return;
    }
    out.collect(result);
  }
}
