package dev.walnut.engine.scenario;

import java.util.List;
import java.util.Objects;

/**
 * The data of one node, one record per node type of Nussknacker's scenario format. The canonical
 * (nested) structure around them is {@link CanonicalNode}.
 */
public sealed interface NodeData {

  String id();

  AdditionalFields additionalFields();

  JsonExtras extras();

  /** The {@code type} discriminator in JSON. */
  String type();

  /** The same node with another position on the canvas. */
  NodeData withAdditionalFields(AdditionalFields fields);

  /** Whether the analyst disabled the node (Filter, Sink, Processor): it is then skipped. */
  default boolean isDisabled() {
    return false;
  }

  /** A component reference: {@code {"typ"|"id": component, "parameters": [...]}}. */
  record ComponentRef(String component, List<NodeParameter> parameters, JsonExtras extras) {
    public ComponentRef {
      Objects.requireNonNull(component, "component");
      parameters = List.copyOf(parameters);
    }

    public static ComponentRef of(String component, List<NodeParameter> parameters) {
      return new ComponentRef(component, parameters, JsonExtras.NONE);
    }
  }

  record Source(String id, ComponentRef ref, AdditionalFields additionalFields, JsonExtras extras)
      implements NodeData {
    public String type() {
      return "Source";
    }

    public Source withAdditionalFields(AdditionalFields f) {
      return new Source(id, ref, f, extras);
    }
  }

  record Sink(
      String id,
      ComponentRef ref,
      Expression endResult,
      Boolean disabled,
      AdditionalFields additionalFields,
      JsonExtras extras)
      implements NodeData {
    public String type() {
      return "Sink";
    }

    @Override
    public boolean isDisabled() {
      return Boolean.TRUE.equals(disabled);
    }

    public Sink withAdditionalFields(AdditionalFields f) {
      return new Sink(id, ref, endResult, disabled, f, extras);
    }
  }

  record Filter(
      String id,
      Expression expression,
      Boolean disabled,
      AdditionalFields additionalFields,
      JsonExtras extras)
      implements NodeData {
    public String type() {
      return "Filter";
    }

    @Override
    public boolean isDisabled() {
      return Boolean.TRUE.equals(disabled);
    }

    public Filter withAdditionalFields(AdditionalFields f) {
      return new Filter(id, expression, disabled, f, extras);
    }
  }

  record Variable(
      String id,
      String varName,
      Expression value,
      AdditionalFields additionalFields,
      JsonExtras extras)
      implements NodeData {
    public String type() {
      return "Variable";
    }

    public Variable withAdditionalFields(AdditionalFields f) {
      return new Variable(id, varName, value, f, extras);
    }
  }

  /** A field of a {@link VariableBuilder}: {@code {"name": ..., "expression": {...}}}. */
  record Field(String name, Expression expression) {}

  record VariableBuilder(
      String id,
      String varName,
      List<Field> fields,
      AdditionalFields additionalFields,
      JsonExtras extras)
      implements NodeData {
    public VariableBuilder {
      fields = List.copyOf(fields);
    }

    public String type() {
      return "VariableBuilder";
    }

    public VariableBuilder withAdditionalFields(AdditionalFields f) {
      return new VariableBuilder(id, varName, fields, f, extras);
    }
  }

  record Enricher(
      String id,
      ComponentRef service,
      String output,
      AdditionalFields additionalFields,
      JsonExtras extras)
      implements NodeData {
    public String type() {
      return "Enricher";
    }

    public Enricher withAdditionalFields(AdditionalFields f) {
      return new Enricher(id, service, output, f, extras);
    }
  }

  /** A service called for its effect only (no output variable). */
  record Processor(
      String id,
      ComponentRef service,
      Boolean disabled,
      AdditionalFields additionalFields,
      JsonExtras extras)
      implements NodeData {
    public String type() {
      return "Processor";
    }

    @Override
    public boolean isDisabled() {
      return Boolean.TRUE.equals(disabled);
    }

    public Processor withAdditionalFields(AdditionalFields f) {
      return new Processor(id, service, disabled, f, extras);
    }
  }

  record CustomNode(
      String id,
      String outputVar,
      String nodeType,
      List<NodeParameter> parameters,
      AdditionalFields additionalFields,
      JsonExtras extras)
      implements NodeData {
    public CustomNode {
      parameters = List.copyOf(parameters);
    }

    public String type() {
      return "CustomNode";
    }

    public CustomNode withAdditionalFields(AdditionalFields f) {
      return new CustomNode(id, outputVar, nodeType, parameters, f, extras);
    }
  }

  /** A node that joins several branches (Nussknacker's {@code Join}, e.g. {@code union}). */
  record Join(
      String id,
      String outputVar,
      String nodeType,
      List<NodeParameter> parameters,
      List<BranchParameters> branchParameters,
      AdditionalFields additionalFields,
      JsonExtras extras)
      implements NodeData {
    public Join {
      parameters = List.copyOf(parameters);
      branchParameters = List.copyOf(branchParameters);
    }

    public String type() {
      return "Join";
    }

    public Join withAdditionalFields(AdditionalFields f) {
      return new Join(id, outputVar, nodeType, parameters, branchParameters, f, extras);
    }
  }

  record Split(String id, AdditionalFields additionalFields, JsonExtras extras)
      implements NodeData {
    public String type() {
      return "Split";
    }

    public Split withAdditionalFields(AdditionalFields f) {
      return new Split(id, f, extras);
    }
  }

  /**
   * Routes each record to the first case whose expression holds, else to the default branch. {@code
   * expression}/{@code exprVal} are the legacy form that binds a variable first; both may be null.
   */
  record Switch(
      String id,
      Expression expression,
      String exprVal,
      AdditionalFields additionalFields,
      JsonExtras extras)
      implements NodeData {
    public String type() {
      return "Switch";
    }

    public Switch withAdditionalFields(AdditionalFields f) {
      return new Switch(id, expression, exprVal, f, extras);
    }
  }

  /**
   * The end of a branch that flows into a join: {@code {"definition": {"id", "joinId"}}}. Its id is
   * the branch id the join's {@code branchParameters} refer to.
   */
  record BranchEnd(String id, String joinId, JsonExtras definitionExtras, JsonExtras extras)
      implements NodeData {
    public String type() {
      return "BranchEndData";
    }

    public AdditionalFields additionalFields() {
      return AdditionalFields.EMPTY;
    }

    public BranchEnd withAdditionalFields(AdditionalFields f) {
      return this;
    }
  }
}
