package dev.walnut.engine.testrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Fixes enrichers' answers for a test case without touching the components: each mocked Enricher
 * node becomes a Variable node of the same id that sets the enricher's output variable to the fixed
 * answer (a SpEL literal of the JSON value, or the case's expression). The rest of the scenario,
 * its validation and its per-node counts stay as they are, so the case tests what runs.
 */
final class EnricherMocks {
  private EnricherMocks() {}

  static Scenario apply(Scenario scenario, Map<String, TestCase.Mock> mocks) {
    if (mocks.isEmpty()) {
      return scenario;
    }
    ObjectNode tree = ScenarioJson.toTree(scenario);
    Set<String> replaced = new LinkedHashSet<>();
    replace(tree, mocks, replaced);
    for (String id : mocks.keySet()) {
      if (!replaced.contains(id)) {
        String what =
            scenario
                .node(id)
                .map(n -> "is a " + n.type() + "; only enrichers' answers can be fixed")
                .orElse("is not a node of the scenario");
        throw new IllegalArgumentException("mocks name `" + id + "`, which " + what);
      }
    }
    return ScenarioJson.fromTree(tree);
  }

  private static void replace(JsonNode n, Map<String, TestCase.Mock> mocks, Set<String> replaced) {
    if (n.isObject()) {
      ObjectNode o = (ObjectNode) n;
      if ("Enricher".equals(o.path("type").asText()) && mocks.containsKey(o.path("id").asText())) {
        String id = o.path("id").asText();
        TestCase.Mock mock = mocks.get(id);
        String output = o.path("output").asText();
        JsonNode fields = o.get("additionalFields");
        o.removeAll();
        o.put("id", id);
        o.put("varName", output);
        o.putObject("value")
            .put("language", "spel")
            .put("expression", mock.expression().orElseGet(() -> spelLiteral(mock.answer().get())));
        if (fields != null) {
          o.set("additionalFields", fields);
        }
        o.put("type", "Variable");
        replaced.add(id);
        return;
      }
    }
    for (Iterator<JsonNode> it = n.elements(); it.hasNext(); ) {
      replace(it.next(), mocks, replaced);
    }
  }

  /** The SpEL literal of a JSON value: inline lists {@code {a, b}} and maps {@code {'k': v}}. */
  static String spelLiteral(JsonNode v) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return "null";
    } else if (v.isBoolean()) {
      return Boolean.toString(v.asBoolean());
    } else if (v.isIntegralNumber()) {
      return v.canConvertToInt() ? Integer.toString(v.asInt()) : v.asLong() + "L";
    } else if (v.isNumber()) {
      return Double.toString(v.asDouble());
    } else if (v.isTextual()) {
      return "'" + v.asText().replace("'", "''") + "'";
    } else if (v.isArray()) {
      StringBuilder b = new StringBuilder("{");
      for (int i = 0; i < v.size(); i++) {
        b.append(i == 0 ? "" : ", ").append(spelLiteral(v.get(i)));
      }
      return b.append('}').toString();
    }
    if (v.isEmpty()) {
      return "{:}";
    }
    StringBuilder b = new StringBuilder("{");
    boolean first = true;
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); first = false) {
      Map.Entry<String, JsonNode> e = it.next();
      b.append(first ? "" : ", ")
          .append('\'')
          .append(e.getKey().replace("'", "''"))
          .append("': ")
          .append(spelLiteral(e.getValue()));
    }
    return b.append('}').toString();
  }
}
