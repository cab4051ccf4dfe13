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
import dev.walnut.components.base.internal.KeySelectors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code aggregate-sliding} (Nussknacker's parameters): per key, on every record, the aggregate of
 * {@code aggregateBy} over the records of the last {@code windowLength} of event time, up to and
 * including this one. With {@code emitWhenEventLeft}, also emits when a record leaves the window.
 * State is evicted as records leave the window, so it stays bounded.
 */
public final class AggregateSlidingComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String GROUP_BY = "groupBy";
  static final String AGGREGATOR = "aggregator";
  static final String AGGREGATE_BY = "aggregateBy";
  static final String WINDOW = "windowLength";
  static final String EMIT_WHEN_LEFT = "emitWhenEventLeft";

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
    return ctx.input()
        .keyBy(KeySelectors.byText(p.lazy(GROUP_BY), ctx.nodeId()))
        .process(
            new SlidingAggregate(
                ctx.outputVariable(),
                Aggregator.parse(p.value(AGGREGATOR, String.class)),
                p.lazy(AGGREGATE_BY),
                p.value(WINDOW, Duration.class).toMillis(),
                p.value(EMIT_WHEN_LEFT, Boolean.class)),
            VariablesTypeInfo.INSTANCE)
        .name(ctx.nodeId())
        .uid(ctx.nodeId());
  }

  /**
   * State (versioned by its descriptor names): {@code entries-v1} a list of [timestamp, value]
   * pairs in time order; {@code last-v1} the key's last record, for emissions on departure.
   */
  static final class SlidingAggregate extends KeyedProcessFunction<String, Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String output;
    private final Aggregator aggregator;
    private final LazyParameter<Object> value;
    private final long windowMs;
    private final boolean emitWhenLeft;
    private transient ValueState<Object> entries;
    private transient ValueState<Variables> last;

    SlidingAggregate(
        String output,
        Aggregator aggregator,
        LazyParameter<Object> value,
        long windowMs,
        boolean emitWhenLeft) {
      this.output = output;
      this.aggregator = aggregator;
      this.value = value;
      this.windowMs = windowMs;
      this.emitWhenLeft = emitWhenLeft;
    }

    @Override
    public void open(OpenContext openContext) {
      entries =
          getRuntimeContext()
              .getState(new ValueStateDescriptor<>("entries-v1", JsonValueTypeInfo.INSTANCE));
      last =
          getRuntimeContext()
              .getState(new ValueStateDescriptor<>("last-v1", VariablesTypeInfo.INSTANCE));
    }

    @Override
    public void processElement(Variables v, Context ctx, Collector<Variables> out)
        throws Exception {
      long ts =
          ctx.timestamp() == null ? ctx.timerService().currentProcessingTime() : ctx.timestamp();
      Object aggregated = value.evaluate(v);
      List<Object> kept = new ArrayList<>();
      boolean inserted = false;
      for (Object e : current()) {
        List<?> pair = (List<?>) e;
        long t = ((Number) pair.get(0)).longValue();
        if (!inserted && t > ts) {
          kept.add(List.of(ts, wrap(aggregated)));
          inserted = true;
        }
        if (t > ts - windowMs) {
          kept.add(pair);
        }
      }
      if (!inserted) {
        kept.add(List.of(ts, wrap(aggregated)));
      }
      entries.update(kept);
      if (emitWhenLeft) {
        last.update(v);
      }
      ctx.timerService().registerEventTimeTimer(ts + windowMs);
      out.collect(v.with(output, aggregate(kept, ts)));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Variables> out)
        throws Exception {
      List<Object> kept = new ArrayList<>();
      boolean left = false;
      for (Object e : current()) {
        List<?> pair = (List<?>) e;
        if (((Number) pair.get(0)).longValue() > timestamp - windowMs) {
          kept.add(pair);
        } else {
          left = true;
        }
      }
      if (kept.isEmpty()) {
        entries.clear();
      } else {
        entries.update(kept);
      }
      if (emitWhenLeft && left && last.value() != null) {
        out.collect(last.value().with(output, aggregate(kept, timestamp)));
      }
      if (kept.isEmpty()) {
        last.clear();
      }
    }

    private List<Object> current() throws Exception {
      Object e = entries.value();
      return e == null ? List.of() : castList(e);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> castList(Object o) {
      return (List<Object>) o;
    }

    private Object aggregate(List<Object> kept, long upTo) {
      List<Object> values = new ArrayList<>(kept.size());
      for (Object e : kept) {
        List<?> pair = (List<?>) e;
        if (((Number) pair.get(0)).longValue() <= upTo) {
          values.add(unwrap(pair.get(1)));
        }
      }
      return aggregator.apply(values);
    }

    // List.of refuses nulls; a null value is kept as an empty list marker
    private static Object wrap(Object v) {
      return v == null ? NULL : v;
    }

    private static Object unwrap(Object v) {
      return NULL.equals(v) ? null : v;
    }

    private static final Object NULL = java.util.Map.of("__null", true);
  }
}
