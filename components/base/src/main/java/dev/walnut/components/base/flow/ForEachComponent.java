package dev.walnut.components.base.flow;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.CustomComponent;
import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Parameter;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.types.VariablesTypeInfo;
import dev.walnut.components.base.internal.RecordFailures;
import java.util.Collection;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * {@code for-each} (Nussknacker's component and parameter): one record per element of {@code
 * Elements}, the element in the output variable, the other variables kept. An empty or null list
 * emits nothing; a value that is not a list sends the record to the errors. Each record's trace id
 * is the input's with the element's index appended, so test-run traces tell them apart.
 */
public final class ForEachComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String ELEMENTS = "Elements";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("for-each", ComponentKind.CUSTOM)
          .group("base")
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.KEEP_INPUT)
          .docs(
              "One record per element of `Elements`, with the element as the output variable and"
                  + " the other variables kept; e.g. one record per product of an order.")
          .parameter(
              Parameter.perEvent(ELEMENTS, DataType.listOf(DataType.UNKNOWN))
                  .docs("The list to iterate over, e.g. `#input.products`; null emits nothing.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    DataType elements = ctx.params().typeOf(ELEMENTS);
    return elements.kind() == DataType.Kind.LIST && elements.element() != null
        ? elements.element()
        : DataType.UNKNOWN;
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    SingleOutputStreamOperator<Variables> out =
        ctx.input()
            .process(
                new Explode(ctx.nodeId(), ctx.outputVariable(), ctx.params().lazy(ELEMENTS)),
                VariablesTypeInfo.INSTANCE)
            .name(ctx.nodeId())
            .uid(ctx.nodeId());
    ctx.collectErrors(out);
    return out;
  }

  private static final class Explode extends ProcessFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String nodeId;
    private final String output;
    private final LazyParameter<Object> elements;

    Explode(String nodeId, String output, LazyParameter<Object> elements) {
      this.nodeId = nodeId;
      this.output = output;
      this.elements = elements;
    }

    @Override
    public void processElement(Variables v, Context ctx, Collector<Variables> out) {
      Object list;
      try {
        list = elements.evaluate(v);
        if (list != null && !(list instanceof Collection<?>)) {
          throw new IllegalArgumentException(
              "`" + elements.expression() + "` must be a list, got `" + list + "`");
        }
      } catch (Exception | StackOverflowError e) {
        RecordFailures.report(ctx, nodeId, ELEMENTS, v, e);
        return;
      }
      if (list == null) {
        return;
      }
      int i = 0;
      for (Object element : (Collection<?>) list) {
        out.collect(v.with(output, element).withId(v.id() == null ? null : v.id() + "-" + i));
        i++;
      }
    }
  }
}
