package dev.walnut.designer.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records in and out per scenario node of a running job, read from the Flink REST API's operator
 * metrics ({@code numRecordsIn} / {@code numRecordsOut}, summed over subtasks). The compiler names
 * each node's operators after the node id ({@code "Source: <id>"}, {@code "<id>: Writer"}, {@code
 * "<id> (step)"} for a component's several operators), which is how metrics are matched to nodes; a
 * node with several operators shows the largest in and out among them. Flink refreshes these
 * metrics about every 10 seconds.
 */
final class FlinkRestMetrics {

  private FlinkRestMetrics() {}

  static Map<String, Map<String, Long>> counts(String restUrl, String jobId, List<String> nodeIds)
      throws IOException, InterruptedException {
    // per operator name: summed records in and out; and the operators in topological order
    // (the job's vertices come sources first, and a vertex's name lists its chain in order)
    Map<String, long[]> byOperator = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (JsonNode vertex : get(restUrl + "/jobs/" + jobId).path("vertices")) {
      for (String op : vertex.path("name").asText().split(" -> ")) {
        order.add(metricName(op));
      }
      String base = restUrl + "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText();
      List<String> wanted = new ArrayList<>();
      for (JsonNode m : get(base + "/metrics")) {
        String id = m.path("id").asText();
        if (id.endsWith(".numRecordsIn") || id.endsWith(".numRecordsOut")) {
          wanted.add(id);
        }
      }
      for (int i = 0; i < wanted.size(); i += 50) {
        String query = String.join(",", wanted.subList(i, Math.min(wanted.size(), i + 50)));
        for (JsonNode m :
            get(base + "/metrics?get=" + URLEncoder.encode(query, StandardCharsets.UTF_8))) {
          add(byOperator, m.path("id").asText(), m.path("value").asText("0"));
        }
      }
    }
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (String node : nodeIds) {
      String own = metricName(node);
      List<String> ops =
          order.stream()
              .filter(
                  op ->
                      op.equals(own)
                          || op.equals("Source__" + own)
                          || op.equals(own + "__Writer")
                          || op.startsWith(own + "_("))
              .filter(byOperator::containsKey)
              .toList();
      if (ops.isEmpty()) {
        out.put(node, Map.of("in", 0L, "out", 0L));
        continue;
      }
      // a node's input enters its first operator and leaves its last one
      String first = ops.get(0);
      String last = ops.get(ops.size() - 1);
      long in = byOperator.get(first)[0];
      long outCount = byOperator.get(last)[1];
      if (first.startsWith("Source__")) {
        in = byOperator.get(first)[1]; // what a source reads is what it emits
      }
      if (last.endsWith("__Writer")) {
        outCount = byOperator.get(last)[0]; // what a sink receives it writes out
      }
      out.put(node, Map.of("in", in, "out", outCount));
    }
    return out;
  }

  /**
   * An operator name as Flink writes it in metric ids: {@code "Source: a b"} → {@code Source__a_b}.
   */
  static String metricName(String operatorName) {
    return operatorName.replaceAll("[ :.,]", "_");
  }

  /** {@code <subtask>.<operator name>.numRecordsIn|Out}: adds the value to the operator's sum. */
  private static void add(Map<String, long[]> byOperator, String id, String value) {
    int first = id.indexOf('.');
    int last = id.lastIndexOf('.');
    if (first < 0 || last <= first) {
      return; // a task-level metric, not an operator's
    }
    String operator = id.substring(first + 1, last);
    long v;
    try {
      v = (long) Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return;
    }
    long[] c = byOperator.computeIfAbsent(operator, k -> new long[2]);
    c[id.endsWith(".numRecordsIn") ? 0 : 1] += v;
  }

  private static JsonNode get(String url) throws IOException, InterruptedException {
    return FlinkJobs.get(url);
  }
}
