package dev.walnut.testkit.scenario;

import dev.walnut.engine.scenario.AdditionalFields;
import dev.walnut.engine.scenario.CanonicalNode;
import dev.walnut.engine.scenario.JsonExtras;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.NodeParameter;
import java.util.List;

/** The node records the builders create: no description, no position, no unknown fields. */
final class Nodes {
  static final AdditionalFields LAYOUT = AdditionalFields.EMPTY;
  static final JsonExtras NO_EXTRAS = JsonExtras.NONE;

  private Nodes() {}

  static CanonicalNode source(String id, String component, NodeParameter... parameters) {
    return new CanonicalNode.Flat(
        new NodeData.Source(id, ref(component, parameters), LAYOUT, NO_EXTRAS));
  }

  static NodeData.ComponentRef ref(String component, NodeParameter... parameters) {
    return NodeData.ComponentRef.of(component, List.of(parameters));
  }
}
