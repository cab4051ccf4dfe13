package dev.walnut.api;

import dev.walnut.api.annotation.PublicEvolving;
import dev.walnut.api.errors.GuardedStep;
import dev.walnut.api.errors.RecordErrors;
import dev.walnut.api.errors.RecordFunction;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
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

  /**
   * Gathers the records {@code operator} sent to {@link RecordErrors#TAG} into the scenario's
   * errors path (dead-letter topic, per-node error counts, test-run errors). Call it for every
   * operator of the component that catches per-record failures.
   */
  void collectErrors(SingleOutputStreamOperator<?> operator);

  /**
   * A one-to-one step that may fail on a record (a key, a serialisation): records {@code fn} throws
   * on, or answers null for, go to the errors path as failures of this node with the reason
   * prefixed by {@code step}; the rest continue as {@code fn}'s result. The operator is named and
   * uid'd {@code <node id>-<step>}.
   */
  default <T> SingleOutputStreamOperator<T> guarded(
      String step, DataStream<Variables> input, RecordFunction<T> fn, TypeInformation<T> type) {
    SingleOutputStreamOperator<T> out =
        input
            .process(new GuardedStep<>(nodeId(), step, fn), type)
            .name(nodeId() + "-" + step)
            .uid(nodeId() + "-" + step);
    collectErrors(out);
    return out;
  }
}
