package dev.walnut.components.base.aggregate;

import static dev.walnut.components.base.aggregate.WindowParameters.AGGREGATE_BY;
import static dev.walnut.components.base.aggregate.WindowParameters.AGGREGATOR;
import static dev.walnut.components.base.aggregate.WindowParameters.EMIT_WHEN;
import static dev.walnut.components.base.aggregate.WindowParameters.GROUP_BY;
import static dev.walnut.components.base.aggregate.WindowParameters.MAX_ENTRIES;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.CustomComponent;
import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.components.base.internal.KeyedRecords;
import dev.walnut.components.base.internal.RecordFailures;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code aggregate-tumbling} (Nussknacker's component and parameters): per key, the aggregate of
 * {@code aggregateBy} over fixed, non-overlapping windows of event time of {@code windowLength},
 * aligned to the epoch ({@code [0, len)}, {@code [len, 2·len)}…). {@code emitWhen}: {@code OnEnd}
 * emits each window's aggregate once the watermark passes its end, as a new record stamped with the
 * window's last millisecond; {@code OnEvent} emits the window's aggregate so far on every record
 * and nothing at the end; {@code OnEndWithExtraWindow} is {@code OnEnd} plus, after a window of the
 * key, the next window's aggregate even when that window got no record (a count of 0, an empty
 * list), so a key that fell silent is seen to. Records of a window the watermark already passed are
 * late: dropped, as in Nussknacker, and counted by the metric {@code lateRecords}.
 */
public final class AggregateTumblingComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String WINDOW = "windowLength";

  /** Nussknacker's {@code TumblingWindowTrigger} values, by name. */
  enum Trigger {
    OnEvent,
    OnEnd,
    OnEndWithExtraWindow
  }

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("aggregate-tumbling", ComponentKind.CUSTOM)
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.REPLACE)
          .icon("aggregate")
          .docs(
              "Per `groupBy` key, the aggregate of `aggregateBy` over fixed windows of"
                  + " `windowLength` of event time (e.g. each shopper's views per hour), as the"
                  + " output variable, the only variable visible afterwards. Late records (their"
                  + " window already closed by the watermark) are dropped and counted.")
          .parameter(WindowParameters.groupBy())
          .parameter(WindowParameters.aggregator())
          .parameter(WindowParameters.aggregateBy())
          .parameter(
              Parameter.once(WINDOW, DataType.DURATION)
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "The length of each window, e.g. `'PT1H'`; windows start at multiples of it.")
                  .build())
          .parameter(
              WindowParameters.emitWhen(
                  Trigger.class,
                  Trigger.OnEnd,
                  "When to emit: `OnEnd` once per window when the watermark passes its end;"
                      + " `OnEvent` on every record, the window's aggregate so far;"
                      + " `OnEndWithExtraWindow` like `OnEnd`, and also for the window after a"
                      + " key's window when that one got no record (an empty aggregate)."))
          .parameter(WindowParameters.maxEntries("key and window"))
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    return WindowParameters.outputType(ctx.params());
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    ParameterValues p = ctx.params();
    SingleOutputStreamOperator<Variables> out =
        KeyedRecords.byText(ctx, ctx.input(), p.lazy(GROUP_BY))
            .process(
                new TumblingAggregate(
                    ctx.nodeId(),
                    ctx.outputVariable(),
                    Aggregator.parse(p.value(AGGREGATOR, String.class)),
                    p.lazy(AGGREGATE_BY),
                    p.value(WINDOW, Duration.class).toMillis(),
                    Trigger.valueOf(p.value(EMIT_WHEN, String.class)),
                    p.value(MAX_ENTRIES, Long.class).intValue()),
                VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId());
    ctx.collectErrors(out);
    return out;
  }

  /** A record holding only the output variable (which may be null, unlike in {@code Map.of}). */
  static Variables result(String id, String output, Object value) {
    Map<String, Object> vars = new HashMap<>(2);
    vars.put(output, value);
    return Variables.of(id, vars);
  }

  /**
   * State (versioned by its descriptor names): {@code windows-v1} window start → the key's values
   * of that window in event-time order (removed when the window is emitted, so a key holds only the
   * windows the watermark has not passed); {@code extra-v1} the start of the window whose empty
   * aggregate {@code OnEndWithExtraWindow} still owes. One event-time timer per key and window, at
   * its last millisecond. Metrics: {@code lateRecords}, {@code entriesDropped}.
   */
  static final class TumblingAggregate
      extends KeyedProcessFunction<String, Tuple2<String, Variables>, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final String output;
    private final Aggregator aggregator;
    private final LazyParameter<Object> value;
    private final long windowMs;
    private final Trigger trigger;
    private final int maxEntries;
    private transient MapState<Long, SlidingWindow> windows;
    private transient ValueState<Long> extra;
    private transient Counter late;
    private transient Counter dropped;

    TumblingAggregate(
        String nodeId,
        String output,
        Aggregator aggregator,
        LazyParameter<Object> value,
        long windowMs,
        Trigger trigger,
        int maxEntries) {
      this.nodeId = nodeId;
      this.output = output;
      this.aggregator = aggregator;
      this.value = value;
      this.windowMs = windowMs;
      this.trigger = trigger;
      this.maxEntries = maxEntries;
    }

    @Override
    public void open(OpenContext openContext) {
      windows =
          getRuntimeContext()
              .getMapState(new MapStateDescriptor<>("windows-v1", Types.LONG, SlidingWindow.TYPE));
      extra = getRuntimeContext().getState(new ValueStateDescriptor<>("extra-v1", Types.LONG));
      late = getRuntimeContext().getMetricGroup().counter("lateRecords");
      dropped = getRuntimeContext().getMetricGroup().counter("entriesDropped");
    }

    @Override
    public void processElement(Tuple2<String, Variables> in, Context ctx, Collector<Variables> out)
        throws Exception {
      Variables v = in.f1;
      long ts =
          ctx.timestamp() == null ? ctx.timerService().currentProcessingTime() : ctx.timestamp();
      long start = Math.floorDiv(ts, windowMs) * windowMs;
      long last = start + windowMs - 1;
      if (last <= ctx.timerService().currentWatermark()) {
        // its window was emitted (or, with OnEvent, closed): counting it now would change a result
        // already sent
        late.inc();
        return;
      }
      Object aggregated;
      try {
        aggregated = value.evaluate(v);
      } catch (Exception | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, AGGREGATE_BY, v, e);
        return;
      }
      SlidingWindow w = windows.get(start);
      if (w == null) {
        // the window exists from its first record on, even when only nulls come (a count of them)
        w = new SlidingWindow();
      }
      Object result = null;
      if (aggregated != null || !aggregator.ignoresNull()) {
        int at = w.insert(ts, aggregated);
        // OnEvent needs the result now; `center` is checked now so one bad vector cannot fail the
        // whole window's result at its end
        if (trigger == Trigger.OnEvent || aggregator == Aggregator.CENTER) {
          try {
            result = aggregator.apply(w.upTo(Long.MAX_VALUE, maxEntries));
          } catch (RuntimeException e) {
            w.remove(at);
            RecordFailures.report(ctx, nodeId, AGGREGATOR, v, e);
            return;
          }
        }
        dropped.inc(w.trimTo(maxEntries));
      } else if (trigger == Trigger.OnEvent) {
        result = aggregator.apply(w.upTo(Long.MAX_VALUE, maxEntries));
      }
      windows.put(start, w);
      ctx.timerService().registerEventTimeTimer(last);
      if (trigger == Trigger.OnEvent) {
        out.collect(result(v.id(), output, result));
      }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Variables> out)
        throws Exception {
      long start = timestamp + 1 - windowMs;
      SlidingWindow w = windows.get(start);
      Long owed = extra.value();
      if (owed != null && owed <= start) {
        extra.clear();
      }
      if (w != null) {
        windows.remove(start);
        if (trigger != Trigger.OnEvent) {
          out.collect(
              result(id(ctx, start), output, aggregator.apply(w.upTo(timestamp, maxEntries))));
        }
        if (trigger == Trigger.OnEndWithExtraWindow) {
          extra.update(start + windowMs);
          ctx.timerService().registerEventTimeTimer(timestamp + windowMs);
        }
      } else if (owed != null && owed == start) {
        out.collect(result(id(ctx, start), output, aggregator.apply(List.of())));
      }
    }

    private String id(OnTimerContext ctx, long start) {
      return nodeId + "-" + ctx.getCurrentKey() + "-" + Instant.ofEpochMilli(start);
    }
  }
}
