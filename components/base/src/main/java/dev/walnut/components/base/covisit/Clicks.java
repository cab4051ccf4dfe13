package dev.walnut.components.base.covisit;

import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import dev.walnut.components.base.internal.KeyedRecords;
import dev.walnut.components.base.internal.RecordFailures;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The step before keying by user: a record becomes the click (user, item) it stands for, in its
 * event time. Only these two strings cross the network to the per-user operator, not the record's
 * variables. A record whose user or item is null or fails to evaluate, or that has no event time,
 * goes to the node's errors.
 */
final class Clicks extends ProcessFunction<Variables, Tuple2<String, String>> {
  private static final long serialVersionUID = 1L;
  private final String nodeId;
  private final LazyParameter<Object> user;
  private final LazyParameter<Object> item;

  Clicks(String nodeId, LazyParameter<Object> user, LazyParameter<Object> item) {
    this.nodeId = nodeId;
    this.user = user;
    this.item = item;
  }

  @Override
  public void processElement(Variables v, Context ctx, Collector<Tuple2<String, String>> out) {
    String u;
    String i;
    try {
      u = KeyedRecords.text(user, v);
    } catch (Exception | StackOverflowError e) {
      RecordFailures.report(ctx, nodeId, CoVisitComponent.USER, v, e);
      return;
    }
    try {
      i = KeyedRecords.text(item, v);
    } catch (Exception | StackOverflowError e) {
      RecordFailures.report(ctx, nodeId, CoVisitComponent.ITEM, v, e);
      return;
    }
    if (ctx.timestamp() == null) {
      RecordFailures.report(
          ctx,
          nodeId,
          "time",
          v,
          new IllegalStateException("co-visit needs event time: set the source's timestamp field"));
      return;
    }
    out.collect(Tuple2.of(u, i));
  }
}
