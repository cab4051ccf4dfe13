package dev.walnut.designer.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Why a deployed job failed last, as the cluster tells it ({@code /jobs/<id>/exceptions}) with how
 * often it restarted ({@code numRestarts}): what the designer shows beside a job that is restarting
 * or failed, instead of leaving the reason in a log.
 *
 * @param message the root cause: its class and message ({@code IllegalArgumentException: ...})
 * @param nodeId the scenario node whose task failed, when the task runs exactly one node; else null
 * @param task Flink's name of the failed task (its chain of operators)
 * @param restarts how often the job restarted
 * @param time when it failed
 */
public record JobFailure(String message, String nodeId, String task, long restarts, Instant time) {

  /** The job's last failure; empty while it never failed. */
  static Optional<JobFailure> read(String restUrl, String jobId, List<String> nodeIds)
      throws IOException, InterruptedException {
    JsonNode entries =
        FlinkJobs.get(restUrl + "/jobs/" + jobId + "/exceptions?maxExceptions=1")
            .path("exceptionHistory")
            .path("entries");
    if (!entries.isArray() || entries.isEmpty()) {
      return Optional.empty();
    }
    JsonNode last = entries.get(0);
    // the REST API answers metrics once it has fetched them; until then the failures it keeps
    // (each one a restart under the deployed jobs' restart strategy) stand in
    long restarts = Math.max(restarts(restUrl, jobId), entries.size());
    String task = last.path("taskName").isNull() ? null : last.path("taskName").asText(null);
    String stacktrace = last.path("stacktrace").asText("");
    String node = namedNode(stacktrace, nodeIds);
    return Optional.of(
        new JobFailure(
            node != null
                ? outerMessage(stacktrace, node)
                : rootCause(stacktrace, last.path("exceptionName").asText("")),
            node != null ? node : task == null ? null : node(task, nodeIds),
            task,
            restarts,
            Instant.ofEpochMilli(last.path("timestamp").asLong())));
  }

  private static long restarts(String restUrl, String jobId)
      throws IOException, InterruptedException {
    for (JsonNode m : FlinkJobs.get(restUrl + "/jobs/" + jobId + "/metrics?get=numRestarts")) {
      try {
        return Long.parseLong(m.path("value").asText());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return 0;
  }

  private static final java.util.regex.Pattern NODE_NAMED =
      java.util.regex.Pattern.compile("node `([^`]+)`");

  /** The node the engine named in a failure ({@code node `x` cannot start: ...}), if any. */
  static String namedNode(String stacktrace, List<String> nodeIds) {
    java.util.regex.Matcher m = NODE_NAMED.matcher(stacktrace);
    while (m.find()) {
      if (nodeIds.contains(m.group(1))) {
        return m.group(1);
      }
    }
    return null;
  }

  /** The line of the stack trace that names the node, without the exception's class. */
  private static String outerMessage(String stacktrace, String node) {
    for (String line : stacktrace.split("\n")) {
      int at = line.indexOf("node `" + node + "`");
      if (at >= 0) {
        return line.substring(at).strip();
      }
    }
    return "node `" + node + "` failed";
  }

  /** The innermost {@code Caused by:} of a stack trace, else its first line. */
  static String rootCause(String stacktrace, String fallback) {
    String cause = null;
    String first = null;
    for (String line : stacktrace.split("\n")) {
      String l = line.strip();
      if (first == null && !l.isEmpty()) {
        first = l;
      }
      if (l.startsWith("Caused by: ")) {
        cause = l.substring("Caused by: ".length());
      }
    }
    String root = cause != null ? cause : first != null ? first : fallback;
    // java.lang.IllegalStateException: x -> IllegalStateException: x
    int colon = root.indexOf(':');
    String type = colon < 0 ? root : root.substring(0, colon);
    int dot = type.lastIndexOf('.');
    return dot < 0 || type.contains(" ") ? root : root.substring(dot + 1);
  }

  /**
   * The node a task runs: Flink names a task after its chained operators ({@code "Source: clicks ->
   * clicks-parse -> (in) ... (1/2)"}); when exactly one scenario node's operators are in it, that
   * node.
   */
  static String node(String task, List<String> nodeIds) {
    String chain = task.replaceAll("\\s*\\(\\d+/\\d+\\)(#\\d+)?$", "");
    List<String> found = new ArrayList<>();
    for (String op : chain.split(" -> ")) {
      String name = op.startsWith("Source: ") ? op.substring("Source: ".length()) : op;
      name = name.replaceAll(": Writer$|: Committer$| \\((in|out)\\)$", "");
      for (String id : nodeIds) {
        if ((name.equals(id) || name.startsWith(id + "-")) && !found.contains(id)) {
          found.add(id);
        }
      }
    }
    return found.size() == 1 ? found.get(0) : null;
  }
}
