package dev.walnut.engine.compile;

import dev.walnut.api.CustomComponent;
import dev.walnut.api.Parameter;
import dev.walnut.api.ParameterValues;
import dev.walnut.api.Variables;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** What a component sees of its node while the job is built. */
record NodeCtx(
    String nodeId,
    String scenarioId,
    ParameterValues params,
    Map<String, String> scenarioProperties,
    int parallelism,
    StreamExecutionEnvironment env,
    boolean isTestRun,
    DataStream<Variables> inputStream,
    Map<String, DataStream<Variables>> branches,
    Map<String, ParameterValues> branchParams,
    String outputVariable,
    List<Parameter> dynamicParameters,
    Consumer<SingleOutputStreamOperator<?>> errorCollector)
    implements CustomComponent.CustomContext {

  @Override
  public void collectErrors(SingleOutputStreamOperator<?> operator) {
    errorCollector.accept(operator);
  }

  @Override
  public DataStream<Variables> input() {
    if (inputStream == null) {
      throw new IllegalStateException("node `" + nodeId + "` joins branches; use branches()");
    }
    return inputStream;
  }
}
