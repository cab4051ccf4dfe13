package dev.walnut.benchmarks.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by shopper: drops duplicate event ids (10 minutes, as the {@code snowplow} source does — a
 * duplicate carries the same shopper, so no extra shuffle by event id is needed), keeps the
 * products put in the cart or bought (30 days) and the last {@value #LAST} views of the last 30
 * minutes, and emits each product view with its window.
 */
final class ShopperWindow extends KeyedProcessFunction<String, View, Recommendation> {
  private static final long serialVersionUID = 1L;
  static final int LAST = 50;
  private static final long WINDOW = 30 * 60_000L;
  private static final long BOUGHT_WINDOW = 30L * 24 * 3600_000L;
  private static final long DEDUP_WINDOW = 10 * 60_000L;

  private transient ValueState<ShopperState> state;

  @Override
  public void open(OpenContext openContext) {
    state =
        getRuntimeContext().getState(new ValueStateDescriptor<>("shopper-v1", ShopperState.class));
  }

  @Override
  public void processElement(View v, Context ctx, Collector<Recommendation> out) throws Exception {
    ShopperState s = state.value();
    if (s == null) {
      s = new ShopperState();
      s.items = new String[LAST];
      s.times = new long[LAST];
      s.boughtOrInCart = new HashMap<>(4);
      s.recentEvents = new HashMap<>(8);
    }
    long now = v.eventMillis;
    s.recentEvents.values().removeIf(t -> t <= now - DEDUP_WINDOW);
    if (s.recentEvents.putIfAbsent(v.eventId, now) != null) {
      return;
    }
    s.boughtOrInCart.values().removeIf(t -> t <= now - BOUGHT_WINDOW);
    if (!"product_view".equals(v.action)) {
      s.boughtOrInCart.put(v.productId, now);
      state.update(s);
      return;
    }
    // the ring: drop what left the window, then append (the oldest goes when it is full)
    while (s.size > 0 && s.times[s.head] <= now - WINDOW) {
      s.items[s.head] = null;
      s.head = (s.head + 1) % LAST;
      s.size--;
    }
    int tail = (s.head + s.size) % LAST;
    s.items[tail] = v.productId;
    s.times[tail] = now;
    if (s.size == LAST) {
      s.head = (s.head + 1) % LAST;
    } else {
      s.size++;
    }
    state.update(s);

    Recommendation r = new Recommendation();
    r.shopper = v.shopper;
    r.customerId = v.customerId;
    r.handle = v.handle;
    r.viewed = v.productId;
    r.collectorMillis = v.collectorMillis;
    r.eventMillis = v.eventMillis;
    r.window = new String[s.size];
    for (int i = 0; i < s.size; i++) {
      r.window[i] = s.items[(s.head + i) % LAST];
    }
    List<String> bought = new ArrayList<>(s.boughtOrInCart.size());
    for (Map.Entry<String, Long> e : s.boughtOrInCart.entrySet()) {
      bought.add(e.getKey());
    }
    r.boughtOrInCart = bought.toArray(new String[0]);
    out.collect(r);
  }
}
