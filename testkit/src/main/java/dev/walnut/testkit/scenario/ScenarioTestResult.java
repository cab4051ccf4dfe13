package dev.walnut.testkit.scenario;

import dev.walnut.api.json.JsonValues;
import dev.walnut.engine.testrun.TestRunResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * What a {@link ScenarioTestRun} produced, parsed: each sink's records as JSON values (maps, lists,
 * strings, numbers…), the per-record errors, and per node the records in and out. Asking for a node
 * the scenario does not have fails, naming the ones it has.
 */
public final class ScenarioTestResult {
  private final TestRunResult raw;

  ScenarioTestResult(TestRunResult raw) {
    this.raw = raw;
  }

  /** What the sink wrote, each record parsed from JSON, in the order written. */
  public List<Object> values(String sinkId) {
    List<Object> out = new ArrayList<>();
    for (String line : lines(sinkId)) {
      out.add(parse(line, "sink `" + sinkId + "`"));
    }
    return Collections.unmodifiableList(out);
  }

  /** What the sink wrote, each record a JSON object. */
  public List<Map<String, Object>> records(String sinkId) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Object v : values(sinkId)) {
      out.add(object(v, "sink `" + sinkId + "`"));
    }
    return Collections.unmodifiableList(out);
  }

  /** What the sink wrote, as JSON text. */
  public List<String> lines(String sinkId) {
    List<String> lines = raw.sinkOutputs().get(sinkId);
    if (lines == null) {
      throw new AssertionError(
          "the scenario has no sink `" + sinkId + "`; its sinks: " + raw.sinkOutputs().keySet());
    }
    return lines;
  }

  /** The records that failed in a node: {@code {nodeId, contextId, message, variables}} each. */
  public List<Map<String, Object>> errors() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : raw.errors()) {
      out.add(object(parse(line, "errors"), "errors"));
    }
    return Collections.unmodifiableList(out);
  }

  /** How many records entered the node. */
  public long countIn(String nodeId) {
    return counts(nodeId).in();
  }

  /** How many records left the node (for a sink: how many it wrote). */
  public long countOut(String nodeId) {
    return counts(nodeId).out();
  }

  public TestRunResult.NodeCounts counts(String nodeId) {
    TestRunResult.NodeCounts c = raw.counts().get(nodeId);
    if (c == null) {
      throw new AssertionError(
          "the scenario has no node `" + nodeId + "`; its nodes: " + raw.counts().keySet());
    }
    return c;
  }

  /** The engine's result, unparsed. */
  public TestRunResult raw() {
    return raw;
  }

  private static Object parse(String line, String where) {
    try {
      return JsonValues.parse(line);
    } catch (Exception e) {
      throw new AssertionError(where + " wrote a line that is not JSON: " + line, e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String where) {
    if (value instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new AssertionError(where + " wrote " + JsonValues.write(value) + ", not a JSON object");
  }
}
