package dev.walnut.components.base.covisit;

import dev.walnut.api.Variables;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Per (item, recommendation): counts co-visits and emits the updated count each time (and, with a
 * half-life, the decayed score). State, versioned by name: {@code count-v1}, {@code score-v1}
 * (score and the time it was computed at).
 */
final class PairCounter
    extends KeyedProcessFunction<Tuple2<String, String>, Tuple3<String, String, Long>, Variables> {
  private static final long serialVersionUID = 1L;
  private final String output;
  private final long halfLifeMs;
  private transient ValueState<Long> count;
  private transient ValueState<Tuple2<Double, Long>> score;

  PairCounter(String output, long halfLifeMs) {
    this.output = output;
    this.halfLifeMs = halfLifeMs;
  }

  @Override
  public void open(OpenContext openContext) {
    count = getRuntimeContext().getState(new ValueStateDescriptor<>("count-v1", Types.LONG));
    if (halfLifeMs > 0) {
      score =
          getRuntimeContext()
              .getState(
                  new ValueStateDescriptor<>("score-v1", Types.TUPLE(Types.DOUBLE, Types.LONG)));
    }
  }

  @Override
  public void processElement(
      Tuple3<String, String, Long> pair, Context ctx, Collector<Variables> out) throws Exception {
    Long c = count.value();
    long n = c == null ? 1L : c + 1L;
    count.update(n);
    Map<String, Object> record = new LinkedHashMap<>(6);
    record.put("item", pair.f0);
    record.put("recommendation", pair.f1);
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

  /** Keys by (item, recommendation). */
  static final class PairKey
      implements KeySelector<Tuple3<String, String, Long>, Tuple2<String, String>> {
    private static final long serialVersionUID = 1L;

    @Override
    public Tuple2<String, String> getKey(Tuple3<String, String, Long> pair) {
      return Tuple2.of(pair.f0, pair.f1);
    }
  }
}
