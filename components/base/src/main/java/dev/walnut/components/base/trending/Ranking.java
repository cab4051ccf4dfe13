package dev.walnut.components.base.trending;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * The global ranking (one key, so one subtask): every item's current views (state {@code
 * counts-v1}, items at zero removed), re-ranked at the next refresh after a change; the top {@code
 * size} ids (most views first, ties by id) are emitted when they differ from the last list sent
 * ({@code sent-v1}).
 */
final class Ranking extends KeyedProcessFunction<Integer, Tuple2<String, Long>, List<String>> {
  private static final long serialVersionUID = 1L;
  static final TypeInformation<List<String>> LIST_TYPE = Types.LIST(Types.STRING);
  private static final Comparator<Map.Entry<String, Long>> BEST_FIRST =
      Comparator.<Map.Entry<String, Long>>comparingLong(Map.Entry::getValue)
          .reversed()
          .thenComparing(Map.Entry::getKey);

  private final int size;
  private final long refreshMs;
  private transient MapState<String, Long> counts;
  private transient ValueState<List<String>> sent;

  Ranking(int size, long refreshMs) {
    this.size = size;
    this.refreshMs = refreshMs;
  }

  @Override
  public void open(OpenContext openContext) {
    counts =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("counts-v1", Types.STRING, Types.LONG));
    sent = getRuntimeContext().getState(new ValueStateDescriptor<>("sent-v1", LIST_TYPE));
  }

  @Override
  public void processElement(Tuple2<String, Long> count, Context ctx, Collector<List<String>> out)
      throws Exception {
    if (count.f1 <= 0) {
      counts.remove(count.f0);
    } else {
      counts.put(count.f0, count.f1);
    }
    long now = ctx.timerService().currentProcessingTime();
    ctx.timerService().registerProcessingTimeTimer(now - Math.floorMod(now, refreshMs) + refreshMs);
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<List<String>> out)
      throws Exception {
    // a heap of the best `size`: its head is the worst kept
    PriorityQueue<Map.Entry<String, Long>> best = new PriorityQueue<>(BEST_FIRST.reversed());
    for (Map.Entry<String, Long> e : counts.entries()) {
      best.add(Map.entry(e.getKey(), e.getValue()));
      if (best.size() > size) {
        best.poll();
      }
    }
    List<Map.Entry<String, Long>> ranked = new ArrayList<>(best);
    ranked.sort(BEST_FIRST);
    List<String> ids = new ArrayList<>(ranked.size());
    ranked.forEach(e -> ids.add(e.getKey()));
    if (!ids.equals(sent.value())) {
      sent.update(ids);
      out.collect(List.copyOf(ids));
    }
  }
}
