package dev.walnut.components.base.trending;

import dev.walnut.api.Variables;
import java.util.List;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/** Gives every record the latest ranking (empty until the first one arrives). */
final class AttachRanking extends BroadcastProcessFunction<Variables, List<String>, Variables> {
  private static final long serialVersionUID = 1L;
  private static final String KEY = "list";
  private final String output;

  AttachRanking(String output) {
    this.output = output;
  }

  @Override
  public void processElement(Variables v, ReadOnlyContext ctx, Collector<Variables> out)
      throws Exception {
    Object ranking = ctx.getBroadcastState(TrendingComponent.RANKING).get(KEY);
    out.collect(v.with(output, ranking == null ? List.of() : ranking));
  }

  @Override
  public void processBroadcastElement(List<String> ranking, Context ctx, Collector<Variables> out)
      throws Exception {
    ctx.getBroadcastState(TrendingComponent.RANKING).put(KEY, List.copyOf(ranking));
  }
}
