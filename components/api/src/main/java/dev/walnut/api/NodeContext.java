package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What a component sees of the node it is compiled for. */
@PublicEvolving
public interface NodeContext {

  /** The node id; also the Flink operator name and uid prefix, stable across versions. */
  String nodeId();

  /** The scenario id ({@code metaData.id}). */
  String scenarioId();

  ParameterValues params();

  /**
   * The parameters {@link EnricherComponent#dynamicParameters} added for this node at validation,
   * whose values are in {@link #params()}; empty for other components.
   */
  default List<Parameter> dynamicParameters() {
    return List.of();
  }

  /** The scenario's properties ({@code metaData.additionalFields.properties}). */
  Map<String, String> scenarioProperties();

  /** The scenario's parallelism. */
  int parallelism();

  StreamExecutionEnvironment env();

  /** Whether this is a test run (bounded input, sinks captured). */
  boolean isTestRun();
}
