package dev.walnut.engine.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one JSON codec of scenarios, in Nussknacker's canonical format. Lossless: what it reads it
 * writes back as the same JSON tree, including fields it does not model and fields present as
 * {@code null}, in their original order. Scenarios built in code are written in Nussknacker's own
 * canonical field order.
 */
public final class ScenarioJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private ScenarioJson() {}

  // ---------------------------------------------------------------- reading

  public static Scenario read(Path file) {
    try {
      return read(Files.readString(file));
    } catch (IOException e) {
      throw new ScenarioFormatException(
          "cannot read scenario file " + file + ": " + e.getMessage(), e);
    }
  }

  public static Scenario read(InputStream in) {
    try {
      return fromTree(MAPPER.readTree(in));
    } catch (IOException e) {
      throw new ScenarioFormatException("scenario is not valid JSON: " + e.getMessage(), e);
    }
  }

  public static Scenario read(String json) {
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ScenarioFormatException(
          "scenario is not valid JSON: " + e.getOriginalMessage() + locationOf(e), e);
    }
    return fromTree(tree);
  }

  public static Scenario fromTree(JsonNode tree) {
    Obj root = Obj.of(tree, "$");
    Obj meta = root.obj("metaData");
    Obj metaAdditional = meta.optObj("additionalFields");
    Map<String, String> props = new LinkedHashMap<>();
    String description = null;
    String metaDataType = MetaData.STREAM;
    JsonExtras metaAdditionalExtras = JsonExtras.NONE;
    if (metaAdditional != null) {
      description = metaAdditional.optText("description");
      metaDataType = metaAdditional.optText("metaDataType");
      Obj properties = metaAdditional.optObj("properties");
      if (properties != null) {
        properties.node.fields().forEachRemaining(e -> props.put(e.getKey(), textOf(e.getValue())));
      }
      metaAdditionalExtras =
          metaAdditional.extras(Set.of("description", "properties", "metaDataType"));
    }
    MetaData metaData =
        new MetaData(
            meta.text("id"),
            description,
            props,
            metaDataType,
            metaAdditionalExtras,
            meta.extras(Set.of("id", "additionalFields")));
    List<CanonicalNode> nodes = branch(root.array("nodes"), root.path + ".nodes");
    List<List<CanonicalNode>> additional = new ArrayList<>();
    ArrayNode extra = root.optArray("additionalBranches");
    if (extra != null) {
      for (int i = 0; i < extra.size(); i++) {
        String path = root.path + ".additionalBranches[" + i + "]";
        if (!extra.get(i).isArray()) {
          throw new ScenarioFormatException(path + " must be an array of nodes");
        }
        additional.add(branch((ArrayNode) extra.get(i), path));
      }
    }
    return new Scenario(
        metaData,
        nodes,
        additional,
        root.extras(Set.of("metaData", "nodes", "additionalBranches")));
  }

  private static List<CanonicalNode> branch(ArrayNode array, String path) {
    List<CanonicalNode> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(node(Obj.of(array.get(i), path + "[" + i + "]")));
    }
    return out;
  }

  private static CanonicalNode node(Obj o) {
    String type = o.text("type");
    Optional<NodeType> typed = NodeType.fromJson(type);
    // an unknown type is reported after a missing id, as for the known ones
    boolean hasId = typed.map(NodeType::hasId).orElse(true);
    String id = hasId ? o.text("id") : null;
    AdditionalFields af = hasId ? additionalFields(o) : null;
    NodeType kind =
        typed.orElseThrow(
            () ->
                new ScenarioFormatException(
                    o.path
                        + ".type: unknown node type `"
                        + type
                        + "`; expected one of "
                        + String.join(
                            ", ", Arrays.stream(NodeType.values()).map(NodeType::json).toList())));
    Set<String> known = kind.jsonFieldNames();
    switch (kind) {
      case SOURCE:
        return new CanonicalNode.Flat(
            new NodeData.Source(id, ref(o.obj("ref"), "typ"), af, o.extras(known)));
      case SINK:
        return new CanonicalNode.Flat(
            new NodeData.Sink(
                id,
                ref(o.obj("ref"), "typ"),
                o.optExpression("endResult"),
                o.optBoolean("isDisabled"),
                af,
                o.extras(known)));
      case FILTER:
        {
          NodeData.Filter f =
              new NodeData.Filter(
                  id, o.expression("expression"), o.optBoolean("isDisabled"), af, o.extras(known));
          ArrayNode nf = o.optArray("nextFalse");
          return new CanonicalNode.FilterNode(
              f, nf == null ? List.of() : branch(nf, o.path + ".nextFalse"));
        }
      case VARIABLE:
        return new CanonicalNode.Flat(
            new NodeData.Variable(
                id, o.text("varName"), o.expression("value"), af, o.extras(known)));
      case VARIABLE_BUILDER:
        {
          List<NodeData.Field> fields = new ArrayList<>();
          ArrayNode fa = o.array("fields");
          for (int i = 0; i < fa.size(); i++) {
            Obj f = Obj.of(fa.get(i), o.path + ".fields[" + i + "]");
            fields.add(new NodeData.Field(f.text("name"), f.expression("expression")));
          }
          return new CanonicalNode.Flat(
              new NodeData.VariableBuilder(id, o.text("varName"), fields, af, o.extras(known)));
        }
      case ENRICHER:
        return new CanonicalNode.Flat(
            new NodeData.Enricher(
                id, ref(o.obj("service"), "id"), o.text("output"), af, o.extras(known)));
      case PROCESSOR:
        return new CanonicalNode.Flat(
            new NodeData.Processor(
                id, ref(o.obj("service"), "id"), o.optBoolean("isDisabled"), af, o.extras(known)));
      case CUSTOM_NODE:
        return new CanonicalNode.Flat(
            new NodeData.CustomNode(
                id,
                o.optText("outputVar"),
                o.text("nodeType"),
                parameters(o.array("parameters"), o.path + ".parameters"),
                af,
                o.extras(known)));
      case JOIN:
        {
          List<BranchParameters> bps = new ArrayList<>();
          ArrayNode ba = o.optArray("branchParameters");
          if (ba != null) {
            for (int i = 0; i < ba.size(); i++) {
              Obj b = Obj.of(ba.get(i), o.path + ".branchParameters[" + i + "]");
              bps.add(
                  new BranchParameters(
                      b.text("branchId"),
                      parameters(b.array("parameters"), b.path + ".parameters")));
            }
          }
          ArrayNode pa = o.optArray("parameters");
          return new CanonicalNode.Flat(
              new NodeData.Join(
                  id,
                  o.optText("outputVar"),
                  o.text("nodeType"),
                  pa == null ? List.of() : parameters(pa, o.path + ".parameters"),
                  bps,
                  af,
                  o.extras(known)));
        }
      case SPLIT:
        {
          List<List<CanonicalNode>> nexts = new ArrayList<>();
          ArrayNode na = o.array("nexts");
          for (int i = 0; i < na.size(); i++) {
            String p = o.path + ".nexts[" + i + "]";
            if (!na.get(i).isArray()) {
              throw new ScenarioFormatException(p + " must be an array of nodes");
            }
            nexts.add(branch((ArrayNode) na.get(i), p));
          }
          return new CanonicalNode.SplitNode(new NodeData.Split(id, af, o.extras(known)), nexts);
        }
      case SWITCH:
        {
          List<CanonicalNode.Case> cases = new ArrayList<>();
          ArrayNode na = o.array("nexts");
          for (int i = 0; i < na.size(); i++) {
            Obj c = Obj.of(na.get(i), o.path + ".nexts[" + i + "]");
            cases.add(
                new CanonicalNode.Case(
                    c.expression("expression"),
                    branch(c.array("nodes"), c.path + ".nodes"),
                    c.extras(Set.of("expression", "nodes"))));
          }
          ArrayNode dn = o.optArray("defaultNext");
          return new CanonicalNode.SwitchNode(
              new NodeData.Switch(
                  id, o.optExpression("expression"), o.optText("exprVal"), af, o.extras(known)),
              cases,
              dn == null ? List.of() : branch(dn, o.path + ".defaultNext"));
        }
      case BRANCH_END:
        {
          Obj def = o.obj("definition");
          return new CanonicalNode.Flat(
              new NodeData.BranchEnd(
                  def.text("id"),
                  def.text("joinId"),
                  def.extras(Set.of("id", "joinId")),
                  o.extras(known)));
        }
    }
    throw new IllegalStateException("unhandled node type " + kind);
  }

  private static AdditionalFields additionalFields(Obj o) {
    Obj af = o.optObj("additionalFields");
    if (af == null) {
      return null;
    }
    AdditionalFields.LayoutData layout = null;
    Obj ld = af.optObj("layoutData");
    if (ld != null) {
      layout =
          new AdditionalFields.LayoutData(ld.node.path("x").asLong(), ld.node.path("y").asLong());
    }
    return new AdditionalFields(
        af.optText("description"), layout, af.extras(Set.of("description", "layoutData")));
  }

  private static NodeData.ComponentRef ref(Obj o, String idField) {
    return new NodeData.ComponentRef(
        o.text(idField),
        parameters(o.array("parameters"), o.path + ".parameters"),
        o.extras(Set.of(idField, "parameters")));
  }

  private static List<NodeParameter> parameters(ArrayNode array, String path) {
    List<NodeParameter> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      Obj p = Obj.of(array.get(i), path + "[" + i + "]");
      out.add(new NodeParameter(p.text("name"), p.expression("expression")));
    }
    return out;
  }

  // ---------------------------------------------------------------- writing

  public static String write(Scenario scenario) {
    try {
      return MAPPER.writeValueAsString(toTree(scenario)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write scenario JSON", e);
    }
  }

  public static void write(Scenario scenario, Path file) throws IOException {
    Files.writeString(file, write(scenario));
  }

  public static ObjectNode toTree(Scenario s) {
    MetaData m = s.metaData();
    ObjectNode props = F.objectNode();
    m.properties().forEach(props::put);
    Map<String, JsonNode> af = new LinkedHashMap<>();
    af.put("description", text(m.description()));
    af.put("properties", props);
    af.put("metaDataType", text(m.metaDataType()));
    Map<String, JsonNode> meta = new LinkedHashMap<>();
    meta.put("id", text(m.id()));
    meta.put("additionalFields", object(af, m.additionalFieldsExtras()));
    Map<String, JsonNode> root = new LinkedHashMap<>();
    root.put("metaData", object(meta, m.extras()));
    root.put("nodes", branchTree(s.nodes()));
    ArrayNode extra = F.arrayNode();
    s.additionalBranches().forEach(b -> extra.add(branchTree(b)));
    root.put("additionalBranches", extra);
    return object(root, s.extras());
  }

  private static ArrayNode branchTree(List<CanonicalNode> branch) {
    ArrayNode a = F.arrayNode();
    branch.forEach(n -> a.add(nodeTree(n)));
    return a;
  }

  private static ObjectNode nodeTree(CanonicalNode n) {
    Map<String, JsonNode> f = new LinkedHashMap<>();
    NodeData d = n.data();
    if (n instanceof CanonicalNode.FilterNode fn) {
      f.put("nextFalse", branchTree(fn.nextFalse()));
    } else if (n instanceof CanonicalNode.SplitNode sn) {
      ArrayNode nexts = F.arrayNode();
      sn.nexts().forEach(b -> nexts.add(branchTree(b)));
      f.put("nexts", nexts);
    } else if (n instanceof CanonicalNode.SwitchNode sw) {
      ArrayNode nexts = F.arrayNode();
      for (CanonicalNode.Case c : sw.nexts()) {
        Map<String, JsonNode> cf = new LinkedHashMap<>();
        cf.put("expression", expression(c.expression()));
        cf.put("nodes", branchTree(c.nodes()));
        nexts.add(object(cf, c.extras()));
      }
      f.put("nexts", nexts);
      f.put("defaultNext", branchTree(sw.defaultNext()));
    }
    if (d instanceof NodeData.BranchEnd be) {
      Map<String, JsonNode> def = new LinkedHashMap<>();
      def.put("id", text(be.id()));
      def.put("joinId", text(be.joinId()));
      f.put("definition", object(def, be.definitionExtras()));
      f.put("type", text(be.type()));
      return object(f, be.extras());
    }
    f.put("id", text(d.id()));
    if (d instanceof NodeData.Source s) {
      f.put("ref", ref(s.ref(), "typ"));
    } else if (d instanceof NodeData.Sink s) {
      f.put("ref", ref(s.ref(), "typ"));
      f.put("endResult", s.endResult() == null ? NullNode.instance : expression(s.endResult()));
      f.put("isDisabled", bool(s.disabled()));
    } else if (d instanceof NodeData.Filter x) {
      f.put("expression", expression(x.expression()));
      f.put("isDisabled", bool(x.disabled()));
    } else if (d instanceof NodeData.Variable x) {
      f.put("varName", text(x.varName()));
      f.put("value", expression(x.value()));
    } else if (d instanceof NodeData.VariableBuilder x) {
      f.put("varName", text(x.varName()));
      ArrayNode fields = F.arrayNode();
      x.fields()
          .forEach(
              fld -> {
                ObjectNode o = F.objectNode();
                o.put("name", fld.name());
                o.set("expression", expression(fld.expression()));
                fields.add(o);
              });
      f.put("fields", fields);
    } else if (d instanceof NodeData.Enricher x) {
      f.put("service", ref(x.service(), "id"));
      f.put("output", text(x.output()));
    } else if (d instanceof NodeData.Processor x) {
      f.put("service", ref(x.service(), "id"));
      f.put("isDisabled", bool(x.disabled()));
    } else if (d instanceof NodeData.CustomNode x) {
      f.put("outputVar", text(x.outputVar()));
      f.put("nodeType", text(x.nodeType()));
      f.put("parameters", parametersTree(x.parameters()));
    } else if (d instanceof NodeData.Join x) {
      f.put("outputVar", text(x.outputVar()));
      f.put("nodeType", text(x.nodeType()));
      f.put("parameters", parametersTree(x.parameters()));
      ArrayNode bps = F.arrayNode();
      for (BranchParameters bp : x.branchParameters()) {
        ObjectNode o = F.objectNode();
        o.put("branchId", bp.branchId());
        o.set("parameters", parametersTree(bp.parameters()));
        bps.add(o);
      }
      f.put("branchParameters", bps);
    } else if (d instanceof NodeData.Switch x) {
      f.put("expression", x.expression() == null ? NullNode.instance : expression(x.expression()));
      f.put("exprVal", text(x.exprVal()));
    }
    f.put("additionalFields", additionalFieldsTree(d.additionalFields()));
    f.put("type", text(d.type()));
    return object(f, d.extras());
  }

  // the same number node type Jackson reads, so a read-then-written tree equals the original
  private static void putNumber(ObjectNode o, String field, long value) {
    if (value == (int) value) {
      o.put(field, (int) value);
    } else {
      o.put(field, value);
    }
  }

  private static JsonNode additionalFieldsTree(AdditionalFields af) {
    if (af == null) {
      return NullNode.instance;
    }
    Map<String, JsonNode> f = new LinkedHashMap<>();
    f.put("description", text(af.description()));
    if (af.layoutData() != null) {
      ObjectNode ld = F.objectNode();
      putNumber(ld, "x", af.layoutData().x());
      putNumber(ld, "y", af.layoutData().y());
      f.put("layoutData", ld);
    } else {
      f.put("layoutData", NullNode.instance);
    }
    return object(f, af.extras());
  }

  private static ObjectNode ref(NodeData.ComponentRef r, String idField) {
    Map<String, JsonNode> f = new LinkedHashMap<>();
    f.put(idField, text(r.component()));
    f.put("parameters", parametersTree(r.parameters()));
    return object(f, r.extras());
  }

  private static ArrayNode parametersTree(List<NodeParameter> ps) {
    ArrayNode a = F.arrayNode();
    for (NodeParameter p : ps) {
      ObjectNode o = F.objectNode();
      o.put("name", p.name());
      o.set("expression", expression(p.expression()));
      a.add(o);
    }
    return a;
  }

  private static ObjectNode expression(Expression e) {
    ObjectNode o = F.objectNode();
    o.put("language", e.language());
    o.put("expression", e.expression());
    return o;
  }

  private static JsonNode text(String s) {
    return s == null ? NullNode.instance : F.textNode(s);
  }

  private static JsonNode bool(Boolean b) {
    return b == null ? NullNode.instance : F.booleanNode(b);
  }

  /**
   * Writes the known fields in the original order when the object was read from JSON (fields that
   * were absent stay absent unless they now have a value), else in canonical order; unknown fields
   * keep their place.
   */
  private static ObjectNode object(Map<String, JsonNode> known, JsonExtras extras) {
    ObjectNode o = F.objectNode();
    if (extras == null || extras.fieldOrder().isEmpty()) {
      known.forEach(o::set);
      if (extras != null) {
        extras.unknownFields().forEach(o::set);
      }
      return o;
    }
    for (String name : extras.fieldOrder()) {
      if (known.containsKey(name)) {
        o.set(name, known.get(name));
      } else if (extras.unknownFields().containsKey(name)) {
        o.set(name, extras.unknownFields().get(name));
      }
    }
    known.forEach(
        (name, value) -> {
          if (!o.has(name) && !value.isNull()) {
            o.set(name, value);
          }
        });
    return o;
  }

  private static String textOf(JsonNode v) {
    return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  /** A JSON object with its path, for messages that say where the problem is. */
  private static final class Obj {
    final ObjectNode node;
    final String path;

    private Obj(ObjectNode node, String path) {
      this.node = node;
      this.path = path;
    }

    static Obj of(JsonNode n, String path) {
      if (n == null || !n.isObject()) {
        throw new ScenarioFormatException(path + " must be a JSON object");
      }
      return new Obj((ObjectNode) n, path);
    }

    String text(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        String what = node.has("id") ? " (node `" + node.get("id").asText() + "`)" : "";
        throw new ScenarioFormatException(path + "." + field + " is missing" + what);
      }
      if (!v.isValueNode()) {
        throw new ScenarioFormatException(path + "." + field + " must be a string");
      }
      return v.asText();
    }

    String optText(String field) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : v.asText();
    }

    Boolean optBoolean(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isBoolean()) {
        throw new ScenarioFormatException(path + "." + field + " must be true, false or null");
      }
      return v.booleanValue();
    }

    Obj obj(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        throw new ScenarioFormatException(path + "." + field + " is missing");
      }
      return of(v, path + "." + field);
    }

    Obj optObj(String field) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : of(v, path + "." + field);
    }

    ArrayNode array(String field) {
      JsonNode v = node.get(field);
      if (v == null || !v.isArray()) {
        throw new ScenarioFormatException(path + "." + field + " must be an array");
      }
      return (ArrayNode) v;
    }

    ArrayNode optArray(String field) {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return null;
      }
      if (!v.isArray()) {
        throw new ScenarioFormatException(path + "." + field + " must be an array");
      }
      return (ArrayNode) v;
    }

    Expression expression(String field) {
      Obj e = obj(field);
      return new Expression(
          e.node.path("language").asText(Expression.SPEL), e.node.path("expression").asText(""));
    }

    Expression optExpression(String field) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? null : expression(field);
    }

    JsonExtras extras(Set<String> knownFields) {
      List<String> order = new ArrayList<>();
      Map<String, JsonNode> unknown = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> it = node.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        order.add(e.getKey());
        if (!knownFields.contains(e.getKey())) {
          unknown.put(e.getKey(), e.getValue());
        }
      }
      return new JsonExtras(order, unknown);
    }
  }
}
