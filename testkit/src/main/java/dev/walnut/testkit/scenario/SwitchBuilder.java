package dev.walnut.testkit.scenario;

import dev.walnut.engine.scenario.CanonicalNode;
import dev.walnut.engine.scenario.Expression;
import dev.walnut.engine.scenario.NodeData;
import java.util.ArrayList;
import java.util.List;

/**
 * The cases of a switch, in order: {@code .switchNode("route").when("#input.amount > 100",
 * big).when("#input.amount > 10", medium).otherwise(small)}.
 *
 * @param <R> what ending the branch returns
 */
public final class SwitchBuilder<R> {
  private final BranchBuilder<R> branch;
  private final NodeData.Switch data;
  private final List<CanonicalNode.Case> cases = new ArrayList<>();

  SwitchBuilder(BranchBuilder<R> branch, NodeData.Switch data) {
    this.branch = branch;
    this.data = data;
  }

  /** Records for which {@code condition} holds (and no earlier case's did) go to {@code next}. */
  public SwitchBuilder<R> when(String condition, Branch next) {
    cases.add(new CanonicalNode.Case(Expression.spel(condition), next.nodes(), Nodes.NO_EXTRAS));
    return this;
  }

  /** Records no case took go to {@code next}; ends the branch. */
  public R otherwise(Branch next) {
    return branch.add(new CanonicalNode.SwitchNode(data, cases, next.nodes())).end();
  }

  /** Records no case took are dropped; ends the branch. */
  public R end() {
    return otherwise(new Branch(List.of()));
  }
}
