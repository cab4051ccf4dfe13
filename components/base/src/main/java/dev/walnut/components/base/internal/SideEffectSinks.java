package dev.walnut.components.base.internal;

import dev.walnut.api.Variables;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Sinks whose effect happens in a function (keep in memory, write to the log): the function runs as
 * the node's operator (uid = node id), and the stream then ends in a discarding sink.
 */
public final class SideEffectSinks {
  private SideEffectSinks() {}

  public static void attach(
      DataStream<Variables> input, MapFunction<Variables, String> effect, String nodeId) {
    input
        .map(effect, Types.STRING)
        .name(nodeId)
        .uid(nodeId)
        .sinkTo(new DiscardingSink<>())
        .name(nodeId + "-end")
        .uid(nodeId + "-end");
  }
}
