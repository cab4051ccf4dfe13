package dev.walnut.engine.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;

/**
 * Scenario JSON for the engine's tests, written the way Nussknacker writes it, so tests also go
 * through the codec. (Other modules use the test kit's scenario builder; the engine cannot depend
 * on it.)
 */
public final class Json {
  private static final ObjectMapper M = new ObjectMapper();

  private Json() {}

  public static Scenario scenario(String id, ObjectNode... nodes) {
    return scenario(id, 1, new ObjectNode[][] {}, nodes);
  }

  public static Scenario scenario(
      String id, int parallelism, ObjectNode[][] additionalBranches, ObjectNode... nodes) {
    ObjectNode root = M.createObjectNode();
    ObjectNode meta = root.putObject("metaData");
    meta.put("id", id);
    ObjectNode af = meta.putObject("additionalFields");
    af.putObject("properties").put("parallelism", String.valueOf(parallelism));
    af.put("metaDataType", "StreamMetaData");
    root.set("nodes", branch(nodes));
    ArrayNode extra = root.putArray("additionalBranches");
    for (ObjectNode[] b : additionalBranches) {
      extra.add(branch(b));
    }
    return ScenarioJson.fromTree(root);
  }

  public static ArrayNode branch(ObjectNode... nodes) {
    ArrayNode a = M.createArrayNode();
    for (ObjectNode n : nodes) {
      a.add(n);
    }
    return a;
  }

  public static ObjectNode source(String id, String typ, String... params) {
    ObjectNode n = node(id, "Source");
    n.set("ref", ref("typ", typ, params));
    return n;
  }

  public static ObjectNode sink(String id, String typ, String... params) {
    ObjectNode n = node(id, "Sink");
    n.set("ref", ref("typ", typ, params));
    return n;
  }

  public static ObjectNode filter(String id, String expression, ObjectNode... nextFalse) {
    ObjectNode n = node(id, "Filter");
    n.set("expression", expr(expression));
    n.set("nextFalse", branch(nextFalse));
    return n;
  }

  public static ObjectNode variable(String id, String name, String expression) {
    ObjectNode n = node(id, "Variable");
    n.put("varName", name);
    n.set("value", expr(expression));
    return n;
  }

  /** {@code fields}: name, expression, name, expression… */
  public static ObjectNode record(String id, String name, String... fields) {
    ObjectNode n = node(id, "VariableBuilder");
    n.put("varName", name);
    ArrayNode fs = n.putArray("fields");
    for (int i = 0; i < fields.length; i += 2) {
      ObjectNode f = fs.addObject();
      f.put("name", fields[i]);
      f.set("expression", expr(fields[i + 1]));
    }
    return n;
  }

  public static ObjectNode enricher(String id, String service, String output, String... params) {
    ObjectNode n = node(id, "Enricher");
    n.set("service", ref("id", service, params));
    n.put("output", output);
    return n;
  }

  public static ObjectNode custom(String id, String nodeType, String outputVar, String... params) {
    ObjectNode n = node(id, "CustomNode");
    n.put("outputVar", outputVar);
    n.put("nodeType", nodeType);
    n.set("parameters", params(params));
    return n;
  }

  /** A switch: {@code cases} are condition, branch pairs. */
  public static ObjectNode switchNode(String id, ArrayNode defaultNext, Object... cases) {
    ObjectNode n = node(id, "Switch");
    ArrayNode nexts = n.putArray("nexts");
    for (int i = 0; i < cases.length; i += 2) {
      ObjectNode c = nexts.addObject();
      c.set("expression", expr((String) cases[i]));
      c.set("nodes", (ArrayNode) cases[i + 1]);
    }
    n.set("defaultNext", defaultNext);
    return n;
  }

  public static ObjectNode split(String id, ArrayNode... branches) {
    ObjectNode n = node(id, "Split");
    ArrayNode nexts = n.putArray("nexts");
    for (ArrayNode b : branches) {
      nexts.add(b);
    }
    return n;
  }

  private static ObjectNode node(String id, String type) {
    ObjectNode n = M.createObjectNode();
    n.put("id", id);
    n.put("type", type);
    return n;
  }

  private static ObjectNode ref(String idField, String id, String... params) {
    ObjectNode r = M.createObjectNode();
    r.put(idField, id);
    r.set("parameters", params(params));
    return r;
  }

  /** name, expression, name, expression… */
  private static ArrayNode params(String... params) {
    ArrayNode a = M.createArrayNode();
    for (int i = 0; i < params.length; i += 2) {
      ObjectNode p = a.addObject();
      p.put("name", params[i]);
      p.set("expression", expr(params[i + 1]));
    }
    return a;
  }

  private static ObjectNode expr(String e) {
    ObjectNode x = M.createObjectNode();
    x.put("language", "spel");
    x.put("expression", e);
    return x;
  }
}
