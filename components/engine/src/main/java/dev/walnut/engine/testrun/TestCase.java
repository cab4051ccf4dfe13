package dev.walnut.engine.testrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One stored test case of a scenario, kept in the scenario itself under {@code
 * metaData.additionalFields.testCases} (so a scenario file carries its cases wherever it goes):
 *
 * <pre>{@code
 * {"name": "two views of one shopper",
 *  "inputs": {"clicks": [{"userid": "u1", ...}, "a raw line"]},
 *  "mocks": {"session model": {"answer": {"top_items": ["p1"]}}},
 *  "assertions": [
 *    {"node": "sessions", "records": [{...}]},           // exactly these sink records, any order
 *    {"node": "sessions", "contains": [{...}]},          // at least these sink records
 *    {"node": "page views only", "count": {"in": 3, "out": 2}},
 *    {"node": "sessions", "condition": "#output.size() == 2"}],
 *  "expectedErrors": 0}
 * }</pre>
 *
 * @param name unique within the scenario
 * @param inputs per source node id, its records: JSON values (written as one JSON line each) or
 *     strings (written as the raw line, so a malformed record can be tested)
 * @param mocks per enricher node id, its fixed answer instead of calling the service
 * @param assertions what the run must show
 * @param expectedErrors how many records must fail; a run with any other number fails the case
 */
public record TestCase(
    String name,
    String description,
    Map<String, List<JsonNode>> inputs,
    Map<String, Mock> mocks,
    List<Assertion> assertions,
    int expectedErrors) {

  /** Where the cases live in the scenario's {@code metaData.additionalFields}. */
  public static final String FIELD = "testCases";

  public TestCase {
    Objects.requireNonNull(name, "name");
    inputs = Map.copyOf(inputs);
    mocks = Map.copyOf(mocks);
    assertions = List.copyOf(assertions);
  }

  /** An enricher's fixed answer: a JSON value, or a SpEL expression over the record's variables. */
  public record Mock(Optional<JsonNode> answer, Optional<String> expression) {}

  /** One check of the run's result at one node. */
  public record Assertion(
      String node,
      Kind kind,
      List<JsonNode> records,
      Optional<Long> in,
      Optional<Long> out,
      String condition) {

    /** What the assertion compares. */
    public enum Kind {
      /** A sink wrote exactly these records, in any order. */
      RECORDS,
      /** A sink wrote at least these records. */
      CONTAINS,
      /** Records that entered and/or left the node. */
      COUNT,
      /**
       * A SpEL condition over the node's output ({@code #output}, {@code #records}, {@code
       * #count}).
       */
      CONDITION;

      public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
      }
    }
  }

  /** The cases stored in a scenario; an empty list when it has none. */
  public static List<TestCase> of(Scenario scenario) {
    return parse(casesNode(scenario));
  }

  /** The raw JSON array of the cases stored in a scenario (empty when none). */
  public static ArrayNode casesNode(Scenario scenario) {
    JsonNode cases =
        ScenarioJson.toTree(scenario).path("metaData").path("additionalFields").path(FIELD);
    if (cases.isMissingNode() || cases.isNull()) {
      return JsonNodeFactory.instance.arrayNode();
    }
    if (!cases.isArray()) {
      throw new IllegalArgumentException(
          "metaData.additionalFields." + FIELD + " must be a list of test cases, got " + cases);
    }
    return (ArrayNode) cases;
  }

  /** The same scenario with {@code cases} as its stored test cases (checked first). */
  public static Scenario withCases(Scenario scenario, JsonNode cases) {
    parse(cases);
    ObjectNode tree = ScenarioJson.toTree(scenario);
    JsonNode meta = tree.path("metaData");
    ObjectNode fields =
        meta.path("additionalFields").isObject()
            ? (ObjectNode) meta.get("additionalFields")
            : ((ObjectNode) meta).putObject("additionalFields");
    if (cases.isEmpty()) {
      fields.remove(FIELD);
    } else {
      fields.set(FIELD, cases);
    }
    return ScenarioJson.fromTree(tree);
  }

  /**
   * Parses a list of cases, saying where a case is malformed ({@code testCases[1].assertions[0]:
   * ...}).
   */
  public static List<TestCase> parse(JsonNode cases) {
    if (cases == null || cases.isMissingNode() || cases.isNull()) {
      return List.of();
    }
    if (!cases.isArray()) {
      throw new IllegalArgumentException("testCases must be a list, got " + cases.getNodeType());
    }
    List<TestCase> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (int i = 0; i < cases.size(); i++) {
      String at = "testCases[" + i + "]";
      TestCase c = parseOne(cases.get(i), at);
      if (!names.add(c.name())) {
        throw new IllegalArgumentException(
            at + ": another test case is named `" + c.name() + "`; names must be unique");
      }
      out.add(c);
    }
    return List.copyOf(out);
  }

  private static TestCase parseOne(JsonNode c, String at) {
    if (!c.isObject()) {
      throw new IllegalArgumentException(at + " must be an object, got " + c.getNodeType());
    }
    JsonNode nameNode = c.path("name");
    if (!nameNode.isTextual() || nameNode.asText().isBlank()) {
      throw new IllegalArgumentException(at + ".name (a non-empty string) is required");
    }
    String name = nameNode.asText();
    String where = at + " (`" + name + "`)";
    Map<String, List<JsonNode>> inputs = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : fields(c.path("inputs"), where + ".inputs")) {
      if (!e.getValue().isArray()) {
        throw new IllegalArgumentException(
            where + ".inputs." + e.getKey() + " must be a list of records");
      }
      List<JsonNode> records = new ArrayList<>();
      e.getValue().forEach(records::add);
      inputs.put(e.getKey(), records);
    }
    Map<String, Mock> mocks = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : fields(c.path("mocks"), where + ".mocks")) {
      JsonNode m = e.getValue();
      JsonNode expression = m.path("expression");
      if (m.has("answer") == m.has("expression")) {
        throw new IllegalArgumentException(
            where
                + ".mocks."
                + e.getKey()
                + " needs exactly one of `answer` (a JSON value) or `expression` (SpEL)");
      }
      if (m.has("expression") && !expression.isTextual()) {
        throw new IllegalArgumentException(
            where + ".mocks." + e.getKey() + ".expression must be a SpEL string");
      }
      mocks.put(
          e.getKey(),
          new Mock(
              Optional.ofNullable(m.get("answer")),
              m.has("expression") ? Optional.of(expression.asText()) : Optional.empty()));
    }
    List<Assertion> assertions = new ArrayList<>();
    JsonNode as = c.path("assertions");
    if (!as.isMissingNode() && !as.isArray()) {
      throw new IllegalArgumentException(where + ".assertions must be a list");
    }
    for (int i = 0; i < as.size(); i++) {
      assertions.add(assertion(as.get(i), where + ".assertions[" + i + "]"));
    }
    JsonNode errors = c.path("expectedErrors");
    if (!errors.isMissingNode() && !(errors.canConvertToInt() && errors.asInt() >= 0)) {
      throw new IllegalArgumentException(
          where + ".expectedErrors must be a whole number of at least 0, got " + errors);
    }
    return new TestCase(
        name,
        c.path("description").asText(""),
        inputs,
        mocks,
        assertions,
        errors.isMissingNode() ? 0 : errors.asInt());
  }

  private static Assertion assertion(JsonNode a, String at) {
    JsonNode node = a.path("node");
    if (!node.isTextual() || node.asText().isBlank()) {
      throw new IllegalArgumentException(at + ".node (the node id it checks) is required");
    }
    List<String> kinds = new ArrayList<>();
    for (Assertion.Kind k : Assertion.Kind.values()) {
      if (a.has(k.json())) {
        kinds.add(k.json());
      }
    }
    if (kinds.size() != 1) {
      throw new IllegalArgumentException(
          at
              + " needs exactly one of `records`, `contains`, `count` or `condition`, got "
              + (kinds.isEmpty() ? "none" : kinds));
    }
    Assertion.Kind kind = Assertion.Kind.valueOf(kinds.get(0).toUpperCase(java.util.Locale.ROOT));
    String id = node.asText();
    return switch (kind) {
      case RECORDS, CONTAINS -> {
        JsonNode list = a.get(kind.json());
        if (!list.isArray()) {
          throw new IllegalArgumentException(at + "." + kind.json() + " must be a list of records");
        }
        List<JsonNode> records = new ArrayList<>();
        list.forEach(records::add);
        yield new Assertion(id, kind, records, Optional.empty(), Optional.empty(), null);
      }
      case COUNT -> {
        JsonNode count = a.get("count");
        Optional<Long> in = count(count, "in", at);
        Optional<Long> out = count(count, "out", at);
        if (in.isEmpty() && out.isEmpty()) {
          throw new IllegalArgumentException(at + ".count needs `in`, `out` or both");
        }
        yield new Assertion(id, kind, List.of(), in, out, null);
      }
      case CONDITION -> {
        JsonNode condition = a.get("condition");
        if (!condition.isTextual() || condition.asText().isBlank()) {
          throw new IllegalArgumentException(at + ".condition must be a SpEL expression string");
        }
        yield new Assertion(
            id, kind, List.of(), Optional.empty(), Optional.empty(), condition.asText());
      }
    };
  }

  private static Optional<Long> count(JsonNode count, String field, String at) {
    if (!count.isObject()) {
      throw new IllegalArgumentException(
          at + ".count must be an object like {\"in\": 3, \"out\": 2}");
    }
    JsonNode v = count.path(field);
    if (v.isMissingNode()) {
      return Optional.empty();
    }
    if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < 0) {
      throw new IllegalArgumentException(
          at + ".count." + field + " must be a whole number of at least 0, got " + v);
    }
    return Optional.of(v.asLong());
  }

  private static Iterable<Map.Entry<String, JsonNode>> fields(JsonNode n, String at) {
    if (n.isMissingNode() || n.isNull()) {
      return List.of();
    }
    if (!n.isObject()) {
      throw new IllegalArgumentException(at + " must be an object keyed by node id");
    }
    List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
