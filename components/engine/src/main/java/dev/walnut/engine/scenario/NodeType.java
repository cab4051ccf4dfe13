package dev.walnut.engine.scenario;

import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.engine.flow.FlowComponents;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The node types of Nussknacker's scenario format and what each means to Walnut: the kind of
 * component a node of the type is an instance of (and which one, for the control-flow types), where
 * its JSON names that component and its parameters, its JSON fields, which of them hold successor
 * branches, the outputs it has on the designer's canvas, and its place in a branch.
 *
 * <p>This is the one table of node types: the JSON codec, the validator, the compiler, the
 * designer's palette and node queries read it, and the designer UI's node types ({@code
 * designer/ui/src/generated/nodeTypes.ts}) are generated from it. A node's own values (which
 * component, which parameters) are on {@link NodeData#componentId()} and {@link
 * NodeData#componentParameters()}.
 */
public enum NodeType {
  SOURCE(
      spec("Source")
          .component(ComponentKind.SOURCE, "ref", "typ")
          .parameters("ref", "parameters")
          .field("ref", Shape.REF, false)
          .outputs("out")
          .startsBranch()
          .noInput()),
  SINK(
      spec("Sink")
          .component(ComponentKind.SINK, "ref", "typ")
          .parameters("ref", "parameters")
          .field("ref", Shape.REF, false)
          .field("endResult", Shape.EXPRESSION, true)
          .field("isDisabled", Shape.BOOLEAN, true)
          .endsBranch()),
  FILTER(
      spec("Filter")
          .flow(FlowComponents.FILTER)
          .field("expression", Shape.EXPRESSION, false)
          .field("isDisabled", Shape.BOOLEAN, true)
          .field("nextFalse", Shape.NODES, true)
          .outputs("true", "false")),
  VARIABLE(
      spec("Variable")
          .flow(FlowComponents.VARIABLE)
          .field("varName", Shape.TEXT, false)
          .field("value", Shape.EXPRESSION, false)
          .outputs("out")),
  VARIABLE_BUILDER(
      spec("VariableBuilder")
          .flow(FlowComponents.RECORD_VARIABLE)
          .field("varName", Shape.TEXT, false)
          .field("fields", Shape.RECORD_FIELDS, false)
          .outputs("out")),
  ENRICHER(
      spec("Enricher")
          .component(ComponentKind.ENRICHER, "service", "id")
          .parameters("service", "parameters")
          .field("service", Shape.SERVICE, false)
          .field("output", Shape.TEXT, false)
          .outputs("out")),
  PROCESSOR(
      spec("Processor")
          .component(ComponentKind.ENRICHER, "service", "id")
          .parameters("service", "parameters")
          .field("service", Shape.SERVICE, false)
          .field("isDisabled", Shape.BOOLEAN, true)
          .outputs("out")),
  CUSTOM_NODE(
      spec("CustomNode")
          .component(ComponentKind.CUSTOM, "nodeType")
          .parameters("parameters")
          .field("outputVar", Shape.TEXT, true)
          .field("nodeType", Shape.TEXT, false)
          .field("parameters", Shape.PARAMETERS, false)
          .outputs("out")),
  JOIN(
      spec("Join")
          .component(ComponentKind.CUSTOM, "nodeType")
          .parameters("parameters")
          .field("outputVar", Shape.TEXT, true)
          .field("nodeType", Shape.TEXT, false)
          .field("parameters", Shape.PARAMETERS, true)
          .field("branchParameters", Shape.BRANCH_PARAMETERS, true)
          .outputs("out")
          .startsBranch()
          .joinsBranches()),
  SPLIT(
      spec("Split")
          .flow(FlowComponents.SPLIT)
          .field("nexts", Shape.BRANCHES, false)
          .outputs("out")
          .fansOut()
          .endsBranch()),
  SWITCH(
      spec("Switch")
          .flow(FlowComponents.SWITCH)
          .field("expression", Shape.EXPRESSION, true)
          .field("exprVal", Shape.TEXT, true)
          .field("nexts", Shape.CASES, false)
          .field("defaultNext", Shape.NODES, true)
          .outputs("default")
          .outputPerCase()
          .endsBranch()),
  /** Not a node of its own: where a branch flows into a join. Has no id of its own in JSON. */
  BRANCH_END(
      spec("BranchEndData")
          .withoutId()
          .field("definition", Shape.BRANCH_END_DEFINITION, false)
          .endsBranch());

  /** The JSON value of a node field (see the scenario format). */
  public enum Shape {
    /** A string. */
    TEXT,
    /** {@code true}/{@code false}. */
    BOOLEAN,
    /** {@code {"language": "spel", "expression": "..."}}. */
    EXPRESSION,
    /** A source's or sink's component: {@code {"typ": component, "parameters": [...]}}. */
    REF,
    /** An enricher's or processor's service: {@code {"id": component, "parameters": [...]}}. */
    SERVICE,
    /** {@code [{"name": ..., "expression": {...}}]}. */
    PARAMETERS,
    /**
     * A join's parameters per incoming branch: {@code [{"branchId": ..., "parameters": [...]}]}.
     */
    BRANCH_PARAMETERS,
    /** A record variable's fields: {@code [{"name": ..., "expression": {...}}]}. */
    RECORD_FIELDS,
    /** A successor branch: an array of nodes. */
    NODES,
    /** Successor branches: an array of arrays of nodes. */
    BRANCHES,
    /** A switch's cases: {@code [{"expression": {...}, "nodes": [...]}]}. */
    CASES,
    /** Where a branch ends: {@code {"id": branch id, "joinId": join node id}}. */
    BRANCH_END_DEFINITION;

    /** Whether a field of this shape holds successor nodes (rebuilt from the canvas's edges). */
    public boolean holdsSuccessors() {
      return this == NODES || this == BRANCHES || this == CASES;
    }
  }

  /**
   * A field of a node type's JSON, besides {@code id}, {@code type} and {@code additionalFields}.
   *
   * @param optional the format allows it to be absent or {@code null}
   */
  public record JsonField(String name, Shape shape, boolean optional) {}

  private final String json;
  private final ComponentKind componentKind;
  private final List<String> componentIdPath;
  private final String flowComponentId;
  private final List<String> parametersPath;
  private final List<JsonField> fields;
  private final boolean hasId;
  private final List<String> outputs;
  private final boolean outputPerCase;
  private final boolean fansOut;
  private final boolean hasInput;
  private final boolean startsBranch;
  private final boolean endsBranch;
  private final boolean joinsBranches;

  NodeType(Spec s) {
    this.json = s.json;
    this.componentKind = s.componentKind;
    this.componentIdPath = List.copyOf(s.componentIdPath);
    this.flowComponentId = s.flowComponentId;
    this.parametersPath = List.copyOf(s.parametersPath);
    this.fields = List.copyOf(s.fields);
    this.hasId = s.hasId;
    this.outputs = List.copyOf(s.outputs);
    this.outputPerCase = s.outputPerCase;
    this.fansOut = s.fansOut;
    this.hasInput = s.hasInput;
    this.startsBranch = s.startsBranch;
    this.endsBranch = s.endsBranch;
    this.joinsBranches = s.joinsBranches;
  }

  /** The {@code type} discriminator in JSON, e.g. {@code CustomNode}. */
  public String json() {
    return json;
  }

  /** The node type of a JSON {@code type}, if it is one. */
  public static Optional<NodeType> fromJson(String type) {
    return Arrays.stream(values()).filter(t -> t.json.equals(type)).findFirst();
  }

  /** The kind of component a node of this type is an instance of; empty for a branch end. */
  public Optional<ComponentKind> componentKind() {
    return Optional.ofNullable(componentKind);
  }

  /**
   * Whether each node names its component in its JSON (at {@link #componentIdPath()}), as sources,
   * sinks, enrichers, processors, custom nodes and joins do; the control-flow types are always the
   * same {@link #flowComponentId() component}.
   */
  public boolean namesItsComponent() {
    return !componentIdPath.isEmpty();
  }

  /** Where a node's JSON names its component, e.g. {@code ref.typ}; empty when it does not. */
  public List<String> componentIdPath() {
    return componentIdPath;
  }

  /** The {@link ComponentKind#FLOW} component every node of a control-flow type is. */
  public Optional<String> flowComponentId() {
    return Optional.ofNullable(flowComponentId);
  }

  /**
   * Where a node's JSON lists the parameters of the component it names, e.g. {@code
   * ref.parameters}; empty for the control-flow types, whose fields are fixed.
   */
  public List<String> parametersPath() {
    return parametersPath;
  }

  /** The type's own JSON fields, in Nussknacker's order (without id, type and additionalFields). */
  public List<JsonField> fields() {
    return fields;
  }

  /**
   * Whether the node has the common {@code id} and {@code additionalFields} (all but branch ends).
   */
  public boolean hasId() {
    return hasId;
  }

  /** Every field name the format gives this type; others are kept as unmodelled extras. */
  public Set<String> jsonFieldNames() {
    Set<String> names = new LinkedHashSet<>();
    if (hasId) {
      names.add("id");
      names.add("additionalFields");
    }
    names.add("type");
    fields.forEach(f -> names.add(f.name()));
    return Set.copyOf(names);
  }

  /** The fields that hold successor branches: {@code nextFalse}, {@code nexts}, ... */
  public List<String> successorFields() {
    return fields.stream().filter(f -> f.shape().holdsSuccessors()).map(JsonField::name).toList();
  }

  /**
   * The named outputs of a node on the canvas (after one output per case, when {@link
   * #outputPerCase()}); a Filter's {@code true} output continues its branch, {@code false} is
   * {@code nextFalse}.
   */
  public List<String> outputs() {
    return outputs;
  }

  /** Whether each case of the node (a Switch's {@code nexts}) is an output of its own. */
  public boolean outputPerCase() {
    return outputPerCase;
  }

  /** Whether one output may go to several nodes (a Split sends every record to each). */
  public boolean fansOut() {
    return fansOut;
  }

  /** Whether records flow into the node from a previous one (not into a source). */
  public boolean hasInput() {
    return hasInput;
  }

  /** Whether a node of this type starts a branch, and only that (sources and joins). */
  public boolean startsBranch() {
    return startsBranch;
  }

  /**
   * Whether the node is the last of its branch's node list: sinks, branch ends, and the types whose
   * successors are nested in them (Switch, Split).
   */
  public boolean endsBranch() {
    return endsBranch;
  }

  /** Whether the node joins several incoming branches (and starts an additional branch). */
  public boolean joinsBranches() {
    return joinsBranches;
  }

  /** The node type a component is placed as on the canvas. */
  public static NodeType forComponent(ComponentDefinition d) {
    return switch (d.kind()) {
      case SOURCE -> SOURCE;
      case SINK -> SINK;
      case ENRICHER -> ENRICHER;
      case CUSTOM -> d.joinsBranches() ? JOIN : CUSTOM_NODE;
      case FLOW ->
          Arrays.stream(values())
              .filter(t -> d.id().equals(t.flowComponentId))
              .findFirst()
              .orElse(CUSTOM_NODE);
    };
  }

  private static Spec spec(String json) {
    return new Spec(json);
  }

  /** Builds one row of the table readably. */
  private static final class Spec {
    private final String json;
    private ComponentKind componentKind;
    private List<String> componentIdPath = List.of();
    private String flowComponentId;
    private List<String> parametersPath = List.of();
    private final List<JsonField> fields = new ArrayList<>();
    private boolean hasId = true;
    private List<String> outputs = List.of();
    private boolean outputPerCase;
    private boolean fansOut;
    private boolean hasInput = true;
    private boolean startsBranch;
    private boolean endsBranch;
    private boolean joinsBranches;

    Spec(String json) {
      this.json = json;
    }

    Spec component(ComponentKind kind, String... idPath) {
      this.componentKind = kind;
      this.componentIdPath = List.of(idPath);
      return this;
    }

    Spec flow(String componentId) {
      this.componentKind = ComponentKind.FLOW;
      this.flowComponentId = componentId;
      return this;
    }

    Spec parameters(String... path) {
      this.parametersPath = List.of(path);
      return this;
    }

    Spec field(String name, Shape shape, boolean optional) {
      fields.add(new JsonField(name, shape, optional));
      return this;
    }

    Spec withoutId() {
      this.hasId = false;
      return this;
    }

    Spec outputs(String... names) {
      this.outputs = List.of(names);
      return this;
    }

    Spec outputPerCase() {
      this.outputPerCase = true;
      return this;
    }

    Spec fansOut() {
      this.fansOut = true;
      return this;
    }

    Spec noInput() {
      this.hasInput = false;
      return this;
    }

    Spec startsBranch() {
      this.startsBranch = true;
      return this;
    }

    Spec endsBranch() {
      this.endsBranch = true;
      return this;
    }

    Spec joinsBranches() {
      this.joinsBranches = true;
      return this;
    }
  }
}
