package dev.walnut.components.base.covisit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per user: buffers clicks (user, item) until the watermark passes them, then pairs each with the
 * user's earlier clicks inside the window, in event-time order. Emits (earlier item, later item,
 * time), the items as UTF-8.
 *
 * <p>State, versioned by name: {@code pending-v1} time → items clicked at that time (not yet
 * processed); {@code history-v1} the processed clicks still inside the window, as parallel lists of
 * times and items, oldest first. Bounds: at most {@code maxHistory} clicks per user, at most {@code
 * maxPairsPerClick} pairs per click (the latest earlier clicks win), and a user's history is
 * dropped once the watermark is a window past their last click (by an event-time timer rounded up
 * to a whole window, so one timer serves all of a user's clicks in the same window).
 *
 * <p>Metrics: {@code lateClicks}, {@code historyClicksDropped} (clicks forgotten by {@code
 * maxHistory}), {@code pairsDropped} (co-visits not emitted by {@code maxPairsPerClick}), {@code
 * idleUsersCleared}.
 */
final class PairEmitter
    extends KeyedProcessFunction<String, Tuple2<String, String>, Tuple3<byte[], byte[], Long>> {
  private static final long serialVersionUID = 1L;
  private final long windowMs;
  private final boolean includeSelf;
  private final int maxHistory;
  private final int maxPairsPerClick;
  private transient MapState<Long, List<String>> pending;
  private transient ValueState<History> history;
  private transient Counter late;
  private transient Counter historyDropped;
  private transient Counter pairsDropped;
  private transient Counter idleCleared;

  PairEmitter(long windowMs, boolean includeSelf, int maxHistory, int maxPairsPerClick) {
    this.windowMs = windowMs;
    this.includeSelf = includeSelf;
    this.maxHistory = maxHistory;
    this.maxPairsPerClick = maxPairsPerClick;
  }

  @Override
  public void open(OpenContext openContext) {
    pending =
        getRuntimeContext()
            .getMapState(
                new MapStateDescriptor<>("pending-v1", Types.LONG, Types.LIST(Types.STRING)));
    history = getRuntimeContext().getState(new ValueStateDescriptor<>("history-v1", History.TYPE));
    late = getRuntimeContext().getMetricGroup().counter("lateClicks");
    historyDropped = getRuntimeContext().getMetricGroup().counter("historyClicksDropped");
    pairsDropped = getRuntimeContext().getMetricGroup().counter("pairsDropped");
    idleCleared = getRuntimeContext().getMetricGroup().counter("idleUsersCleared");
  }

  @Override
  public void processElement(
      Tuple2<String, String> click, Context ctx, Collector<Tuple3<byte[], byte[], Long>> out)
      throws Exception {
    // the step before keyBy sent clicks without a time to the errors
    long ts = ctx.timestamp();
    if (ts <= ctx.timerService().currentWatermark()) {
      late.inc();
    }
    List<String> at = pending.get(ts);
    // changed in place and put back, like the history (the heap backend copies on snapshot)
    List<String> items = at == null ? new ArrayList<>(2) : at;
    items.add(click.f1);
    pending.put(ts, items);
    ctx.timerService().registerEventTimeTimer(ts);
  }

  @Override
  public void onTimer(long ts, OnTimerContext ctx, Collector<Tuple3<byte[], byte[], Long>> out)
      throws Exception {
    List<String> items = pending.get(ts);
    if (items == null) {
      clearIfIdle(ts);
      return;
    }
    pending.remove(ts);
    // changed in place and written back: the heap state backend copies a value on access while a
    // snapshot still holds it, so no copy is needed here
    History h = history.value();
    History next = h == null ? new History() : h;
    long from = ts - windowMs;
    next.evictBefore(from);
    // each earlier click's item encoded once for all of this instant's clicks
    byte[][] encoded = new byte[next.size()][];
    for (String a : items) {
      pair(next, encoded, a, ts, from, out);
    }
    for (String a : items) {
      next.add(ts, a);
    }
    historyDropped.inc(next.trimTo(maxHistory));
    history.update(next);
    // rounded up to a whole window: a user's clicks of one window share the timer
    ctx.timerService().registerEventTimeTimer((ts / windowMs + 2) * windowMs);
  }

  /**
   * Emits (b, a) for the latest {@code maxPairsPerClick} earlier clicks b, oldest first. Items
   * travel as UTF-8 bytes: written and read as one block, where Flink's string serializer goes
   * character by character (about a seventh of the job's CPU time in a profile of the covisit
   * benchmark).
   */
  private void pair(
      History h,
      byte[][] encoded,
      String a,
      long ts,
      long from,
      Collector<Tuple3<byte[], byte[], Long>> out) {
    int start = h.size();
    int kept = 0;
    int dropped = 0;
    for (int i = h.size() - 1; i >= 0; i--) {
      if (pairs(h, i, a, ts, from)) {
        if (kept < maxPairsPerClick) {
          kept++;
          start = i;
        } else {
          dropped++;
        }
      }
    }
    if (dropped > 0) {
      pairsDropped.inc(dropped);
    }
    byte[] later = a.getBytes(StandardCharsets.UTF_8);
    for (int i = start; i < h.size(); i++) {
      if (pairs(h, i, a, ts, from)) {
        if (encoded[i] == null) {
          encoded[i] = h.items.get(i).getBytes(StandardCharsets.UTF_8);
        }
        // the records are serialised as they are emitted (to the keyBy), so sharing is safe
        out.collect(Tuple3.of(encoded[i], later, ts));
      }
    }
  }

  private boolean pairs(History h, int i, String a, long ts, long from) {
    long bt = h.times.get(i);
    // strictly earlier clicks only: clicks at the same instant do not pair
    return bt < ts && bt >= from && (includeSelf || !h.items.get(i).equals(a));
  }

  /**
   * A cleanup timer: once the watermark is a window past the user's last click, no later click can
   * pair with any click of the history, so it goes.
   */
  private void clearIfIdle(long ts) throws Exception {
    History h = history.value();
    if (h != null && (h.size() == 0 || h.newest() < ts - windowMs)) {
      history.clear();
      idleCleared.inc();
    }
  }
}
