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
import java.util.ArrayList;
import java.util.List;
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
 * {@code aggregate-session} (Nussknacker's component and parameters): per key, a session is the
 * records of event time less than {@code sessionTimeout} apart; it ends after {@code
 * sessionTimeout} without a record, or with the record for which {@code endSessionCondition} is
 * true (that record included). {@code emitWhen}: {@code OnEnd} emits the session's aggregate when
 * it ends; {@code OnEvent} emits the session's aggregate so far after each record and nothing at
 * the end.
 *
 * <p>Records are taken in event-time order: each waits in state until the watermark reaches its
 * time, so out-of-order records within the source's bound give the same sessions as in-order ones.
 * A record at or before the watermark when it arrives is late: dropped and counted ({@code
 * lateRecords}).
 */
public final class AggregateSessionComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String END_CONDITION = "endSessionCondition";
  static final String TIMEOUT = "sessionTimeout";

  /** Nussknacker's {@code SessionWindowTrigger} values, by name. */
  enum Trigger {
    OnEvent,
    OnEnd
  }

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("aggregate-session", ComponentKind.CUSTOM)
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.REPLACE)
          .icon("aggregate")
          .docs(
              "Per `groupBy` key, the aggregate of `aggregateBy` over a session: records less than"
                  + " `sessionTimeout` of event time apart, until the timeout or a record meeting"
                  + " `endSessionCondition` (e.g. a shopper's visit until checkout). The output"
                  + " variable is the only variable visible afterwards. Late records are dropped"
                  + " and counted.")
          .parameter(WindowParameters.groupBy())
          .parameter(WindowParameters.aggregator())
          .parameter(WindowParameters.aggregateBy())
          .parameter(
              Parameter.perEvent(END_CONDITION, DataType.BOOLEAN)
                  .defaultExpression("false")
                  .docs(
                      "Ends the session with this record when true, e.g."
                          + " `#input.event == 'checkout'`; `false`: only the timeout ends it.")
                  .build())
          .parameter(
              Parameter.once(TIMEOUT, DataType.DURATION)
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "A session ends after this much event time without a record, e.g. `'PT30M'`.")
                  .build())
          .parameter(
              WindowParameters.emitWhen(
                  Trigger.class,
                  Trigger.OnEnd,
                  "When to emit: `OnEnd` once per session when it ends; `OnEvent` after every"
                      + " record, the session's aggregate so far (nothing at the end)."))
          .parameter(WindowParameters.maxEntries("session"))
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
                new SessionAggregate(
                    ctx.nodeId(),
                    ctx.outputVariable(),
                    Aggregator.parse(p.value(AGGREGATOR, String.class)),
                    p.lazy(AGGREGATE_BY),
                    p.lazy(END_CONDITION),
                    p.value(TIMEOUT, Duration.class).toMillis(),
                    Trigger.valueOf(p.value(EMIT_WHEN, String.class)),
                    p.value(MAX_ENTRIES, Long.class).intValue()),
                VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId());
    ctx.collectErrors(out);
    return out;
  }

  /**
   * State (versioned by its descriptor names): {@code pending-v1} event time → the records of that
   * time not yet taken (bounded by the source's out-of-orderness); {@code session-v1} the open
   * session's values in event-time order; {@code session-last-v1} the time of its latest record
   * (the session exists while this is set; it ends {@code sessionTimeout} later). Timers: one per
   * pending time, one per session end. Metrics: {@code lateRecords}, {@code entriesDropped}.
   */
  static final class SessionAggregate
      extends KeyedProcessFunction<String, Tuple2<String, Variables>, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final String output;
    private final Aggregator aggregator;
    private final LazyParameter<Object> value;
    private final LazyParameter<Object> endCondition;
    private final long timeoutMs;
    private final Trigger trigger;
    private final int maxEntries;
    private transient MapState<Long, List<Variables>> pending;
    private transient ValueState<SlidingWindow> session;
    private transient ValueState<Long> sessionLast;
    private transient Counter late;
    private transient Counter dropped;

    SessionAggregate(
        String nodeId,
        String output,
        Aggregator aggregator,
        LazyParameter<Object> value,
        LazyParameter<Object> endCondition,
        long timeoutMs,
        Trigger trigger,
        int maxEntries) {
      this.nodeId = nodeId;
      this.output = output;
      this.aggregator = aggregator;
      this.value = value;
      this.endCondition = endCondition;
      this.timeoutMs = timeoutMs;
      this.trigger = trigger;
      this.maxEntries = maxEntries;
    }

    @Override
    public void open(OpenContext openContext) {
      pending =
          getRuntimeContext()
              .getMapState(
                  new MapStateDescriptor<>(
                      "pending-v1", Types.LONG, Types.LIST(VariablesTypeInfo.INSTANCE)));
      session =
          getRuntimeContext()
              .getState(new ValueStateDescriptor<>("session-v1", SlidingWindow.TYPE));
      sessionLast =
          getRuntimeContext().getState(new ValueStateDescriptor<>("session-last-v1", Types.LONG));
      late = getRuntimeContext().getMetricGroup().counter("lateRecords");
      dropped = getRuntimeContext().getMetricGroup().counter("entriesDropped");
    }

    @Override
    public void processElement(Tuple2<String, Variables> in, Context ctx, Collector<Variables> out)
        throws Exception {
      Variables v = in.f1;
      long ts =
          ctx.timestamp() == null ? ctx.timerService().currentProcessingTime() : ctx.timestamp();
      if (ts <= ctx.timerService().currentWatermark()) {
        // the sessions up to the watermark are settled (some already emitted)
        late.inc();
        return;
      }
      // evaluated when taken, in event-time order: the record waits whole (bounded by the
      // source's out-of-orderness), so a failure is reported with its variables
      List<Variables> at = pending.get(ts);
      List<Variables> records = at == null ? new ArrayList<>(1) : new ArrayList<>(at);
      records.add(v);
      pending.put(ts, records);
      ctx.timerService().registerEventTimeTimer(ts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Variables> out)
        throws Exception {
      Long last = sessionLast.value();
      // a gap of exactly the timeout already separates sessions (as Flink's session windows do)
      if (last != null && timestamp >= last + timeoutMs) {
        end(ctx, out);
      }
      List<Variables> at = pending.get(timestamp);
      if (at == null) {
        return;
      }
      pending.remove(timestamp);
      for (Variables record : at) {
        take(ctx, out, timestamp, record);
      }
    }

    private void take(OnTimerContext ctx, Collector<Variables> out, long ts, Variables v)
        throws Exception {
      Object aggregated;
      boolean ends;
      try {
        aggregated = value.evaluate(v);
      } catch (Exception | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, AGGREGATE_BY, v, e);
        return;
      }
      try {
        ends = Boolean.TRUE.equals(endCondition.evaluate(v));
      } catch (Exception | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, END_CONDITION, v, e);
        return;
      }
      SlidingWindow w = session.value();
      if (w == null) {
        w = new SlidingWindow();
      }
      if (aggregated != null || !aggregator.ignoresNull()) {
        int index = w.insert(ts, aggregated);
        if (aggregator == Aggregator.CENTER) {
          try {
            aggregator.apply(w.upTo(ts, maxEntries));
          } catch (RuntimeException e) {
            // not kept: it would fail the session's result
            w.remove(index);
            RecordFailures.report(ctx, nodeId, AGGREGATOR, v, e);
            return;
          }
        }
        dropped.inc(w.trimTo(maxEntries));
      }
      session.update(w);
      sessionLast.update(ts);
      if (trigger == Trigger.OnEvent) {
        out.collect(
            AggregateTumblingComponent.result(
                v.id(), output, aggregator.apply(w.upTo(ts, maxEntries))));
      }
      if (ends) {
        end(ctx, out);
      } else {
        ctx.timerService().registerEventTimeTimer(ts + timeoutMs);
      }
    }

    private void end(OnTimerContext ctx, Collector<Variables> out) throws Exception {
      SlidingWindow w = session.value();
      Long last = sessionLast.value();
      session.clear();
      sessionLast.clear();
      if (trigger == Trigger.OnEnd && last != null) {
        List<Object> values = w == null ? List.of() : w.upTo(Long.MAX_VALUE, maxEntries);
        String id = nodeId + "-" + ctx.getCurrentKey() + "-" + Instant.ofEpochMilli(last);
        out.collect(AggregateTumblingComponent.result(id, output, aggregator.apply(values)));
      }
    }
  }
}
