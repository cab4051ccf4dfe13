package dev.walnut.components.base.aggregate;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.CustomComponent;
import dev.walnut.api.DataType;
import dev.walnut.api.Editor;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.types.JsonValueTypeInfo;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.components.base.internal.KeyedRecords;
import dev.walnut.components.base.internal.RecordFailures;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code aggregate-sliding} (Nussknacker's parameters): per key, on every record, the aggregate of
 * {@code aggregateBy} over the records of the last {@code windowLength} of event time, up to and
 * including this one. With {@code emitWhenEventLeft}, also emits when a record leaves the window.
 * State is evicted as records leave the window and capped at {@code maxEntries} values per key.
 */
public final class AggregateSlidingComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String GROUP_BY = "groupBy";
  static final String AGGREGATOR = "aggregator";
  static final String AGGREGATE_BY = "aggregateBy";
  static final String WINDOW = "windowLength";
  static final String EMIT_WHEN_LEFT = "emitWhenEventLeft";
  static final String MAX_ENTRIES = "maxEntries";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("aggregate-sliding", ComponentKind.CUSTOM)
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.KEEP_INPUT)
          .icon("aggregate")
          .docs(
              "Per `groupBy` key, emits on every record the aggregate of `aggregateBy` over the"
                  + " last `windowLength` of event time (this record included) as the output"
                  + " variable; e.g. each shopper's product views of the last 5 minutes.")
          .parameter(
              Parameter.perEvent(GROUP_BY, DataType.UNKNOWN)
                  .docs("The key, e.g. `#input.userid`.")
                  .build())
          .parameter(
              Parameter.once(AGGREGATOR, DataType.STRING)
                  .editor(
                      Editor.fixedStrings(
                          "list", "set", "first", "last", "count", "sum", "min", "max", "average",
                          "center"))
                  .validator(
                      ParameterValidator.matches(
                          "(#AGG\\.)?(list|set|first|last|count|sum|min|max|average|center)",
                          "one of " + Aggregator.NAMES))
                  .docs(
                      "How to aggregate: "
                          + Aggregator.NAMES
                          + ". `center` is the element-wise mean of the numeric vectors (e.g."
                          + " embeddings) in the window, a `List[Double]`; null and non-vector"
                          + " values are skipped.")
                  .build())
          .parameter(
              Parameter.perEvent(AGGREGATE_BY, DataType.UNKNOWN)
                  .docs("The value aggregated, e.g. `#input.url`.")
                  .build())
          .parameter(
              Parameter.once(WINDOW, DataType.DURATION)
                  .validator(ParameterValidator.positiveDuration())
                  .docs("How far back the window reaches, e.g. `'PT5M'`.")
                  .build())
          .parameter(
              Parameter.once(EMIT_WHEN_LEFT, DataType.BOOLEAN)
                  .defaultExpression("false")
                  .docs("Also emit when a record leaves the window (with the key's last record).")
                  .build())
          .parameter(
              Parameter.once(MAX_ENTRIES, DataType.LONG)
                  .defaultExpression("10000")
                  .validator(ParameterValidator.between(1, 1_000_000))
                  .docs(
                      "At most this many values are kept per key; beyond it the oldest leave the"
                          + " window early (counted by the metric `entriesDropped`).")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    ParameterValues p = ctx.params();
    return p.optionalValue(AGGREGATOR, String.class)
        .flatMap(Aggregator::find)
        .map(a -> a.outputType(p.typeOf(AGGREGATE_BY)))
        .orElse(DataType.UNKNOWN);
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    ParameterValues p = ctx.params();
    SingleOutputStreamOperator<Variables> out =
        KeyedRecords.byText(ctx, ctx.input(), p.lazy(GROUP_BY))
            .process(
                new SlidingAggregate(
                    ctx.nodeId(),
                    ctx.outputVariable(),
                    Aggregator.parse(p.value(AGGREGATOR, String.class)),
                    p.lazy(AGGREGATE_BY),
                    p.value(WINDOW, Duration.class).toMillis(),
                    p.value(EMIT_WHEN_LEFT, Boolean.class),
                    p.value(MAX_ENTRIES, Long.class).intValue()),
                VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId());
    ctx.collectErrors(out);
    return out;
  }

  /**
   * State (versioned by its descriptor names): {@code window-v2} the key's {@link SlidingWindow},
   * changed in place per record (O(1) for a record in time order plus what leaves the window);
   * {@code last-v1} the key's last record, for emissions on departure. {@code entries-v1} (the
   * whole window as one immutable list, copied on every record) is read once per key when found in
   * a savepoint of an earlier version, and moved to {@code window-v2}.
   *
   * <p>A record whose {@code aggregateBy} fails, or that the aggregator cannot take (a vector of
   * another length for {@code center}), goes to the node's errors and is not kept in the window.
   * Metric {@code entriesDropped}: values dropped by {@code maxEntries}.
   */
  static final class SlidingAggregate
      extends KeyedProcessFunction<String, Tuple2<String, Variables>, Variables> {
    private static final long serialVersionUID = 1L;
    // entries-v1 kept a null value as this marker (its immutable lists refused nulls)
    private static final Object V1_NULL = java.util.Map.of("__null", true);
    private final String nodeId;
    private final String output;
    private final Aggregator aggregator;
    private final LazyParameter<Object> value;
    private final long windowMs;
    private final boolean emitWhenLeft;
    private final int maxEntries;
    private transient ValueState<SlidingWindow> window;
    private transient ValueState<Object> entriesV1;
    private transient ValueState<Variables> last;
    private transient Counter dropped;

    SlidingAggregate(
        String nodeId,
        String output,
        Aggregator aggregator,
        LazyParameter<Object> value,
        long windowMs,
        boolean emitWhenLeft,
        int maxEntries) {
      this.nodeId = nodeId;
      this.output = output;
      this.aggregator = aggregator;
      this.value = value;
      this.windowMs = windowMs;
      this.emitWhenLeft = emitWhenLeft;
      this.maxEntries = maxEntries;
    }

    @Override
    public void open(OpenContext openContext) {
      window =
          getRuntimeContext().getState(new ValueStateDescriptor<>("window-v2", SlidingWindow.TYPE));
      entriesV1 =
          getRuntimeContext()
              .getState(new ValueStateDescriptor<>("entries-v1", JsonValueTypeInfo.INSTANCE));
      last =
          getRuntimeContext()
              .getState(new ValueStateDescriptor<>("last-v1", VariablesTypeInfo.INSTANCE));
      dropped = getRuntimeContext().getMetricGroup().counter("entriesDropped");
    }

    @Override
    public void processElement(Tuple2<String, Variables> in, Context ctx, Collector<Variables> out)
        throws Exception {
      Variables v = in.f1;
      long ts =
          ctx.timestamp() == null ? ctx.timerService().currentProcessingTime() : ctx.timestamp();
      Object aggregated;
      try {
        aggregated = value.evaluate(v);
      } catch (Exception | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, AGGREGATE_BY, v, e);
        return;
      }
      SlidingWindow w = current();
      w.evictUpTo(ts - windowMs);
      if (aggregated == null && aggregator.ignoresNull()) {
        // the result is the same without it; keeping it would only cost memory and entries
        store(w);
        if (emitWhenLeft) {
          last.update(v);
        }
        out.collect(v.with(output, aggregator.apply(w.upTo(ts, maxEntries))));
        return;
      }
      int at = w.insert(ts, aggregated);
      Object result;
      try {
        result = aggregator.apply(w.upTo(ts, maxEntries));
      } catch (RuntimeException e) {
        // not kept: it would fail every later record of the key until it left the window
        w.remove(at);
        store(w);
        RecordFailures.report(ctx, nodeId, AGGREGATOR, v, e);
        return;
      }
      dropped.inc(w.trimTo(maxEntries));
      store(w);
      if (emitWhenLeft) {
        last.update(v);
      }
      ctx.timerService().registerEventTimeTimer(ts + windowMs);
      out.collect(v.with(output, result));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Variables> out)
        throws Exception {
      SlidingWindow w = current();
      boolean left = w.evictUpTo(timestamp - windowMs) > 0;
      store(w);
      if (emitWhenLeft && left && last.value() != null) {
        out.collect(last.value().with(output, aggregator.apply(w.upTo(timestamp, maxEntries))));
      }
      if (w.isEmpty()) {
        last.clear();
      }
    }

    private SlidingWindow current() throws Exception {
      SlidingWindow w = window.value();
      if (w != null) {
        return w;
      }
      // only when the key has no window yet: it may have one in the state of an earlier version
      Object v1 = entriesV1.value();
      if (v1 == null) {
        return new SlidingWindow();
      }
      entriesV1.clear();
      return SlidingWindow.fromPairs((List<?>) v1, V1_NULL);
    }

    private void store(SlidingWindow w) throws Exception {
      if (w.isEmpty()) {
        window.clear();
      } else {
        window.update(w);
      }
    }
  }
}
