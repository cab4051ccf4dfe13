package dev.walnut.engine.flow;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.ComponentProvider;
import dev.walnut.api.DataType;
import dev.walnut.api.FlowComponent;
import dev.walnut.api.Parameter;
import java.util.List;

/**
 * The control-flow node types of the scenario format, described for the palette and validation.
 * Their semantics are the format's and live in the engine's compiler; this provider is registered
 * through {@code META-INF/services} like every other.
 */
public final class FlowComponents implements ComponentProvider {
  public static final String FILTER = "filter";
  public static final String VARIABLE = "variable";
  public static final String RECORD_VARIABLE = "record-variable";
  public static final String SWITCH = "switch";
  public static final String SPLIT = "split";

  @Override
  public String name() {
    return "walnut-flow";
  }

  @Override
  public List<Component> components() {
    return List.of(
        flow(
            ComponentDefinition.builder(FILTER, ComponentKind.FLOW)
                .docs(
                    "Lets records for which the expression is true continue; the others go to the"
                        + " `false` output, if connected, else are dropped. (Filter node.)")
                .parameter(
                    Parameter.perEvent("expression", DataType.BOOLEAN)
                        .docs("A boolean SpEL expression, e.g. `#input.amount > 20`.")
                        .build())
                .build()),
        flow(
            ComponentDefinition.builder(VARIABLE, ComponentKind.FLOW)
                .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
                .docs("Defines one variable (varName) from an expression. (Variable node.)")
                .parameter(
                    Parameter.perEvent("value", DataType.UNKNOWN)
                        .docs("Any SpEL expression; its value becomes the variable.")
                        .build())
                .build()),
        flow(
            ComponentDefinition.builder(RECORD_VARIABLE, ComponentKind.FLOW)
                .outputVariable(ComponentDefinition.OutputVariable.REQUIRED)
                .docs(
                    "Defines one record variable (varName) from named fields, each an expression."
                        + " (VariableBuilder node.)")
                .build()),
        flow(
            ComponentDefinition.builder(SWITCH, ComponentKind.FLOW)
                .docs(
                    "Sends each record to the first output whose condition holds, else to the"
                        + " default output. (Switch node.)")
                .build()),
        flow(
            ComponentDefinition.builder(SPLIT, ComponentKind.FLOW)
                .docs("Sends every record to each of its outputs. (Split node.)")
                .build()));
  }

  private static Component flow(ComponentDefinition definition) {
    return new Descriptor(definition);
  }

  private record Descriptor(ComponentDefinition definition) implements FlowComponent {}
}
