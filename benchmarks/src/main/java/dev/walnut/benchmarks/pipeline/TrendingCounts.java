package dev.walnut.benchmarks.pipeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;

/**
 * Trending as an expert computes it (the most viewed products of the last hour, top {@value #SIZE},
 * re-ranked every 5 s): each subtask pre-aggregates its views per (product, minute) and sends the
 * sums once a second ({@link Local}); one ranker adds them up, drops minutes older than the window
 * and broadcasts the ranking ({@link Ranker}). Only the sums cross the network.
 */
final class TrendingCounts {
  static final int SIZE = 50;
  static final long WINDOW = 3600_000L;
  static final long BUCKET = WINDOW / 60;
  static final long FLUSH_MILLIS = 1000;
  static final long REFRESH_MILLIS = 5000;

  private TrendingCounts() {}

  /** Per subtask: views per (product, minute bucket), flushed as (product, bucket, views). */
  static final class Local extends AbstractStreamOperator<Tuple3<String, Long, Long>>
      implements OneInputStreamOperator<View, Tuple3<String, Long, Long>> {
    private static final long serialVersionUID = 1L;
    private transient Map<String, long[]> counts; // product → {bucket, views}
    private transient List<Tuple3<String, Long, Long>> older;

    @Override
    public void open() throws Exception {
      super.open();
      counts = new HashMap<>();
      older = new ArrayList<>();
      schedule();
    }

    private void schedule() {
      long at = getProcessingTimeService().getCurrentProcessingTime() + FLUSH_MILLIS;
      getProcessingTimeService()
          .registerTimer(
              at,
              t -> {
                flush();
                schedule();
              });
    }

    @Override
    public void processElement(StreamRecord<View> element) {
      View v = element.getValue();
      if (!"product_view".equals(v.action)) {
        return;
      }
      long bucket = v.eventMillis - Math.floorMod(v.eventMillis, BUCKET);
      long[] c = counts.get(v.productId);
      if (c == null) {
        counts.put(v.productId, new long[] {bucket, 1});
      } else if (c[0] == bucket) {
        c[1]++;
      } else {
        older.add(Tuple3.of(v.productId, c[0], c[1]));
        c[0] = bucket;
        c[1] = 1;
      }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) {
      flush();
    }

    private void flush() {
      for (Tuple3<String, Long, Long> t : older) {
        output.collect(new StreamRecord<>(t));
      }
      older.clear();
      for (Map.Entry<String, long[]> e : counts.entrySet()) {
        output.collect(new StreamRecord<>(Tuple3.of(e.getKey(), e.getValue()[0], e.getValue()[1])));
      }
      counts.clear();
    }
  }

  /**
   * The one ranker (keyed by a constant, parallelism 1): per-minute sums over the window, the
   * ranking sent as a {@link ShopUpdate} when it changed, at most once per refresh.
   */
  static final class Ranker
      extends KeyedProcessFunction<Byte, Tuple3<String, Long, Long>, ShopUpdate> {
    private static final long serialVersionUID = 1L;
    private transient TreeMap<Long, Map<String, Long>> buckets;
    private transient Map<String, Long> totals;
    private transient boolean changed;
    private transient boolean timerSet;
    private transient long latest;

    @Override
    public void open(org.apache.flink.api.common.functions.OpenContext openContext) {
      buckets = new TreeMap<>();
      totals = new HashMap<>();
    }

    @Override
    public void processElement(
        Tuple3<String, Long, Long> t, Context ctx, Collector<ShopUpdate> out) {
      buckets.computeIfAbsent(t.f1, b -> new HashMap<>()).merge(t.f0, t.f2, Long::sum);
      totals.merge(t.f0, t.f2, Long::sum);
      latest = Math.max(latest, t.f1);
      changed = true;
      if (!timerSet) {
        timerSet = true;
        ctx.timerService()
            .registerProcessingTimeTimer(
                ctx.timerService().currentProcessingTime() + REFRESH_MILLIS);
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ShopUpdate> out) {
      timerSet = false;
      if (!changed) {
        return;
      }
      changed = false;
      for (Iterator<Map.Entry<Long, Map<String, Long>>> it = buckets.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<Long, Map<String, Long>> b = it.next();
        if (b.getKey() + BUCKET + WINDOW > latest) {
          break;
        }
        b.getValue()
            .forEach((id, n) -> totals.computeIfPresent(id, (k, v) -> v - n > 0 ? v - n : null));
        it.remove();
      }
      List<Map.Entry<String, Long>> all = new ArrayList<>(totals.entrySet());
      all.sort(
          (a, b) ->
              b.getValue() != a.getValue().longValue()
                  ? Long.compare(b.getValue(), a.getValue())
                  : a.getKey().compareTo(b.getKey()));
      String[] top = new String[Math.min(SIZE, all.size())];
      for (int i = 0; i < top.length; i++) {
        top[i] = all.get(i).getKey();
      }
      ShopUpdate u = new ShopUpdate();
      u.trending = top;
      out.collect(u);
    }
  }
}
