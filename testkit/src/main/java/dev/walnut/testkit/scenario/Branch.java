package dev.walnut.testkit.scenario;

import dev.walnut.engine.scenario.BranchParameters;
import dev.walnut.engine.scenario.CanonicalNode;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import java.util.List;

/**
 * A finished branch of nodes: a filter's false branch, a switch case, a split output, or one of the
 * branches of a scenario with several sources or joins.
 *
 * <pre>{@code
 * Branch small = Branch.start().sink("small ones", "dead-end");
 * Branch fromA = Branch.source("a", "kafka", param("Topic", "'a'")).branchEnd("from a", "both");
 * Branch merged =
 *     Branch.join("both", "union", "merged", branchParameters("from a", param("Output expression", "#input")))
 *         .sink("out", "dead-end");
 * }</pre>
 */
public record Branch(List<CanonicalNode> nodes) {
  public Branch {
    nodes = List.copyOf(nodes);
  }

  /** A branch continuing a fork (filter, switch, split): it starts with the next node. */
  public static BranchBuilder<Branch> start() {
    return new BranchBuilder<>(Branch::new);
  }

  /** A further source of the scenario. */
  public static BranchBuilder<Branch> source(
      String id, String component, NodeParameter... parameters) {
    return start().add(Nodes.source(id, component, parameters));
  }

  /**
   * The branch that starts with a join, e.g. {@code union}, given the parameters of each incoming
   * branch (see {@link ScenarioBuilder#branchParameters}).
   */
  public static BranchBuilder<Branch> join(
      String id, String component, String outputVar, BranchParameters... branches) {
    return start()
        .add(
            new CanonicalNode.Flat(
                new NodeData.Join(
                    id,
                    outputVar,
                    component,
                    List.of(),
                    List.of(branches),
                    Nodes.LAYOUT,
                    Nodes.NO_EXTRAS)));
  }
}
