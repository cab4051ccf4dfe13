package dev.walnut.engine.scenario;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The data of one node, one record per node type of Nussknacker's scenario format. The canonical
 * (nested) structure around them is {@link CanonicalNode}.
 */
public sealed interface NodeData {

  String id();

  AdditionalFields additionalFields();

  JsonExtras extras();

  /** The node's type: what it means to Walnut (see {@link NodeType}). */
  NodeType kind();

  /** The {@code type} discriminator in JSON. */
  default String type() {
    return kind().json();
  }

  /**
   * The id of the component this node is an instance of: the one it names (a source's {@code
   * ref.typ}, a custom node's {@code nodeType}, ...) or its type's flow component ({@code filter},
   * ...); empty for a branch end. Its kind is {@code kind().componentKind()}.
   */
  default Optional<String> componentId() {
    return kind().flowComponentId();
  }

  /**
   * The parameters the node gives the component it names; empty for the control-flow types, whose
   * fields are fixed.
   */
  default List<NodeParameter> componentParameters() {
    return List.of();
  }

  /** The same node with another position on the canvas. */
  NodeData withAdditionalFields(AdditionalFields fields);

  /** Whether the analyst disabled the node (Filter, Sink, Processor): it is then skipped. */
  default boolean isDisabled() {
    return false;
  }

  /** A component reference: {@code {"typ"|"id": component, "parameters": [...]}}. */
  /**
   * A node whose JSON names its component and parameters in one {@link ComponentRef} ({@code ref}
   * of a Source or Sink, {@code service} of an Enricher or Processor).
   */
  sealed interface NamesComponent extends NodeData permits Source, Sink, Enricher, Processor {
    ComponentRef componentRef();

    @Override
    default Optional<String> componentId() {
      return Optional.of(componentRef().component());
    }

    @Override
    default List<NodeParameter> componentParameters() {
      return componentRef().parameters();
    }
  }

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
      implements NamesComponent {
    public NodeType kind() {
      return NodeType.SOURCE;
    }

    @Override
    public ComponentRef componentRef() {
      return ref;
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
      implements NamesComponent {
    public NodeType kind() {
      return NodeType.SINK;
    }

    @Override
    public ComponentRef componentRef() {
      return ref;
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
    public NodeType kind() {
      return NodeType.FILTER;
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
    public NodeType kind() {
      return NodeType.VARIABLE;
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

    public NodeType kind() {
      return NodeType.VARIABLE_BUILDER;
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
      implements NamesComponent {
    public NodeType kind() {
      return NodeType.ENRICHER;
    }

    @Override
    public ComponentRef componentRef() {
      return service;
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
      implements NamesComponent {
    public NodeType kind() {
      return NodeType.PROCESSOR;
    }

    @Override
    public ComponentRef componentRef() {
      return service;
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

    public NodeType kind() {
      return NodeType.CUSTOM_NODE;
    }

    @Override
    public Optional<String> componentId() {
      return Optional.of(nodeType);
    }

    @Override
    public List<NodeParameter> componentParameters() {
      return parameters;
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

    public NodeType kind() {
      return NodeType.JOIN;
    }

    @Override
    public Optional<String> componentId() {
      return Optional.of(nodeType);
    }

    @Override
    public List<NodeParameter> componentParameters() {
      return parameters;
    }

    public Join withAdditionalFields(AdditionalFields f) {
      return new Join(id, outputVar, nodeType, parameters, branchParameters, f, extras);
    }
  }

  record Split(String id, AdditionalFields additionalFields, JsonExtras extras)
      implements NodeData {
    public NodeType kind() {
      return NodeType.SPLIT;
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
    public NodeType kind() {
      return NodeType.SWITCH;
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
    public NodeType kind() {
      return NodeType.BRANCH_END;
    }

    public AdditionalFields additionalFields() {
      return AdditionalFields.EMPTY;
    }

    public BranchEnd withAdditionalFields(AdditionalFields f) {
      return this;
    }
  }
}
