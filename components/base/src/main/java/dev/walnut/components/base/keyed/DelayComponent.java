package dev.walnut.components.base.keyed;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.CustomComponent;
import dev.walnut.api.DataType;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.components.base.internal.KeyedRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code delay} (Nussknacker's component and parameters): holds each record, per {@code key}, until
 * the watermark reaches its event time plus {@code delay}, then emits it unchanged, stamped with
 * that later time (so windows after it see it then). A record whose release time the watermark has
 * already passed goes out with the next watermark. Records of a key leave in release-time order,
 * those of one time in arrival order. State: {@code delayed-v1} release time → records, {@code
 * held-v1} how many; at most {@code maxDelayed} per key (beyond it the record released first goes
 * at once: metric {@code releasedEarly}).
 */
public final class DelayComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String KEY = "key";
  static final String DELAY = "delay";
  static final String MAX = "maxDelayed";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("delay", ComponentKind.CUSTOM)
          .docs(
              "Holds each record until event time (the watermark) reaches its time plus `delay`,"
                  + " then passes it on unchanged; e.g. to look a minute later whether a cart was"
                  + " bought.")
          .parameter(
              Parameter.perEvent(KEY, DataType.UNKNOWN)
                  .docs("The key the records are held under, e.g. `#input.userid`.")
                  .build())
          .parameter(
              Parameter.once(DELAY, DataType.DURATION)
                  .validator(ParameterValidator.positiveDuration())
                  .docs("How long each record is held, in event time, e.g. `'PT1M'`.")
                  .build())
          .parameter(
              Parameter.once(MAX, DataType.LONG)
                  .defaultExpression("10000")
                  .validator(ParameterValidator.between(1, 1_000_000))
                  .docs(
                      "At most this many records are held per key; beyond it the one due first"
                          + " is released at once (counted by the metric `releasedEarly`).")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    return DataType.UNKNOWN;
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    ParameterValues p = ctx.params();
    SingleOutputStreamOperator<Variables> out =
        KeyedRecords.byText(ctx, ctx.input(), p.lazy(KEY))
            .process(
                new Hold(p.value(DELAY, Duration.class).toMillis(), p.value(MAX, Long.class)),
                VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId());
    ctx.collectErrors(out);
    return out;
  }

  private static final class Hold
      extends KeyedProcessFunction<String, Tuple2<String, Variables>, Variables> {
    private static final long serialVersionUID = 1L;
    private final long delayMs;
    private final long max;
    private transient MapState<Long, List<Variables>> delayed;
    private transient org.apache.flink.api.common.state.ValueState<Long> held;
    private transient Counter releasedEarly;

    Hold(long delayMs, long max) {
      this.delayMs = delayMs;
      this.max = max;
    }

    @Override
    public void open(OpenContext openContext) {
      delayed =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "delayed-v1", Types.LONG, Types.LIST(VariablesTypeInfo.INSTANCE)));
      held =
          getRuntimeContext()
              .getState(
                  new org.apache.flink.api.common.state.ValueStateDescriptor<>(
                      "held-v1", Types.LONG));
      releasedEarly = getRuntimeContext().getMetricGroup().counter("releasedEarly");
    }

    @Override
    public void processElement(Tuple2<String, Variables> in, Context ctx, Collector<Variables> out)
        throws Exception {
      long ts =
          ctx.timestamp() == null ? ctx.timerService().currentProcessingTime() : ctx.timestamp();
      long release = ts + delayMs;
      List<Variables> at = delayed.get(release);
      List<Variables> records = at == null ? new ArrayList<>(1) : new ArrayList<>(at);
      records.add(in.f1);
      delayed.put(release, records);
      ctx.timerService().registerEventTimeTimer(release);
      long count = held.value() == null ? 1 : held.value() + 1;
      if (count > max) {
        // the cap: the record due first goes now rather than the state growing without bound
        long first = Long.MAX_VALUE;
        for (Long t : delayed.keys()) {
          first = Math.min(first, t);
        }
        List<Variables> due = delayed.get(first);
        out.collect(due.get(0));
        releasedEarly.inc();
        count--;
        if (due.size() == 1) {
          delayed.remove(first);
          ctx.timerService().deleteEventTimeTimer(first);
        } else {
          delayed.put(first, new ArrayList<>(due.subList(1, due.size())));
        }
      }
      held.update(count);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Variables> out)
        throws Exception {
      List<Variables> due = delayed.get(timestamp);
      if (due == null) {
        return;
      }
      delayed.remove(timestamp);
      due.forEach(out::collect);
      long left = held.value() == null ? 0 : held.value() - due.size();
      if (left <= 0) {
        held.clear();
      } else {
        held.update(left);
      }
    }
  }
}
