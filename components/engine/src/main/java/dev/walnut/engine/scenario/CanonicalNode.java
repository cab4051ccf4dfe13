package dev.walnut.engine.scenario;

import java.util.List;

/**
 * Nussknacker's canonical, nested form: a branch is a list of nodes, and the nodes that fork carry
 * their other branches inside them.
 */
public sealed interface CanonicalNode {

  NodeData data();

  default String id() {
    return data().id();
  }

  /** A node without sub-branches. */
  record Flat(NodeData data) implements CanonicalNode {}

  /** A filter: the branch continues with records that pass; {@code nextFalse} gets the rest. */
  record FilterNode(NodeData.Filter data, List<CanonicalNode> nextFalse) implements CanonicalNode {
    public FilterNode {
      nextFalse = List.copyOf(nextFalse);
    }
  }

  /** A switch: ends the branch; each case and the default start their own branch. */
  record SwitchNode(NodeData.Switch data, List<Case> nexts, List<CanonicalNode> defaultNext)
      implements CanonicalNode {
    public SwitchNode {
      nexts = List.copyOf(nexts);
      defaultNext = List.copyOf(defaultNext);
    }
  }

  /** A split: ends the branch; every record goes to each of {@code nexts}. */
  record SplitNode(NodeData.Split data, List<List<CanonicalNode>> nexts) implements CanonicalNode {
    public SplitNode {
      nexts = nexts.stream().map(List::copyOf).toList();
    }
  }

  /** One case of a switch. */
  record Case(Expression expression, List<CanonicalNode> nodes, JsonExtras extras) {
    public Case {
      nodes = List.copyOf(nodes);
    }
  }
}
