package dev.walnut.components.base.internal;

import dev.walnut.api.NodeContext;
import dev.walnut.api.Variables;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Sinks whose effect happens in a function (keep in memory, write to the log): the function runs as
 * the node's operator (uid = node id), reporting the records it fails on to the node's errors, and
 * the stream then ends in a discarding sink. The function's output (what it did, as text) is
 * returned for sinks that also send it elsewhere.
 */
public final class SideEffectSinks {
  private SideEffectSinks() {}

  public static SingleOutputStreamOperator<String> attach(
      NodeContext ctx, DataStream<Variables> input, ProcessFunction<Variables, String> effect) {
    SingleOutputStreamOperator<String> done =
        input.process(effect, Types.STRING).name(ctx.nodeId()).uid(ctx.nodeId());
    ctx.collectErrors(done);
    done.sinkTo(new DiscardingSink<>()).name(ctx.nodeId() + "-end").uid(ctx.nodeId() + "-end");
    return done;
  }
}
