package dev.walnut.components.base.flow;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.CustomComponent;
import dev.walnut.api.DataType;
import dev.walnut.api.LazyParameter;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.TypingContext;
import dev.walnut.api.Variables;
import dev.walnut.api.types.VariablesTypeInfo;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * {@code union}: merges branches. Each branch maps its record to one value with its {@code Output
 * expression}; after the union only the output variable is visible (as in Nussknacker).
 */
public final class UnionComponent implements CustomComponent {
  private static final long serialVersionUID = 1L;
  static final String OUTPUT = "Output expression";

  private static final ComponentDefinition DEFINITION =
      ComponentDefinition.builder("union", ComponentKind.CUSTOM)
          .group("base")
          .joinsBranches()
          .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
          .contextAfter(ComponentDefinition.ContextAfter.REPLACE)
          .docs(
              "Merges several branches into one. Each branch gives its `Output expression`; the"
                  + " result is the output variable, the only variable visible afterwards.")
          .branchParameter(
              Parameter.perEvent(OUTPUT, DataType.UNKNOWN)
                  .docs("The value this branch contributes, e.g. `{id: #input.id}`.")
                  .build())
          .build();

  @Override
  public ComponentDefinition definition() {
    return DEFINITION;
  }

  @Override
  public DataType outputType(TypingContext ctx) {
    Set<DataType> types = new HashSet<>();
    ctx.branchParams().values().forEach(p -> types.add(p.typeOf(OUTPUT)));
    return types.size() == 1 ? types.iterator().next() : DataType.UNKNOWN;
  }

  @Override
  public DataStream<Variables> transform(CustomContext ctx) {
    DataStream<Variables> out = null;
    for (Map.Entry<String, DataStream<Variables>> b : ctx.branches().entrySet()) {
      ParameterValues p = ctx.branchParams().get(b.getKey());
      DataStream<Variables> mapped =
          b.getValue()
              .map(new Output(ctx.outputVariable(), p.lazy(OUTPUT)), VariablesTypeInfo.INSTANCE)
              .name(ctx.nodeId() + " (" + b.getKey() + ")")
              .uid(ctx.nodeId() + "-" + b.getKey());
      out = out == null ? mapped : out.union(mapped);
    }
    return out;
  }

  private static final class Output implements MapFunction<Variables, Variables> {
    private static final long serialVersionUID = 1L;
    private final String variable;
    private final LazyParameter<Object> expression;

    Output(String variable, LazyParameter<Object> expression) {
      this.variable = variable;
      this.expression = expression;
    }

    @Override
    public Variables map(Variables v) {
      return Variables.of(v.id(), Map.of(variable, expression.evaluate(v)));
    }
  }
}
