package dev.walnut.components.base.covisit;

import dev.walnut.api.LazyParameter;
import dev.walnut.api.Variables;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per user: buffers clicks until the watermark passes them, then pairs each with the user's earlier
 * clicks inside the window, in event-time order. Emits (earlier item, later item, time).
 *
 * <p>State, versioned by name: {@code pending-v1} time → items clicked at that time (not yet
 * processed); {@code history-v1} the processed clicks still inside the window, as parallel lists of
 * times and items, oldest first.
 */
final class PairEmitter
    extends KeyedProcessFunction<String, Variables, Tuple3<String, String, Long>> {
  private static final long serialVersionUID = 1L;
  private final LazyParameter<Object> item;
  private final long windowMs;
  private final boolean includeSelf;
  private final int maxHistory;
  private transient MapState<Long, List<String>> pending;
  private transient ValueState<History> history;
  private transient Counter late;

  PairEmitter(LazyParameter<Object> item, long windowMs, boolean includeSelf, int maxHistory) {
    this.item = item;
    this.windowMs = windowMs;
    this.includeSelf = includeSelf;
    this.maxHistory = maxHistory;
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("pending-v1", Types.LONG, Types.LIST(Types.STRING)));
    history = getRuntimeContext().getState(new ValueStateDescriptor<>("history-v1", History.TYPE));
    late = getRuntimeContext().getMetricGroup().counter("lateClicks");
  }

  @Override
  public void processElement(Variables v, Context ctx, Collector<Tuple3<String, String, Long>> out)
      throws Exception {
    Object it = item.evaluate(v);
    if (it == null) {
      return;
    }
    Long ts = ctx.timestamp();
    if (ts == null) {
      throw new IllegalStateException(
          "co-visit needs event time: set the source's timestamp field");
    }
    if (ts <= ctx.timerService().currentWatermark()) {
      late.inc();
    }
    List<String> at = pending.get(ts);
    // changed in place and put back, like the history (the heap backend copies on snapshot)
    List<String> items = at == null ? new ArrayList<>(2) : at;
    items.add(it.toString());
    pending.put(ts, items);
    ctx.timerService().registerEventTimeTimer(ts);
  }

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<Tuple3<String, String, Long>> out)
      throws Exception {
    List<String> items = pending.get(ts);
    if (items == null) {
      return;
    }
    pending.remove(ts);
    // changed in place and written back: the heap state backend copies a value on access while a
    // snapshot still holds it, so no copy is needed here
    History h = history.value();
    History next = h == null ? new History() : h;
    long from = ts - windowMs;
    next.evictBefore(from);
    for (String a : items) {
      for (int i = 0; i < next.size(); i++) {
        long bt = next.times.get(i);
        // strictly earlier clicks only: clicks at the same instant do not pair
        if (bt < ts && bt >= from) {
          String b = next.items.get(i);
          if (includeSelf || !b.equals(a)) {
            out.collect(Tuple3.of(b, a, ts));
          }
        }
      }
    }
    for (String a : items) {
      next.add(ts, a);
    }
    next.trimTo(maxHistory);
    history.update(next);
  }
}
