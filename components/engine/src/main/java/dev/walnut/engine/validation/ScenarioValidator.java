package dev.walnut.engine.validation;

import dev.walnut.api.ComponentKind;
import dev.walnut.api.DataType;
import dev.walnut.engine.params.ParameterBinder;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.CanonicalNode;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioProperties;
import dev.walnut.engine.spel.SpelCompiler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a whole scenario: structure (sources, sinks, joins, unique ids), components and their
 * parameters, expressions (syntax, sandbox, variables, types). Reports every problem it finds, per
 * node and per parameter, and computes the variables visible at each node.
 */
public final class ScenarioValidator {
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

  /** The state of one validation: how nodes are arranged; {@link NodeBinding} does each node. */
  private final class Run {
    private final Scenario scenario;
    private final Map<String, String> properties;
    private final List<NodeError> errors = new ArrayList<>();
    private final Map<String, Map<String, DataType>> variablesByNode = new LinkedHashMap<>();
    private final NodeBinding nodes;

    /** joinId -> branchId -> variables at the branch end. */
    private final Map<String, Map<String, Map<String, DataType>>> joinInputs = new HashMap<>();

    Run(Scenario scenario, ParameterBinder binder, Map<String, String> properties) {
      this.scenario = scenario;
      this.properties = properties;
      this.nodes = new NodeBinding(registry, binder, properties, errors);
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
        } else if (branch.get(0).data().kind().joinsBranches() && i > 0) {
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
          errors.isEmpty() ? nodes.plans() : Map.of(),
          Map.copyOf(nodes.dynamicParameters()));
    }

    private void checkMetaData() {
      if (scenario.id().isBlank()) {
        errors.add(new NodeError(null, null, "metaData.id must not be empty"));
      }
      // the properties as the run will see them: the scenario's with the operator's overrides
      for (ScenarioProperties.PropertyError e : ScenarioProperties.validate(properties)) {
        errors.add(new NodeError(null, e.property(), e.message()));
      }
    }

    private void checkIds() {
      Map<String, Integer> counts = new LinkedHashMap<>();
      for (NodeData n : scenario.allNodes()) {
        if (!n.kind().hasId()) {
          continue;
        }
        if (n.id() == null || n.id().isBlank()) {
          errors.add(
              new NodeError(
                  null, null, DidYouMean.withArticle(n.type()) + " node has an empty id"));
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
        if (first && !d.kind().startsBranch()) {
          errors.add(
              new NodeError(
                  d.id(),
                  null,
                  "a branch must start with a source, not "
                      + DidYouMean.withArticle(d.type())
                      + " node"));
        } else if (!first && d.kind().startsBranch()) {
          errors.add(
              new NodeError(
                  d.id(),
                  null,
                  DidYouMean.withArticle(d.type()) + " node can only start a branch"));
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
        if (d.kind().hasId()) {
          Map<String, DataType> visible = new LinkedHashMap<>(nodes.constantTypes());
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
      return n.data().kind().endsBranch();
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

    /** Validates one node (and the branches nested in it); returns the variables after it. */
    private Map<String, DataType> node(CanonicalNode cn, Map<String, DataType> vars) {
      NodeData d = cn.data();
      if (d.isDisabled()) {
        // a disabled node passes every record through unchanged: its component and parameters are
        // not used, so they are not checked (the analyst may disable a node to park a broken one)
        if (cn instanceof CanonicalNode.FilterNode f) {
          walk(f.nextFalse(), vars, false);
        }
        return vars;
      }
      switch (d.kind()) {
        case SOURCE:
          return nodes.source((NodeData.Source) d);
        case SINK:
          nodes.sink((NodeData.Sink) d, vars);
          return vars;
        case FILTER:
          nodes.filter((NodeData.Filter) d, vars);
          walk(((CanonicalNode.FilterNode) cn).nextFalse(), vars, false);
          return vars;
        case VARIABLE:
          return nodes.variable((NodeData.Variable) d, vars);
        case VARIABLE_BUILDER:
          return nodes.recordVariable((NodeData.VariableBuilder) d, vars);
        case ENRICHER:
          return nodes.enricher(d, ((NodeData.Enricher) d).output(), vars, true);
        case PROCESSOR:
          nodes.enricher(d, null, vars, false);
          return vars;
        case CUSTOM_NODE:
          return nodes.custom((NodeData.CustomNode) d, vars);
        case SWITCH:
          {
            CanonicalNode.SwitchNode sw = (CanonicalNode.SwitchNode) cn;
            Map<String, DataType> caseVars = nodes.switchCases(sw, vars);
            for (CanonicalNode.Case c : sw.nexts()) {
              walk(c.nodes(), caseVars, false);
            }
            walk(sw.defaultNext(), caseVars, false);
            if (sw.nexts().isEmpty() && sw.defaultNext().isEmpty()) {
              errors.add(new NodeError(d.id(), null, "a switch needs at least one output"));
            }
            return vars;
          }
        case SPLIT:
          {
            CanonicalNode.SplitNode split = (CanonicalNode.SplitNode) cn;
            if (split.nexts().isEmpty()) {
              errors.add(new NodeError(d.id(), null, "a split needs at least one output"));
            }
            nodes.split(split.data(), vars);
            split.nexts().forEach(b -> walk(b, vars, false));
            return vars;
          }
        case BRANCH_END:
          {
            NodeData.BranchEnd be = (NodeData.BranchEnd) d;
            joinInputs.computeIfAbsent(be.joinId(), k -> new LinkedHashMap<>()).put(be.id(), vars);
            return vars;
          }
        case JOIN:
          errors.add(new NodeError(d.id(), null, "a join must start an additional branch"));
          return vars;
      }
      throw new IllegalStateException("unhandled node type " + d.type());
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
            Map<String, DataType> after = nodes.join((NodeData.Join) branch.get(0).data(), have);
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
  }
}
