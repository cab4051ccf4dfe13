package dev.walnut.engine.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A scenario in Nussknacker's canonical form: metadata, the main branch ({@code nodes}, starting
 * with a source) and the {@code additionalBranches} (further sources, and the branches that start
 * with a join).
 */
public record Scenario(
    MetaData metaData,
    List<CanonicalNode> nodes,
    List<List<CanonicalNode>> additionalBranches,
    JsonExtras extras) {

  public Scenario {
    Objects.requireNonNull(metaData, "metaData");
    nodes = List.copyOf(nodes);
    additionalBranches = additionalBranches.stream().map(List::copyOf).toList();
  }

  public String id() {
    return metaData.id();
  }

  /** All branches: the main one first. */
  public List<List<CanonicalNode>> branches() {
    List<List<CanonicalNode>> all = new ArrayList<>();
    all.add(nodes);
    all.addAll(additionalBranches);
    return all;
  }

  /** Every node, depth first, in document order. */
  public List<NodeData> allNodes() {
    List<NodeData> out = new ArrayList<>();
    for (List<CanonicalNode> branch : branches()) {
      collect(branch, out);
    }
    return out;
  }

  public Optional<NodeData> node(String id) {
    return allNodes().stream().filter(n -> n.id().equals(id)).findFirst();
  }

  private static void collect(List<CanonicalNode> branch, List<NodeData> out) {
    for (CanonicalNode n : branch) {
      out.add(n.data());
      if (n instanceof CanonicalNode.FilterNode f) {
        collect(f.nextFalse(), out);
      } else if (n instanceof CanonicalNode.SwitchNode s) {
        s.nexts().forEach(c -> collect(c.nodes(), out));
        collect(s.defaultNext(), out);
      } else if (n instanceof CanonicalNode.SplitNode s) {
        s.nexts().forEach(b -> collect(b, out));
      }
    }
  }
}
