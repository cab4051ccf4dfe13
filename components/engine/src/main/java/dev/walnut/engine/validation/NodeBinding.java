package dev.walnut.engine.validation;

import dev.walnut.api.Component;
import dev.walnut.api.ComponentDefinition;
import dev.walnut.api.ComponentKind;
import dev.walnut.api.CustomComponent;
import dev.walnut.api.DataType;
import dev.walnut.api.EnricherComponent;
import dev.walnut.api.Evaluation;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterException;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.SinkComponent;
import dev.walnut.api.SourceComponent;
import dev.walnut.api.TypingContext;
import dev.walnut.engine.params.ParameterBinder;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.BranchParameters;
import dev.walnut.engine.scenario.CanonicalNode;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One validation's work on single nodes: finds each node's component (of the kind its {@link
 * dev.walnut.engine.scenario.NodeType} refers to), binds and types its parameters against the
 * variables visible at its input, asks enrichers for their dynamic parameters, records the node's
 * {@link NodePlan} and computes the variables after it. How nodes are arranged in branches is the
 * {@link ScenarioValidator}'s business; errors of both go to the same list, in the order found.
 */
final class NodeBinding {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("input", "meta");

  /** How the expression typer names a variable it does not know (see SpelTyper). */
  private static final Pattern UNKNOWN_VARIABLE =
      Pattern.compile("unknown variable `#([A-Za-z_][A-Za-z0-9_]*)`");

  private final ComponentRegistry registry;
  private final ParameterBinder binder;
  private final Map<String, String> properties;
  private final List<NodeError> errors;
  private final Map<String, NodePlan> plans = new LinkedHashMap<>();
  private final Map<String, List<Parameter>> dynamicParameters = new LinkedHashMap<>();

  NodeBinding(
      ComponentRegistry registry,
      ParameterBinder binder,
      Map<String, String> properties,
      List<NodeError> errors) {
    this.registry = registry;
    this.binder = binder;
    this.properties = properties;
    this.errors = errors;
  }

  /** The plans of the nodes bound so far, in order. */
  Map<String, NodePlan> plans() {
    return plans;
  }

  /** Per node, the parameters its component added (only nodes that have some). */
  Map<String, List<Parameter>> dynamicParameters() {
    return dynamicParameters;
  }

  /** The types of the constants every expression sees ({@code #meta}). */
  Map<String, DataType> constantTypes() {
    return binder.constantTypes();
  }

  Map<String, DataType> source(NodeData.Source s) {
    SourceComponent c = component(s, SourceComponent.class);
    Map<String, DataType> out = new LinkedHashMap<>();
    if (c == null) {
      out.put("input", DataType.UNKNOWN);
      return out;
    }
    ParameterValues p = bind(s.id(), c.definition(), s.componentParameters(), Map.of());
    plans.put(s.id(), new NodePlan(s, c, p, Map.of(), Map.of()));
    out.put("input", safeType(s.id(), () -> c.inputType(typing(p, Map.of()))));
    return out;
  }

  void sink(NodeData.Sink s, Map<String, DataType> vars) {
    SinkComponent c = component(s, SinkComponent.class);
    if (c != null) {
      ParameterValues p = bind(s.id(), c.definition(), s.componentParameters(), vars);
      plans.put(s.id(), new NodePlan(s, c, p, vars, Map.of()));
    }
  }

  void filter(NodeData.Filter f, Map<String, DataType> vars) {
    ParameterValues p = flow(f, List.of(new NodeParameter("expression", f.expression())), vars);
    plans.put(f.id(), new NodePlan(f, null, p, vars, Map.of()));
  }

  Map<String, DataType> variable(NodeData.Variable v, Map<String, DataType> vars) {
    ParameterValues p = flow(v, List.of(new NodeParameter("value", v.value())), vars);
    plans.put(v.id(), new NodePlan(v, null, p, vars, Map.of()));
    return define(vars, v.id(), v.varName(), p.typeOf("value"));
  }

  Map<String, DataType> recordVariable(NodeData.VariableBuilder vb, Map<String, DataType> vars) {
    List<Parameter> declared = new ArrayList<>();
    List<NodeParameter> given = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (NodeData.Field f : vb.fields()) {
      if (!seen.add(f.name())) {
        errors.add(new NodeError(vb.id(), f.name(), "field `" + f.name() + "` is defined twice"));
        continue;
      }
      declared.add(Parameter.perEvent(f.name(), DataType.UNKNOWN).docs("record field").build());
      given.add(new NodeParameter(f.name(), f.expression()));
    }
    ParameterValues p = bind(vb.id(), flowId(vb), declared, given, vars);
    plans.put(vb.id(), new NodePlan(vb, null, p, vars, Map.of()));
    DataType.RecordBuilder type = DataType.recordBuilder();
    declared.forEach(d -> type.field(d.name(), p.typeOf(d.name())));
    return define(vars, vb.id(), vb.varName(), type.build());
  }

  /** An enricher (with its output variable) or a processor (without). */
  Map<String, DataType> enricher(
      NodeData node, String output, Map<String, DataType> vars, boolean withOutput) {
    String id = node.id();
    EnricherComponent c = component(node, EnricherComponent.class);
    if (c == null) {
      return withOutput && output != null ? define(vars, id, output, DataType.UNKNOWN) : vars;
    }
    List<Parameter> dynamic = new ArrayList<>();
    ParameterValues p = bindWithDynamic(id, c, node.componentParameters(), vars, dynamic);
    if (!dynamic.isEmpty()) {
      dynamicParameters.put(id, List.copyOf(dynamic));
    }
    plans.put(id, new NodePlan(node, c, p, vars, Map.of(), dynamic));
    if (!withOutput) {
      return vars;
    }
    return define(vars, id, output, safeType(id, () -> c.outputType(typing(p, vars))));
  }

  /**
   * Binds the declared parameters, asks the component for its dynamic ones with those values, then
   * binds declared and dynamic together; adds the dynamic definitions to {@code dynamic}.
   */
  private ParameterValues bindWithDynamic(
      String id,
      EnricherComponent c,
      List<NodeParameter> given,
      Map<String, DataType> vars,
      List<Parameter> dynamic) {
    ComponentDefinition def = c.definition();
    Set<String> declaredNames = new HashSet<>();
    def.parameters().forEach(p -> declaredNames.add(p.name()));
    List<NodeParameter> givenDeclared =
        given.stream().filter(g -> declaredNames.contains(g.name())).toList();
    ParameterBinder.Result declared =
        binder.bind(id, def.id(), def.parameters(), givenDeclared, vars);
    Set<String> onceNames = new HashSet<>();
    def.parameters().stream()
        .filter(p -> p.evaluation() == Evaluation.ONCE)
        .forEach(p -> onceNames.add(p.name()));
    boolean onceValid =
        declared.errors().stream()
            .allMatch(e -> e.parameter() != null && !onceNames.contains(e.parameter()));
    if (!onceValid) {
      // the hook needs the values evaluated once; without them the dynamic parameters are
      // unknown, and so is whether the other names given are parameters at all
      report(id, declared);
      return declared.values();
    }
    Optional<List<Parameter>> added = askDynamic(id, c, declared.values(), declaredNames);
    if (added.isEmpty() || (added.get().isEmpty() && givenDeclared.size() == given.size())) {
      report(id, declared);
      return declared.values();
    }
    dynamic.addAll(added.get());
    List<Parameter> all = new ArrayList<>(def.parameters());
    all.addAll(added.get());
    return bind(id, def.id(), all, given, vars);
  }

  /** The component's dynamic parameters; empty after reporting why they cannot be known. */
  private Optional<List<Parameter>> askDynamic(
      String id, EnricherComponent c, ParameterValues declared, Set<String> declaredNames) {
    List<Parameter> added;
    try {
      added = c.dynamicParameters(declared, properties);
    } catch (ParameterException e) {
      errors.add(new NodeError(id, e.parameter(), e.getMessage()));
      return Optional.empty();
    } catch (RuntimeException e) {
      errors.add(
          new NodeError(
              id,
              null,
              "component `"
                  + c.definition().id()
                  + "` cannot tell its parameters: "
                  + e.getMessage()));
      return Optional.empty();
    }
    if (added == null) {
      return Optional.of(List.of());
    }
    Set<String> names = new HashSet<>(declaredNames);
    for (Parameter p : added) {
      if (!names.add(p.name())) {
        errors.add(
            new NodeError(
                id,
                p.name(),
                "component `"
                    + c.definition().id()
                    + "` adds parameter `"
                    + p.name()
                    + "`, which it already has; rename one of them"));
        return Optional.empty();
      }
    }
    return Optional.of(List.copyOf(added));
  }

  Map<String, DataType> custom(NodeData.CustomNode n, Map<String, DataType> vars) {
    CustomComponent c = component(n, CustomComponent.class);
    if (c == null) {
      return vars;
    }
    ComponentDefinition def = c.definition();
    if (def.joinsBranches()) {
      errors.add(
          new NodeError(
              n.id(), null, "component `" + def.id() + "` joins branches; use it in a Join node"));
      return vars;
    }
    ParameterValues p = bind(n.id(), def, n.componentParameters(), vars);
    plans.put(n.id(), new NodePlan(n, c, p, vars, Map.of()));
    return afterCustom(n.id(), def, n.outputVar(), vars, () -> c.outputType(typing(p, vars)));
  }

  private Map<String, DataType> afterCustom(
      String id,
      ComponentDefinition def,
      String outputVar,
      Map<String, DataType> vars,
      Supplier<DataType> type) {
    boolean hasOutput = outputVar != null && !outputVar.isBlank();
    if (def.outputVariable() == ComponentDefinition.OutputVariable.REQUIRED && !hasOutput) {
      errors.add(
          new NodeError(
              id, "outputVar", "component `" + def.id() + "` needs an output variable name"));
    }
    if (def.outputVariable() == ComponentDefinition.OutputVariable.NONE && hasOutput) {
      errors.add(
          new NodeError(
              id,
              "outputVar",
              "component `" + def.id() + "` has no output; leave the output variable empty"));
    }
    Map<String, DataType> base =
        def.contextAfter() == ComponentDefinition.ContextAfter.REPLACE
            ? new LinkedHashMap<>()
            : vars;
    if (!hasOutput || def.outputVariable() == ComponentDefinition.OutputVariable.NONE) {
      return def.contextAfter() == ComponentDefinition.ContextAfter.REPLACE ? Map.of() : vars;
    }
    return define(base, id, outputVar, safeType(id, type));
  }

  /**
   * Binds a switch's legacy value and its case conditions; returns the variables its cases and
   * default branch see (with {@code exprVal} bound when the legacy value is given).
   */
  Map<String, DataType> switchCases(CanonicalNode.SwitchNode sw, Map<String, DataType> vars) {
    NodeData.Switch d = sw.data();
    Map<String, DataType> caseVars = vars;
    // the legacy form binds the switch's value to `exprVal` before the cases
    List<Parameter> declared =
        List.of(
            Parameter.perEvent("expression", DataType.UNKNOWN)
                .optional()
                .docs("switch value")
                .build());
    List<NodeParameter> given = new ArrayList<>();
    boolean hasValue = d.expression() != null && !d.expression().isBlank();
    if (hasValue) {
      given.add(new NodeParameter("expression", d.expression()));
    }
    ParameterValues head = bind(d.id(), flowId(d), declared, given, vars);
    if (d.exprVal() != null && !d.exprVal().isBlank() && hasValue) {
      caseVars = define(vars, d.id(), d.exprVal(), head.typeOf("expression"));
    }
    List<Parameter> caseParams = new ArrayList<>();
    List<NodeParameter> caseGiven = new ArrayList<>();
    for (int i = 0; i < sw.nexts().size(); i++) {
      String name = "case " + (i + 1);
      caseParams.add(Parameter.perEvent(name, DataType.BOOLEAN).docs("condition").build());
      caseGiven.add(new NodeParameter(name, sw.nexts().get(i).expression()));
    }
    ParameterValues cases = bind(d.id(), flowId(d), caseParams, caseGiven, caseVars);
    plans.put(d.id(), new NodePlan(d, null, cases, vars, Map.of("", head)));
    return caseVars;
  }

  void split(NodeData.Split sp, Map<String, DataType> vars) {
    plans.put(sp.id(), new NodePlan(sp, null, null, vars, Map.of()));
  }

  /**
   * A join whose incoming branches are all validated: {@code inputs} are the variables at the end
   * of each (by branch id). Returns the variables after the join.
   */
  Map<String, DataType> join(NodeData.Join j, Map<String, Map<String, DataType>> inputs) {
    if (inputs.isEmpty()) {
      errors.add(new NodeError(j.id(), null, "no branch flows into join `" + j.id() + "`"));
    }
    CustomComponent c = component(j, CustomComponent.class);
    if (c == null) {
      return Map.of();
    }
    ComponentDefinition def = c.definition();
    if (!def.joinsBranches()) {
      errors.add(
          new NodeError(
              j.id(),
              null,
              "component `" + def.id() + "` does not join branches; use it in a CustomNode"));
      return Map.of();
    }
    ParameterValues p = bind(j.id(), def, j.componentParameters(), Map.of());
    Map<String, ParameterValues> branchParams = new LinkedHashMap<>();
    for (BranchParameters bp : j.branchParameters()) {
      if (!inputs.containsKey(bp.branchId())) {
        errors.add(
            new NodeError(
                j.id(),
                null,
                "branch parameters name branch `"
                    + bp.branchId()
                    + "`, which does not flow into this join"));
        continue;
      }
      branchParams.put(
          bp.branchId(),
          bind(
              j.id(),
              def.id(),
              def.branchParameters(),
              bp.parameters(),
              inputs.get(bp.branchId())));
    }
    for (String branchId : inputs.keySet()) {
      if (!branchParams.containsKey(branchId)) {
        if (def.branchParameters().isEmpty()) {
          branchParams.put(
              branchId, bind(j.id(), def.id(), List.of(), List.of(), inputs.get(branchId)));
        } else {
          errors.add(
              new NodeError(j.id(), null, "branch `" + branchId + "` needs its branch parameters"));
        }
      }
    }
    plans.put(j.id(), new NodePlan(j, c, p, Map.of(), branchParams));
    TypingContext typing = new Typing(p, Map.of(), inputs, branchParams, properties);
    return afterCustom(j.id(), def, j.outputVar(), Map.of(), () -> c.outputType(typing));
  }

  // ------------------------------------------------------------ helpers

  /** The component a node names, of the kind its type refers to; null after reporting why not. */
  private <T extends Component> T component(NodeData node, Class<T> type) {
    ComponentKind kind = node.kind().componentKind().orElseThrow();
    String id = node.componentId().orElseThrow();
    Component c = registry.find(kind, id).orElse(null);
    if (c == null || !type.isInstance(c)) {
      List<ComponentKind> kinds = registry.kindsOf(id);
      String msg =
          kinds.isEmpty()
              ? "unknown component `"
                  + id
                  + "`"
                  + DidYouMean.hint(id, registry.idsOf(kind), "")
                  + "; known "
                  + kind.name().toLowerCase()
                  + " components: "
                  + String.join(", ", registry.idsOf(kind))
              : "component `"
                  + id
                  + "` is "
                  + DidYouMean.withArticle(kinds.get(0).name().toLowerCase())
                  + ", not "
                  + DidYouMean.withArticle(kind.name().toLowerCase());
      errors.add(new NodeError(node.id(), null, msg));
      return null;
    }
    return type.cast(c);
  }

  /** The flow component a control-flow node is (its parameters are bound as that component's). */
  private static String flowId(NodeData node) {
    return node.kind().flowComponentId().orElseThrow();
  }

  private ParameterValues bind(
      String nodeId,
      ComponentDefinition def,
      List<NodeParameter> given,
      Map<String, DataType> vars) {
    return bind(nodeId, def.id(), def.parameters(), given, vars);
  }

  private ParameterValues bind(
      String nodeId,
      String componentId,
      List<Parameter> declared,
      List<NodeParameter> given,
      Map<String, DataType> vars) {
    ParameterBinder.Result r = binder.bind(nodeId, componentId, declared, given, vars);
    List<String> declaredNames = declared.stream().map(Parameter::name).toList();
    Set<String> visible = new HashSet<>(vars.keySet());
    visible.addAll(constantTypes().keySet());
    for (ParameterBinder.ParamError e : r.errors()) {
      errors.add(new NodeError(nodeId, e.parameter(), withHint(e, declaredNames, visible)));
    }
    return r.values();
  }

  /**
   * The binder's message with the name the analyst probably meant: of the component's parameters
   * for an unknown parameter, of the variables visible at the node for an unknown variable.
   */
  private static String withHint(
      ParameterBinder.ParamError e, List<String> declared, Set<String> visible) {
    String m = e.message();
    if (e.parameter() != null
        && !declared.contains(e.parameter())
        && m.startsWith("unknown parameter `" + e.parameter() + "`;")) {
      int end = ("unknown parameter `" + e.parameter() + "`").length();
      return m.substring(0, end) + DidYouMean.hint(e.parameter(), declared, "") + m.substring(end);
    }
    Matcher unknown = UNKNOWN_VARIABLE.matcher(m);
    if (unknown.find()) {
      return m.substring(0, unknown.end())
          + DidYouMean.hint(unknown.group(1), visible, "#")
          + m.substring(unknown.end());
    }
    return m;
  }

  private void report(String nodeId, ParameterBinder.Result r) {
    r.errors().forEach(e -> errors.add(new NodeError(nodeId, e.parameter(), e.message())));
  }

  /** Binds a control-flow node's fixed fields as the parameters of its flow component. */
  private ParameterValues flow(
      NodeData node, List<NodeParameter> given, Map<String, DataType> vars) {
    ComponentDefinition def =
        registry
            .find(ComponentKind.FLOW, flowId(node))
            .map(Component::definition)
            .orElseThrow(
                () -> new IllegalStateException("the engine's flow components are not registered"));
    return bind(node.id(), def, given, vars);
  }

  private Map<String, DataType> define(
      Map<String, DataType> vars, String nodeId, String name, DataType type) {
    if (name == null || !IDENTIFIER.matcher(name).matches()) {
      errors.add(
          new NodeError(
              nodeId,
              "varName",
              "variable name must be an identifier like `total_1`, got `" + name + "`"));
      return vars;
    }
    if (vars.containsKey(name) || RESERVED.contains(name)) {
      errors.add(
          new NodeError(
              nodeId,
              "varName",
              "variable `#" + name + "` is already defined; choose another name"));
      return vars;
    }
    Map<String, DataType> out = new LinkedHashMap<>(vars);
    out.put(name, type);
    return out;
  }

  private DataType safeType(String nodeId, Supplier<DataType> type) {
    try {
      DataType t = type.get();
      return t == null ? DataType.UNKNOWN : t;
    } catch (RuntimeException e) {
      errors.add(
          new NodeError(nodeId, null, "cannot determine the output type: " + e.getMessage()));
      return DataType.UNKNOWN;
    }
  }

  private TypingContext typing(ParameterValues p, Map<String, DataType> vars) {
    return new Typing(p, vars, Map.of(), Map.of(), properties);
  }

  private record Typing(
      ParameterValues params,
      Map<String, DataType> variables,
      Map<String, Map<String, DataType>> branchVariables,
      Map<String, ParameterValues> branchParams,
      Map<String, String> scenarioProperties)
      implements TypingContext {}
}
