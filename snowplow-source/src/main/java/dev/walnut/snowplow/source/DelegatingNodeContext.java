package dev.walnut.snowplow.source;

import dev.walnut.api.NodeContext;
import dev.walnut.api.ParameterValues;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** The node as the {@code kafka} source should see it: same node, the Kafka parameters. */
final class DelegatingNodeContext implements NodeContext {
  private final NodeContext node;
  private final ParameterValues params;

  DelegatingNodeContext(NodeContext node, ParameterValues params) {
    this.node = node;
    this.params = params;
  }

  @Override
  public String nodeId() {
    return node.nodeId();
  }

  @Override
  public String scenarioId() {
    return node.scenarioId();
  }

  @Override
  public ParameterValues params() {
    return params;
  }

  @Override
  public Map<String, String> scenarioProperties() {
    return node.scenarioProperties();
  }

  @Override
  public int parallelism() {
    return node.parallelism();
  }

  @Override
  public StreamExecutionEnvironment env() {
    return node.env();
  }

  @Override
  public boolean isTestRun() {
    return node.isTestRun();
  }
}
