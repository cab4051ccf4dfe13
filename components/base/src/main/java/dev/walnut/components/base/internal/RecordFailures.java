package dev.walnut.components.base.internal;

import dev.walnut.api.Variables;
import dev.walnut.api.errors.RecordErrors;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;

/**
 * Sends a record a component's own function failed on to the errors side output ({@link
 * RecordErrors#TAG}), with the step that failed; the operator must be registered with {@code
 * NodeContext.collectErrors}.
 */
public final class RecordFailures {
  private RecordFailures() {}

  public static void report(
      KeyedProcessFunction<?, ?, ?>.Context ctx,
      String nodeId,
      String step,
      Variables record,
      Throwable error) {
    ctx.output(RecordErrors.TAG, describe(nodeId, step, record, error));
  }

  public static void report(
      ProcessFunction<?, ?>.Context ctx,
      String nodeId,
      String step,
      Variables record,
      Throwable error) {
    ctx.output(RecordErrors.TAG, describe(nodeId, step, record, error));
  }

  private static String describe(String nodeId, String step, Variables record, Throwable error) {
    return RecordErrors.describe(nodeId, record, step + ": " + RecordErrors.message(error));
  }
}
