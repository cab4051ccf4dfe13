package dev.walnut.designer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walnut.engine.scenario.NodeData;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds text in a scenario: its name, its labels, the components its nodes use and the text of
 * every expression (a node's parameters, a filter's condition, a variable's value, ...). Matching
 * ignores case.
 */
final class ScenarioSearch {
  private ScenarioSearch() {}

  /** One place the text was found. */
  record Hit(String scenario, String kind, String nodeId, String parameter, String text) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("scenario", scenario);
      m.put("kind", kind);
      m.put("nodeId", nodeId);
      m.put("parameter", parameter);
      m.put("text", text);
      return m;
    }
  }

  static List<Hit> find(String query, String name, List<String> labels, Scenario scenario) {
    String q = query.toLowerCase(Locale.ROOT);
    List<Hit> hits = new ArrayList<>();
    if (name.toLowerCase(Locale.ROOT).contains(q)) {
      hits.add(new Hit(name, "name", null, null, name));
    }
    for (String label : labels) {
      if (label.toLowerCase(Locale.ROOT).contains(q)) {
        hits.add(new Hit(name, "label", null, null, label));
      }
    }
    for (NodeData node : scenario.allNodes()) {
      node.componentId()
          .filter(c -> c.toLowerCase(Locale.ROOT).contains(q))
          .ifPresent(c -> hits.add(new Hit(name, "component", node.id(), null, c)));
    }
    JsonNode tree = ScenarioJson.toTree(scenario);
    expressions(tree.path("nodes"), null, null, q, name, hits);
    expressions(tree.path("additionalBranches"), null, null, q, name, hits);
    return hits;
  }

  /**
   * Walks the node tree; an object with a `type` and an `id` is a node, `{name, expression}` a
   * parameter.
   */
  private static void expressions(
      JsonNode n, String nodeId, String parameter, String q, String name, List<Hit> hits) {
    if (n.isObject()) {
      if (n.path("id").isTextual() && n.path("type").isTextual()) {
        nodeId = n.get("id").asText();
        parameter = null;
      }
      if (n.path("name").isTextual() && n.has("expression")) {
        parameter = n.get("name").asText();
      }
      if (n.path("language").isTextual() && n.path("expression").isTextual()) {
        String text = n.get("expression").asText();
        if (text.toLowerCase(Locale.ROOT).contains(q)) {
          hits.add(new Hit(name, "expression", nodeId, parameter, text));
        }
        return;
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("additionalFields")) {
          // a filter's `expression`, a variable's `value`: the field names what the text is
          String p = parameter == null && e.getValue().has("language") ? e.getKey() : parameter;
          expressions(e.getValue(), nodeId, p, q, name, hits);
        }
      }
    } else if (n.isArray()) {
      for (JsonNode x : n) {
        expressions(x, nodeId, parameter, q, name, hits);
      }
    }
  }
}
