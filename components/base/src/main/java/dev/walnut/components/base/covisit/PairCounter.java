package dev.walnut.components.base.covisit;

import dev.walnut.api.Variables;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per (item, recommendation): counts co-visits and emits the updated count each time (and, with a
 * half-life, the decayed score).
 *
 * <p>State, versioned by name: {@code counts-v2} (count, start of the time-to-live bucket of the
 * last co-visit), {@code score-v1} (score and the event time it was computed at). {@code count-v1}
 * (the count alone, before the time to live) is moved to {@code counts-v2} on the pair's next
 * co-visit.
 *
 * <p>Time to live: a pair not co-visited for {@code ttl} (processing time) is forgotten and counts
 * from 1 again. Not Flink's state TTL: its per-access expiry checks and cleanup cost a third of
 * this operator's time in the covisit benchmark. Instead the last co-visit's time is kept to a
 * bucket of an eighth of the time to live, and one processing-time timer per pair and bucket
 * (registered only when the bucket changes) clears the pair once the time to live has passed since
 * the end of that bucket; so a pair goes between {@code ttl} and {@code 9/8 ttl} after its last
 * co-visit. Metric {@code countsExpired}.
 */
final class PairCounter
    extends KeyedProcessFunction<Tuple2<String, String>, Tuple3<byte[], byte[], Long>, Variables> {
  private static final long serialVersionUID = 1L;
  private static final long NO_BUCKET = Long.MIN_VALUE;
  private final String output;
  private final long halfLifeMs;
  private final long ttlMs;
  private final long bucketMs;
  private transient ValueState<Tuple2<Long, Long>> counts;
  private transient ValueState<Long> countV1;
  private transient ValueState<Tuple2<Double, Long>> score;
  private transient Counter expired;

  /**
   * @param ttl how long a pair's count is kept after its last co-visit; null: for ever
   */
  PairCounter(String output, long halfLifeMs, Duration ttl) {
    this.output = output;
    this.halfLifeMs = halfLifeMs;
    this.ttlMs = ttl == null ? 0 : ttl.toMillis();
    this.bucketMs = Math.max(1, ttlMs / 8);
  }

  @Override
  public void open(OpenContext openContext) {
    counts =
        getRuntimeContext()
            .getState(new ValueStateDescriptor<>("counts-v2", Types.TUPLE(Types.LONG, Types.LONG)));
    countV1 = getRuntimeContext().getState(new ValueStateDescriptor<>("count-v1", Types.LONG));
    if (halfLifeMs > 0) {
      score =
          getRuntimeContext()
              .getState(
                  new ValueStateDescriptor<>("score-v1", Types.TUPLE(Types.DOUBLE, Types.LONG)));
    }
    expired = getRuntimeContext().getMetricGroup().counter("countsExpired");
  }

  @Override
  public void processElement(
      Tuple3<byte[], byte[], Long> pair, Context ctx, Collector<Variables> out) throws Exception {
    // changed in place and written back: the heap backend copies a value (deeply, by its
    // serializer) on access while a snapshot still holds it
    Tuple2<Long, Long> c = current();
    long n = c.f0 + 1L;
    c.f0 = n;
    if (ttlMs > 0) {
      long now = ctx.timerService().currentProcessingTime();
      long bucket = now - Math.floorMod(now, bucketMs);
      if (c.f1 != bucket) {
        c.f1 = bucket;
        ctx.timerService().registerProcessingTimeTimer(bucket + bucketMs + ttlMs);
      }
    }
    counts.update(c);
    // the key holds the items decoded
    Tuple2<String, String> items = ctx.getCurrentKey();
    Map<String, Object> record = new LinkedHashMap<>(6);
    record.put("item", items.f0);
    record.put("recommendation", items.f1);
    record.put("frequency", n);
    if (halfLifeMs > 0) {
      Tuple2<Double, Long> s = score.value();
      double decayed =
          s == null
              ? 0.0
              : s.f0 * Math.pow(2.0, -(double) Math.max(0L, pair.f2 - s.f1) / halfLifeMs);
      double updated = decayed + 1.0;
      score.update(Tuple2.of(updated, Math.max(pair.f2, s == null ? pair.f2 : s.f1)));
      record.put("score", updated);
    }
    out.collect(Variables.of(null, Map.of(output, record)));
  }

  private Tuple2<Long, Long> current() throws Exception {
    Tuple2<Long, Long> c = counts.value();
    if (c != null) {
      return c;
    }
    // a new pair, or one counted by an earlier version
    Long v1 = countV1.value();
    if (v1 != null) {
      countV1.clear();
    }
    return Tuple2.of(v1 == null ? 0L : v1, NO_BUCKET);
  }

  @Override
  public void onTimer(long time, OnTimerContext ctx, Collector<Variables> out) throws Exception {
    Tuple2<Long, Long> c = counts.value();
    // a later co-visit moved the pair to a later bucket, whose timer is still to come
    if (c != null && c.f1 + bucketMs + ttlMs <= time) {
      counts.clear();
      if (score != null) {
        score.clear();
      }
      expired.inc();
    }
  }

  /** Keys by (item, recommendation). */
  static final class PairKey
      implements KeySelector<Tuple3<byte[], byte[], Long>, Tuple2<String, String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Tuple2<String, String> getKey(Tuple3<byte[], byte[], Long> pair) {
      return Tuple2.of(
          new String(pair.f0, StandardCharsets.UTF_8), new String(pair.f1, StandardCharsets.UTF_8));
    }
  }
}
