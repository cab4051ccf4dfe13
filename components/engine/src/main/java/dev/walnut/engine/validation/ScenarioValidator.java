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
import dev.walnut.engine.flow.FlowComponents;
import dev.walnut.engine.params.ParameterBinder;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.BranchParameters;
import dev.walnut.engine.scenario.CanonicalNode;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.spel.SpelCompiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Validates a whole scenario: structure (sources, sinks, joins, unique ids), components and their
 * parameters, expressions (syntax, sandbox, variables, types). Reports every problem it finds, per
 * node and per parameter, and computes the variables visible at each node.
 */
public final class ScenarioValidator {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> RESERVED = Set.of("input", "meta");

  private final ComponentRegistry registry;
  private final SpelCompiler spel;

  public ScenarioValidator(ComponentRegistry registry) {
    this(registry, SpelCompiler.create());
  }

  public ScenarioValidator(ComponentRegistry registry, SpelCompiler spel) {
    this.registry = registry;
    this.spel = spel;
  }

  public ValidationResult validate(Scenario scenario) {
    return validate(scenario, Map.of());
  }

  /**
   * Validates with scenario properties overridden as the run will override them (e.g. the CLI's
   * {@code --property}), so components that read properties while validating (a tracking URI, say)
   * see what the job will see.
   */
  public ValidationResult validate(Scenario scenario, Map<String, String> propertyOverrides) {
    Map<String, String> properties = new LinkedHashMap<>(scenario.metaData().properties());
    properties.putAll(propertyOverrides);
    return new Run(
            scenario,
            new ParameterBinder(spel, Map.of("meta", meta(scenario))),
            Map.copyOf(properties))
        .validate();
  }

  /** {@code #meta}: the scenario's id and properties, as in Nussknacker. */
  private static Map<String, Object> meta(Scenario scenario) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("scenarioId", scenario.id());
    meta.put("properties", Map.copyOf(scenario.metaData().properties()));
    return Map.copyOf(meta);
  }

  /** The state of one validation. */
  private final class Run {
    private final Scenario scenario;
    private final List<NodeError> errors = new ArrayList<>();
    private final Map<String, Map<String, DataType>> variablesByNode = new LinkedHashMap<>();
    private final Map<String, NodePlan> plans = new LinkedHashMap<>();
    private final Map<String, List<Parameter>> dynamicParameters = new LinkedHashMap<>();

    /** joinId -> branchId -> variables at the branch end. */
    private final Map<String, Map<String, Map<String, DataType>>> joinInputs = new HashMap<>();

    private final ParameterBinder binder;
    private final Map<String, String> properties;

    Run(Scenario scenario, ParameterBinder binder, Map<String, String> properties) {
      this.scenario = scenario;
      this.binder = binder;
      this.properties = properties;
    }

    ValidationResult validate() {
      checkMetaData();
      checkIds();
      List<List<CanonicalNode>> joinBranches = new ArrayList<>();
      List<List<CanonicalNode>> branches = scenario.branches();
      for (int i = 0; i < branches.size(); i++) {
        List<CanonicalNode> branch = branches.get(i);
        if (branch.isEmpty()) {
          errors.add(new NodeError(null, null, "branch " + i + " has no nodes"));
        } else if (branch.get(0).data() instanceof NodeData.Join && i > 0) {
          joinBranches.add(branch);
        } else {
          walk(branch, new LinkedHashMap<>(), true);
        }
      }
      validateJoins(joinBranches);
      return new ValidationResult(
          scenario,
          List.copyOf(errors),
          variablesByNode,
          errors.isEmpty() ? plans : Map.of(),
          Map.copyOf(dynamicParameters));
    }

    private void checkMetaData() {
      if (scenario.id().isBlank()) {
        errors.add(new NodeError(null, null, "metaData.id must not be empty"));
      }
      String p = scenario.metaData().properties().get("parallelism");
      if (p != null && !p.isBlank()) {
        try {
          if (Integer.parseInt(p.trim()) < 1) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          errors.add(
              new NodeError(
                  null,
                  "parallelism",
                  "property `parallelism` must be a positive integer, got `" + p + "`"));
        }
      }
    }

    private void checkIds() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (NodeData n : scenario.allNodes()) {
        if (n instanceof NodeData.BranchEnd) {
          continue;
        }
        if (n.id() == null || n.id().isBlank()) {
          errors.add(new NodeError(null, null, "a " + n.type() + " node has an empty id"));
          continue;
        }
        counts.merge(n.id(), 1, Integer::sum);
      }
      counts.forEach(
          (id, count) -> {
            if (count > 1) {
              errors.add(
                  new NodeError(
                      id,
                      null,
                      "node id `" + id + "` is used by " + count + " nodes; ids must be unique"));
            }
          });
    }

    /** Walks one branch; {@code vars} are the variables visible at its first node. */
    private void walk(
        List<CanonicalNode> branch, Map<String, DataType> vars, boolean startsBranch) {
      Map<String, DataType> current = vars;
      for (int i = 0; i < branch.size(); i++) {
        CanonicalNode cn = branch.get(i);
        NodeData d = cn.data();
        boolean first = i == 0 && startsBranch;
        if (first && !(d instanceof NodeData.Source) && !(d instanceof NodeData.Join)) {
          errors.add(
              new NodeError(
                  d.id(), null, "a branch must start with a source, not a " + d.type() + " node"));
        } else if (!first && (d instanceof NodeData.Source || d instanceof NodeData.Join)) {
          errors.add(
              new NodeError(d.id(), null, "a " + d.type() + " node can only start a branch"));
        }
        if (i > 0 && isTerminal(branch.get(i - 1))) {
          errors.add(
              new NodeError(
                  d.id(),
                  null,
                  "node `"
                      + d.id()
                      + "` follows `"
                      + branch.get(i - 1).id()
                      + "`, which ends its branch"));
        }
        if (!(d instanceof NodeData.BranchEnd)) {
          Map<String, DataType> visible = new LinkedHashMap<>(binder.constantTypes());
          visible.putAll(current);
          variablesByNode.put(d.id(), Map.copyOf(visible));
        }
        current = node(cn, current);
        if (i == branch.size() - 1 && !isTerminal(cn) && !mayEnd(cn)) {
          errors.add(
              new NodeError(
                  d.id(),
                  null,
                  "the branch ends at `"
                      + d.id()
                      + "` without a sink; connect it to a sink (e.g. dead-end)"));
        }
      }
    }

    private boolean isTerminal(CanonicalNode n) {
      NodeData d = n.data();
      return d instanceof NodeData.Sink
          || d instanceof NodeData.BranchEnd
          || n instanceof CanonicalNode.SwitchNode
          || n instanceof CanonicalNode.SplitNode;
    }

    private boolean mayEnd(CanonicalNode n) {
      NodeData d = n.data();
      if (d instanceof NodeData.Processor) {
        return true;
      }
      if (d instanceof NodeData.CustomNode c) {
        return registry
            .find(ComponentKind.CUSTOM, c.nodeType())
            .map(x -> x.definition().mayEndBranch())
            .orElse(true);
      }
      return false;
    }

    /** Validates one node; returns the variables visible after it. */
    private Map<String, DataType> node(CanonicalNode cn, Map<String, DataType> vars) {
      NodeData d = cn.data();
      if (d instanceof NodeData.Source s) {
        return source(s);
      } else if (d instanceof NodeData.Sink s) {
        sink(s, vars);
        return vars;
      } else if (d instanceof NodeData.Filter f) {
        ParameterValues p =
            flow(
                f.id(),
                FlowComponents.FILTER,
                List.of(new NodeParameter("expression", f.expression())),
                vars);
        plans.put(f.id(), new NodePlan(f, null, p, vars, Map.of()));
        walk(((CanonicalNode.FilterNode) cn).nextFalse(), vars, false);
        return vars;
      } else if (d instanceof NodeData.Variable v) {
        ParameterValues p =
            flow(
                v.id(),
                FlowComponents.VARIABLE,
                List.of(new NodeParameter("value", v.value())),
                vars);
        plans.put(v.id(), new NodePlan(v, null, p, vars, Map.of()));
        return define(vars, v.id(), v.varName(), p.typeOf("value"));
      } else if (d instanceof NodeData.VariableBuilder vb) {
        return recordVariable(vb, vars);
      } else if (d instanceof NodeData.Enricher e) {
        return enricher(e, e.service(), e.output(), vars, true);
      } else if (d instanceof NodeData.Processor p) {
        enricher(p, p.service(), null, vars, false);
        return vars;
      } else if (d instanceof NodeData.CustomNode c) {
        return custom(c, vars);
      } else if (d instanceof NodeData.Switch sw) {
        switchNode((CanonicalNode.SwitchNode) cn, vars);
        return vars;
      } else if (d instanceof NodeData.Split sp) {
        CanonicalNode.SplitNode split = (CanonicalNode.SplitNode) cn;
        if (split.nexts().isEmpty()) {
          errors.add(new NodeError(sp.id(), null, "a split needs at least one output"));
        }
        plans.put(sp.id(), new NodePlan(sp, null, null, vars, Map.of()));
        split.nexts().forEach(b -> walk(b, vars, false));
        return vars;
      } else if (d instanceof NodeData.BranchEnd be) {
        joinInputs.computeIfAbsent(be.joinId(), k -> new LinkedHashMap<>()).put(be.id(), vars);
        return vars;
      } else if (d instanceof NodeData.Join j) {
        errors.add(new NodeError(j.id(), null, "a join must start an additional branch"));
        return vars;
      }
      throw new IllegalStateException("unhandled node type " + d.type());
    }

    private Map<String, DataType> source(NodeData.Source s) {
      SourceComponent c =
          component(s.id(), s.ref().component(), ComponentKind.SOURCE, SourceComponent.class);
      Map<String, DataType> out = new LinkedHashMap<>();
      if (c == null) {
        out.put("input", DataType.UNKNOWN);
        return out;
      }
      ParameterValues p = bind(s.id(), c.definition(), s.ref().parameters(), Map.of());
      plans.put(s.id(), new NodePlan(s, c, p, Map.of(), Map.of()));
      out.put("input", safeType(s.id(), () -> c.inputType(typing(p, Map.of()))));
      return out;
    }

    private void sink(NodeData.Sink s, Map<String, DataType> vars) {
      SinkComponent c =
          component(s.id(), s.ref().component(), ComponentKind.SINK, SinkComponent.class);
      if (c != null) {
        ParameterValues p = bind(s.id(), c.definition(), s.ref().parameters(), vars);
        plans.put(s.id(), new NodePlan(s, c, p, vars, Map.of()));
      }
    }

    private Map<String, DataType> recordVariable(
        NodeData.VariableBuilder vb, Map<String, DataType> vars) {
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
      ParameterValues p = bind(vb.id(), FlowComponents.RECORD_VARIABLE, declared, given, vars);
      plans.put(vb.id(), new NodePlan(vb, null, p, vars, Map.of()));
      DataType.RecordBuilder type = DataType.recordBuilder();
      declared.forEach(d -> type.field(d.name(), p.typeOf(d.name())));
      return define(vars, vb.id(), vb.varName(), type.build());
    }

    private Map<String, DataType> enricher(
        NodeData node,
        NodeData.ComponentRef ref,
        String output,
        Map<String, DataType> vars,
        boolean withOutput) {
      String id = node.id();
      EnricherComponent c =
          component(id, ref.component(), ComponentKind.ENRICHER, EnricherComponent.class);
      if (c == null) {
        return withOutput && output != null ? define(vars, id, output, DataType.UNKNOWN) : vars;
      }
      List<Parameter> dynamic = new ArrayList<>();
      ParameterValues p = bindWithDynamic(id, c, ref.parameters(), vars, dynamic);
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
     * Binds the declared parameters, asks the component for its dynamic ones with those values,
     * then binds declared and dynamic together; adds the dynamic definitions to {@code dynamic}.
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

    private Map<String, DataType> custom(NodeData.CustomNode n, Map<String, DataType> vars) {
      CustomComponent c =
          component(n.id(), n.nodeType(), ComponentKind.CUSTOM, CustomComponent.class);
      if (c == null) {
        return vars;
      }
      ComponentDefinition def = c.definition();
      if (def.joinsBranches()) {
        errors.add(
            new NodeError(
                n.id(),
                null,
                "component `" + def.id() + "` joins branches; use it in a Join node"));
        return vars;
      }
      ParameterValues p = bind(n.id(), def, n.parameters(), vars);
      plans.put(n.id(), new NodePlan(n, c, p, vars, Map.of()));
      return afterCustom(n.id(), def, n.outputVar(), vars, () -> c.outputType(typing(p, vars)));
    }

    private Map<String, DataType> afterCustom(
        String id,
        ComponentDefinition def,
        String outputVar,
        Map<String, DataType> vars,
        java.util.function.Supplier<DataType> type) {
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

    private void switchNode(CanonicalNode.SwitchNode sw, Map<String, DataType> vars) {
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
      ParameterValues head = bind(d.id(), FlowComponents.SWITCH, declared, given, vars);
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
      ParameterValues cases = bind(d.id(), FlowComponents.SWITCH, caseParams, caseGiven, caseVars);
      plans.put(d.id(), new NodePlan(d, null, cases, vars, Map.of("", head)));
      for (CanonicalNode.Case c : sw.nexts()) {
        walk(c.nodes(), caseVars, false);
      }
      walk(sw.defaultNext(), caseVars, false);
      if (sw.nexts().isEmpty() && sw.defaultNext().isEmpty()) {
        errors.add(new NodeError(d.id(), null, "a switch needs at least one output"));
      }
    }

    private void validateJoins(List<List<CanonicalNode>> joinBranches) {
      Map<String, Set<String>> expectedInputs = new HashMap<>();
      for (NodeData n : scenario.allNodes()) {
        if (n instanceof NodeData.BranchEnd be) {
          expectedInputs.computeIfAbsent(be.joinId(), k -> new HashSet<>()).add(be.id());
        }
      }
      Set<String> joinIds = new HashSet<>();
      joinBranches.forEach(b -> joinIds.add(b.get(0).id()));
      expectedInputs.keySet().stream()
          .filter(j -> !joinIds.contains(j))
          .forEach(
              j ->
                  errors.add(
                      new NodeError(
                          null,
                          null,
                          "a branch ends in join `" + j + "`, but there is no such join node")));
      List<List<CanonicalNode>> pending = new ArrayList<>(joinBranches);
      boolean progress = true;
      while (!pending.isEmpty() && progress) {
        progress = false;
        for (var it = pending.iterator(); it.hasNext(); ) {
          List<CanonicalNode> branch = it.next();
          String joinId = branch.get(0).id();
          Set<String> expected = expectedInputs.getOrDefault(joinId, Set.of());
          Map<String, Map<String, DataType>> have = joinInputs.getOrDefault(joinId, Map.of());
          if (have.keySet().containsAll(expected)) {
            it.remove();
            progress = true;
            Map<String, DataType> after = join((NodeData.Join) branch.get(0).data(), have);
            walk(branch.subList(1, branch.size()), after, false);
            variablesByNode.put(joinId, Map.of());
            if (branch.size() == 1) {
              errors.add(
                  new NodeError(
                      joinId, null, "the join has no following nodes; connect it to a sink"));
            }
          }
        }
      }
      for (List<CanonicalNode> b : pending) {
        errors.add(
            new NodeError(
                b.get(0).id(),
                null,
                "the join's inputs form a cycle or come from a broken branch"));
      }
    }

    private Map<String, DataType> join(NodeData.Join j, Map<String, Map<String, DataType>> inputs) {
      if (inputs.isEmpty()) {
        errors.add(new NodeError(j.id(), null, "no branch flows into join `" + j.id() + "`"));
      }
      CustomComponent c =
          component(j.id(), j.nodeType(), ComponentKind.CUSTOM, CustomComponent.class);
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
      ParameterValues p = bind(j.id(), def, j.parameters(), Map.of());
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
                new NodeError(
                    j.id(), null, "branch `" + branchId + "` needs its branch parameters"));
          }
        }
      }
      plans.put(j.id(), new NodePlan(j, c, p, Map.of(), branchParams));
      TypingContext typing = new Typing(p, Map.of(), inputs, branchParams, properties);
      return afterCustom(j.id(), def, j.outputVar(), Map.of(), () -> c.outputType(typing));
    }

    // ------------------------------------------------------------ helpers

    private <T extends Component> T component(
        String nodeId, String id, ComponentKind kind, Class<T> type) {
      Component c = registry.find(kind, id).orElse(null);
      if (c == null || !type.isInstance(c)) {
        List<ComponentKind> kinds = registry.kindsOf(id);
        String msg =
            kinds.isEmpty()
                ? "unknown component `"
                    + id
                    + "`; known "
                    + kind.name().toLowerCase()
                    + " components: "
                    + String.join(", ", registry.idsOf(kind))
                : "component `"
                    + id
                    + "` is a "
                    + kinds.get(0).name().toLowerCase()
                    + ", not a "
                    + kind.name().toLowerCase();
        errors.add(new NodeError(nodeId, null, msg));
        return null;
      }
      return type.cast(c);
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
      report(nodeId, r);
      return r.values();
    }

    private void report(String nodeId, ParameterBinder.Result r) {
      r.errors().forEach(e -> errors.add(new NodeError(nodeId, e.parameter(), e.message())));
    }

    private ParameterValues flow(
        String nodeId, String flowId, List<NodeParameter> given, Map<String, DataType> vars) {
      ComponentDefinition def =
          registry
              .find(ComponentKind.FLOW, flowId)
              .map(Component::definition)
              .orElseThrow(
                  () ->
                      new IllegalStateException("the engine's flow components are not registered"));
      return bind(nodeId, def, given, vars);
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

    private DataType safeType(String nodeId, java.util.function.Supplier<DataType> type) {
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
  }

  private record Typing(
      ParameterValues params,
      Map<String, DataType> variables,
      Map<String, Map<String, DataType>> branchVariables,
      Map<String, ParameterValues> branchParams,
      Map<String, String> scenarioProperties)
      implements TypingContext {}
}
