package dev.walnut.testkit.scenario;

import dev.walnut.engine.scenario.CanonicalNode;
import dev.walnut.engine.scenario.Expression;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Adds nodes to a branch, in order. A branch ends with a sink, a branch end (into a join), a switch
 * or a split; ending it gives back {@code R}: the {@link dev.walnut.engine.scenario.Scenario} for
 * the main branch of a {@link ScenarioBuilder}, a {@link Branch} otherwise.
 *
 * @param <R> what ending the branch returns
 */
public final class BranchBuilder<R> {
  private final List<CanonicalNode> nodes = new ArrayList<>();
  private final Function<List<CanonicalNode>, R> finish;
  private boolean finished;

  BranchBuilder(Function<List<CanonicalNode>, R> finish) {
    this.finish = finish;
  }

  BranchBuilder<R> add(CanonicalNode node) {
    if (finished) {
      throw new IllegalStateException("the branch has already ended; start another one");
    }
    nodes.add(node);
    return this;
  }

  /** Lets records for which {@code expression} holds continue; the others are dropped. */
  public BranchBuilder<R> filter(String id, String expression) {
    return filter(id, expression, new Branch(List.of()));
  }

  /**
   * Lets records for which {@code expression} holds continue; the others go to {@code nextFalse}.
   */
  public BranchBuilder<R> filter(String id, String expression, Branch nextFalse) {
    return add(
        new CanonicalNode.FilterNode(
            new NodeData.Filter(
                id, Expression.spel(expression), null, Nodes.LAYOUT, Nodes.NO_EXTRAS),
            nextFalse.nodes()));
  }

  /** Defines {@code #varName}. */
  public BranchBuilder<R> variable(String id, String varName, String expression) {
    return add(
        new CanonicalNode.Flat(
            new NodeData.Variable(
                id, varName, Expression.spel(expression), Nodes.LAYOUT, Nodes.NO_EXTRAS)));
  }

  /** Defines the record {@code #varName} from named fields (a VariableBuilder node). */
  public BranchBuilder<R> recordVariable(String id, String varName, NodeData.Field... fields) {
    return add(
        new CanonicalNode.Flat(
            new NodeData.VariableBuilder(
                id, varName, List.of(fields), Nodes.LAYOUT, Nodes.NO_EXTRAS)));
  }

  /** Calls an enricher and puts its result in {@code #output}. */
  public BranchBuilder<R> enricher(
      String id, String component, String output, NodeParameter... parameters) {
    return add(
        new CanonicalNode.Flat(
            new NodeData.Enricher(
                id, Nodes.ref(component, parameters), output, Nodes.LAYOUT, Nodes.NO_EXTRAS)));
  }

  /** Calls a service for its effect only. */
  public BranchBuilder<R> processor(String id, String component, NodeParameter... parameters) {
    return add(
        new CanonicalNode.Flat(
            new NodeData.Processor(
                id, Nodes.ref(component, parameters), null, Nodes.LAYOUT, Nodes.NO_EXTRAS)));
  }

  /**
   * A custom transformer ({@code aggregate-sliding}, {@code co-visit}…); {@code outputVar} may be
   * null.
   */
  public BranchBuilder<R> customNode(
      String id, String component, String outputVar, NodeParameter... parameters) {
    return add(
        new CanonicalNode.Flat(
            new NodeData.CustomNode(
                id, outputVar, component, List.of(parameters), Nodes.LAYOUT, Nodes.NO_EXTRAS)));
  }

  /** Ends the branch with a sink. */
  public R sink(String id, String component, NodeParameter... parameters) {
    add(
        new CanonicalNode.Flat(
            new NodeData.Sink(
                id, Nodes.ref(component, parameters), null, null, Nodes.LAYOUT, Nodes.NO_EXTRAS)));
    return end();
  }

  /**
   * Ends the branch in the join {@code joinId}; {@code branchId} names it in the join's parameters.
   */
  public R branchEnd(String branchId, String joinId) {
    add(
        new CanonicalNode.Flat(
            new NodeData.BranchEnd(branchId, joinId, Nodes.NO_EXTRAS, Nodes.NO_EXTRAS)));
    return end();
  }

  /** Ends the branch by sending every record to each of {@code outputs}. */
  public R split(String id, Branch... outputs) {
    List<List<CanonicalNode>> nexts = new ArrayList<>();
    for (Branch b : outputs) {
      nexts.add(b.nodes());
    }
    add(new CanonicalNode.SplitNode(new NodeData.Split(id, Nodes.LAYOUT, Nodes.NO_EXTRAS), nexts));
    return end();
  }

  /**
   * Ends the branch with a switch: each record goes to the first case whose condition holds, else
   * to the default branch.
   */
  public SwitchBuilder<R> switchNode(String id) {
    return new SwitchBuilder<>(
        this, new NodeData.Switch(id, null, null, Nodes.LAYOUT, Nodes.NO_EXTRAS));
  }

  /**
   * Ends the branch here, without a sink: after a custom node that may end a branch, or to build a
   * scenario that is deliberately invalid.
   */
  public R end() {
    if (finished) {
      throw new IllegalStateException("the branch has already ended");
    }
    finished = true;
    return finish.apply(List.copyOf(nodes));
  }
}
