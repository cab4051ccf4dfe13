package dev.walnut.components.base.debug;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValidator;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.Variables;
import dev.walnut.api.debug.CollectedRecords;
import dev.walnut.api.json.JsonValues;
import dev.walnut.components.base.internal.SideEffectSinks;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@code collect}: a debugging sink. Keeps the last {@code Capacity} values in memory where the CLI
 * and the designer read them ({@link CollectedRecords}), and tails them live.
 */
public final class CollectComponent implements SinkComponent {
  private static final long serialVersionUID = 1L;
  static final String VALUE = "Value";
  static final String CAPACITY = "Capacity";
  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("collect", ComponentKind.SINK)
          .icon("collect")
          .docs(
              "Debugging sink: keeps the last `Capacity` values of `Value` in memory, for the"
                  + " analyst to watch in the designer or the CLI.")
          .parameter(
              Parameter.perEvent(VALUE, DataType.UNKNOWN)
                  .defaultExpression("#input")
                  .docs("What to keep.")
                  .build())
          .parameter(
              Parameter.once(CAPACITY, DataType.LONG)
                  .defaultExpression("1000")
                  .validator(ParameterValidator.between(1, 100_000))
                  .docs("How many of the latest values to keep.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void createSink(NodeContext ctx, DataStream<Variables> input) {
    SideEffectSinks.attach(
        input,
        new Keep(
            ctx.scenarioId(),
            ctx.nodeId(),
            ctx.params().value(CAPACITY, Long.class).intValue(),
            ctx.params().lazy(VALUE)),
        ctx.nodeId());
  }

  @Override
  public LazyParameter<Object> testOutput(NodeContext ctx) {
    return ctx.params().lazy(VALUE);
  }

  private static final class Keep extends RichMapFunction<Variables, String> {
    private static final long serialVersionUID = 1L;
    private final String scenarioId;
    private final String nodeId;
    private final int capacity;
    private final LazyParameter<Object> value;
    private transient CollectedRecords.Buffer buffer;

    Keep(String scenarioId, String nodeId, int capacity, LazyParameter<Object> value) {
      this.scenarioId = scenarioId;
      this.nodeId = nodeId;
      this.capacity = capacity;
      this.value = value;
    }

    @Override
    public void open(OpenContext openContext) {
      buffer = CollectedRecords.buffer(scenarioId, nodeId, capacity);
    }

    @Override
    public String map(Variables v) {
      String json = JsonValues.write(value.evaluate(v));
      buffer.add(json);
      return json;
    }
  }
}
