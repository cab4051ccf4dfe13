package dev.walnut.designer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The differences between two versions of a scenario, node by node. Where a node is drawn ({@code
 * layoutData}) is not a difference: moving nodes around changes nothing that runs.
 */
final class ScenarioCompare {
  private ScenarioCompare() {}

  /** {@code {added: [ids], removed: [ids], changed: [ids], propertiesChanged, edgesChanged}}. */
  static Map<String, Object> compare(Scenario from, Scenario to) {
    Map<String, JsonNode> a = nodes(from);
    Map<String, JsonNode> b = nodes(to);
    List<String> added = new ArrayList<>();
    List<String> removed = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    b.keySet().stream().filter(id -> !a.containsKey(id)).forEach(added::add);
    for (Map.Entry<String, JsonNode> e : a.entrySet()) {
      if (!b.containsKey(e.getKey())) {
        removed.add(e.getKey());
      } else if (!e.getValue().equals(b.get(e.getKey()))) {
        changed.add(e.getKey());
      }
    }
    boolean propertiesChanged =
        !ScenarioJson.toTree(from).get("metaData").equals(ScenarioJson.toTree(to).get("metaData"));
    boolean structureChanged =
        !withoutLayout(ScenarioJson.toTree(from)).equals(withoutLayout(ScenarioJson.toTree(to)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("added", added);
    out.put("removed", removed);
    out.put("changed", changed);
    out.put("propertiesChanged", propertiesChanged);
    out.put("identical", !structureChanged);
    return out;
  }

  /** Each node's own JSON (without its successors and without its position), by id. */
  private static Map<String, JsonNode> nodes(Scenario s) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    JsonNode tree = withoutLayout(ScenarioJson.toTree(s));
    collect(tree.get("nodes"), out);
    tree.get("additionalBranches").forEach(b -> collect(b, out));
    return out;
  }

  private static void collect(JsonNode branch, Map<String, JsonNode> out) {
    for (JsonNode n : branch) {
      ObjectNode own = n.deepCopy();
      own.remove(List.of("nextFalse", "nexts", "defaultNext"));
      String id = n.has("id") ? n.get("id").asText() : n.path("definition").path("id").asText();
      out.put(id, own);
      if (n.has("nextFalse")) {
        collect(n.get("nextFalse"), out);
      }
      if (n.has("nexts")) {
        for (JsonNode next : n.get("nexts")) {
          collect(next.isArray() ? next : next.get("nodes"), out);
        }
      }
      if (n.has("defaultNext")) {
        collect(n.get("defaultNext"), out);
      }
    }
  }

  private static JsonNode withoutLayout(JsonNode tree) {
    JsonNode copy = tree.deepCopy();
    strip(copy);
    return copy;
  }

  private static void strip(JsonNode node) {
    if (node.isObject()) {
      JsonNode af = node.get("additionalFields");
      if (af != null && af.isObject()) {
        ((ObjectNode) af).remove("layoutData");
      }
      node.forEach(ScenarioCompare::strip);
    } else if (node.isArray()) {
      node.forEach(ScenarioCompare::strip);
    }
  }
}
