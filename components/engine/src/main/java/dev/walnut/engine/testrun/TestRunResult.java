package dev.walnut.engine.testrun;

import java.util.List;
import java.util.Map;

/**
 * What a test run produced: per sink, the JSON lines it would have written; the per-record errors;
 * per node, how many records entered and left it; and per node, the first records (up to {@link
 * dev.walnut.engine.compile.CompiledJob#SAMPLE_LIMIT}) that entered it — for a source, that left it
 * — as JSON objects of their variables.
 */
public record TestRunResult(
    Map<String, List<String>> sinkOutputs,
    List<String> errors,
    Map<String, NodeCounts> counts,
    Map<String, List<String>> records) {

  /** A result without per-node records. */
  public TestRunResult(
      Map<String, List<String>> sinkOutputs, List<String> errors, Map<String, NodeCounts> counts) {
    this(sinkOutputs, errors, counts, Map.of());
  }

  /** Records that entered and left one node. */
  public record NodeCounts(long in, long out) {}
}
