package dev.walnut.components.base.trending;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per item: its views in 60 time buckets spanning the window (state {@code buckets-v1}: bucket
 * start → views; {@code total-v1}). A bucket leaves when the watermark passes its end plus the
 * window, so a view counts for between one window and one window plus a bucket (1/60 of it). Emits
 * (item, views) at the next refresh after a change, and forgets the item when its count reaches
 * zero.
 */
final class ItemCounts
    extends KeyedProcessFunction<String, Tuple2<String, Long>, Tuple2<String, Long>> {
  private static final long serialVersionUID = 1L;
  static final TypeInformation<Tuple2<String, Long>> ITEM_TYPE =
      Types.TUPLE(Types.STRING, Types.LONG);
  static final TypeInformation<Tuple2<String, Long>> COUNT_TYPE = ITEM_TYPE;

  private final long windowMs;
  private final long bucketMs;
  private final long refreshMs;
  private transient MapState<Long, Long> buckets;
  private transient ValueState<Long> total;

  ItemCounts(long windowMs, long refreshMs) {
    this.windowMs = windowMs;
    this.bucketMs = Math.max(1, windowMs / 60);
    this.refreshMs = refreshMs;
  }

  @Override
  public void open(OpenContext openContext) {
    buckets =
        getRuntimeContext()
            .getMapState(new MapStateDescriptor<>("buckets-v1", Types.LONG, Types.LONG));
    total = getRuntimeContext().getState(new ValueStateDescriptor<>("total-v1", Types.LONG));
  }

  @Override
  public void processElement(
      Tuple2<String, Long> view, Context ctx, Collector<Tuple2<String, Long>> out)
      throws Exception {
    long now = ctx.timerService().currentProcessingTime();
    long ts = ctx.timestamp() == null ? now : ctx.timestamp();
    long bucket = ts - Math.floorMod(ts, bucketMs);
    if (bucket + bucketMs + windowMs <= ctx.timerService().currentWatermark()) {
      return; // already out of the window
    }
    Long n = buckets.get(bucket);
    buckets.put(bucket, n == null ? view.f1 : n + view.f1);
    total.update(value(total.value()) + view.f1);
    ctx.timerService().registerEventTimeTimer(bucket + bucketMs + windowMs);
    ctx.timerService().registerProcessingTimeTimer(nextRefresh(now));
  }

  @Override
  public void onTimer(long timestamp, OnTimerContext ctx, Collector<Tuple2<String, Long>> out)
      throws Exception {
    if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
      List<Long> gone = new ArrayList<>();
      long removed = 0;
      for (Map.Entry<Long, Long> e : buckets.entries()) {
        if (e.getKey() + bucketMs + windowMs <= timestamp) {
          gone.add(e.getKey());
          removed += e.getValue();
        }
      }
      if (!gone.isEmpty()) {
        for (Long b : gone) {
          buckets.remove(b);
        }
        total.update(value(total.value()) - removed);
        ctx.timerService()
            .registerProcessingTimeTimer(nextRefresh(ctx.timerService().currentProcessingTime()));
      }
      return;
    }
    long count = value(total.value());
    out.collect(Tuple2.of(ctx.getCurrentKey(), count));
    if (count <= 0) {
      buckets.clear();
      total.clear();
    }
  }

  private long nextRefresh(long now) {
    return now - Math.floorMod(now, refreshMs) + refreshMs;
  }

  private static long value(Long v) {
    return v == null ? 0 : v;
  }
}
