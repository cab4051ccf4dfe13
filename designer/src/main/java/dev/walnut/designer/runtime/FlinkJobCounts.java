package dev.walnut.designer.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records in, out and failed per scenario node of a running job: the engine counts them in job
 * accumulators keyed by node id ({@code walnut.in.<node>}, {@code walnut.out.<node>}, {@code
 * walnut.errors.<node>}), so the counts are exact however Flink chains or names the operators. The
 * cluster's REST API sums them over subtasks ({@code /jobs/<id>/accumulators}); task managers
 * report them with every heartbeat, so they trail the job by a few seconds.
 */
final class FlinkJobCounts {
  static final String IN = "walnut.in.";
  static final String OUT = "walnut.out.";
  static final String ERRORS = "walnut.errors.";

  private FlinkJobCounts() {}

  static Map<String, Map<String, Long>> counts(String restUrl, String jobId, List<String> nodeIds)
      throws IOException, InterruptedException {
    Map<String, Long> values = new LinkedHashMap<>();
    for (JsonNode a :
        FlinkJobs.get(restUrl + "/jobs/" + jobId + "/accumulators")
            .path("user-task-accumulators")) {
      String name = a.path("name").asText();
      if (name.startsWith("walnut.")) {
        try {
          values.put(name, Long.parseLong(a.path("value").asText().trim()));
        } catch (NumberFormatException e) {
          // a sample list or another accumulator that is not a count
        }
      }
    }
    Map<String, Map<String, Long>> out = new LinkedHashMap<>();
    for (String node : nodeIds) {
      Map<String, Long> c = new LinkedHashMap<>();
      c.put("in", values.getOrDefault(IN + node, 0L));
      c.put("out", values.getOrDefault(OUT + node, 0L));
      c.put("errors", values.getOrDefault(ERRORS + node, 0L));
      out.put(node, c);
    }
    return out;
  }
}
