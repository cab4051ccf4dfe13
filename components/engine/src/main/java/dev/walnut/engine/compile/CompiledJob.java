package dev.walnut.engine.compile;

import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A scenario compiled onto an environment. For test runs, {@code sinkOutputs} holds what each sink
 * would write (JSON lines) and {@code errors} the per-record failures; both are empty otherwise.
 */
public record CompiledJob(
    String jobName,
    StreamExecutionEnvironment env,
    Map<String, DataStream<String>> sinkOutputs,
    DataStream<String> errors,
    List<String> nodeIds) {

  /** The accumulator counting records that entered a node (test runs and deployed jobs). */
  public static String inCounter(String nodeId) {
    return "walnut.in." + nodeId;
  }

  /** How many records a test run keeps per node (with their variables) for inspection. */
  public static final int SAMPLE_LIMIT = 100;

  /**
   * The accumulator holding, as JSON objects of their variables, the first {@link #SAMPLE_LIMIT}
   * records that entered a node — for a source, that left it (test runs).
   */
  public static String sampleAccumulator(String nodeId) {
    return "walnut.sample." + nodeId;
  }

  /** The accumulator counting a node's failed records (test runs and deployed jobs). */
  public static String errorCounter(String nodeId) {
    return "walnut.errors." + nodeId;
  }

  /** The accumulator counting records that left a node (test runs and deployed jobs). */
  public static String outCounter(String nodeId) {
    return "walnut.out." + nodeId;
  }
}
