package dev.walnut.engine.testrun;

import java.util.List;
import java.util.Map;

/**
 * What a test run produced: per sink, the JSON lines it would have written; the per-record errors;
 * and per node, how many records entered and left it.
 */
public record TestRunResult(
    Map<String, List<String>> sinkOutputs, List<String> errors, Map<String, NodeCounts> counts) {

  /** Records that entered and left one node. */
  public record NodeCounts(long in, long out) {}
}
