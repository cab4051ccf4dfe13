package dev.walnut.components.base.debug;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.NodeContext;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.Variables;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** {@code dead-end}: ends a branch and discards its records. */
public final class DeadEndComponent implements SinkComponent {
  private static final long serialVersionUID = 1L;
  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("dead-end", ComponentKind.SINK)
          .docs("Ends a branch; its records are discarded. Test runs show what reached it.")
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public void createSink(NodeContext ctx, DataStream<Variables> input) {
    input.sinkTo(new DiscardingSink<>()).name(ctx.nodeId()).uid(ctx.nodeId());
  }

  @Override
  public LazyParameter<Object> testOutput(NodeContext ctx) {
    return new InputOf();
  }

  /** {@code #input}, without an expression. */
  private static final class InputOf implements LazyParameter<Object> {
    private static final long serialVersionUID = 1L;

    @Override
    public Object evaluate(Variables v) {
      return v.input();
    }

    @Override
    public dev.walnut.api.DataType type() {
      return dev.walnut.api.DataType.UNKNOWN;
    }

    @Override
    public String expression() {
      return "#input";
    }
  }
}
