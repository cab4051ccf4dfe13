package dev.walnut.components.base.keyed;

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
import dev.walnut.api.types.JsonValueTypeInfo;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.components.base.internal.KeyedRecords;
import dev.walnut.components.base.internal.RecordFailures;
import dev.walnut.components.base.internal.StateTimeToLive;
import java.time.Duration;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Nussknacker's {@code previousValue} as {@code previous-value}: per {@code groupBy} key, the
 * output variable is {@code value} of the key's previous record (in arrival order); for a key's
 * first record, its own value, as in Nussknacker. The other variables are kept. Each key's value is
 * forgotten {@code stateTimeToLive} after its last record (processing time), so keys that stop
 * coming do not stay in state for ever.
 */
public final class PreviousValueComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String GROUP_BY = "groupBy";
  static final String VALUE = "value";
  static final String TTL = "stateTimeToLive";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("previous-value", ComponentKind.CUSTOM)
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.KEEP_INPUT)
          .docs(
              "Per `groupBy` key, `value` of the key's previous record as the output variable"
                  + " (the current record's own value for the key's first record); e.g. a"
                  + " shopper's previous page, to detect a change.")
          .parameter(
              Parameter.perEvent(GROUP_BY, DataType.UNKNOWN)
                  .docs("The key, e.g. `#input.userid`; a null key sends the record to the errors.")
                  .build())
          .parameter(
              Parameter.perEvent(VALUE, DataType.UNKNOWN)
                  .docs("The value remembered for the key's next record, e.g. `#input.url`.")
                  .build())
          .parameter(
              Parameter.once(TTL, DataType.DURATION)
                  .defaultExpression("'P30D'")
                  .validator(ParameterValidator.positiveDuration())
                  .docs(
                      "A key's value is forgotten this long after its last record (processing"
                          + " time); its next record then counts as its first.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    return ctx.params().typeOf(VALUE);
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    ParameterValues p = ctx.params();
    SingleOutputStreamOperator<Variables> out =
        KeyedRecords.byText(ctx, ctx.input(), p.lazy(GROUP_BY))
            .process(
                new Previous(
                    ctx.nodeId(),
                    ctx.outputVariable(),
                    p.lazy(VALUE),
                    p.value(TTL, Duration.class)),
                VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId());
    ctx.collectErrors(out);
    return out;
  }

  /**
   * State {@code previous-v1}: the key's last value, wrapped in a one-element list so that a null
   * value is told apart from "no record yet" (Flink's value state answers null for both).
   */
  private static final class Previous
      extends KeyedProcessFunction<String, Tuple2<String, Variables>, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final String output;
    private final LazyParameter<Object> value;
    private final Duration ttl;
    private transient ValueState<Object> previous;

    Previous(String nodeId, String output, LazyParameter<Object> value, Duration ttl) {
      this.nodeId = nodeId;
      this.output = output;
      this.value = value;
      this.ttl = ttl;
    }

    @Override
    public void open(OpenContext openContext) {
      ValueStateDescriptor<Object> d =
          new ValueStateDescriptor<>("previous-v1", JsonValueTypeInfo.INSTANCE);
      d.enableTimeToLive(StateTimeToLive.of(ttl));
      previous = getRuntimeContext().getState(d);
    }

    @Override
    public void processElement(Tuple2<String, Variables> in, Context ctx, Collector<Variables> out)
        throws Exception {
      Variables v = in.f1;
      Object current;
      try {
        current = value.evaluate(v);
      } catch (Exception | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, VALUE, v, e);
        return;
      }
      Object stored = previous.value();
      Object before = stored instanceof java.util.List<?> l ? l.get(0) : current;
      previous.update(java.util.Collections.singletonList(current));
      out.collect(v.with(output, before));
    }
  }
}
