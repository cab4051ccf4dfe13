package dev.walnut.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.api.json.JsonValues;
import org.junit.jupiter.api.Test;

class ScenarioTreesTest {
  private static final String SCENARIO =
      """
      {"metaData": {"id": "s", "additionalFields": {"properties": {"parallelism": "2"}}},
       "nodes": [
         {"id": "in", "type": "Source", "ref": {"typ": "kafka", "parameters": [
           {"name": "Topic", "expression": {"language": "spel", "expression": "'a'"}}]}},
         {"id": "pairs", "type": "CustomNode", "nodeType": "co-visit", "parameters": []}]}
      """;

  @Test
  void replacesOrAddsParametersOfSourcesSinksAndCustomNodes() throws Exception {
    ObjectNode tree = (ObjectNode) JsonValues.mapper().readTree(SCENARIO);
    ScenarioTrees.setParameter(tree, "in", "Topic", "'b'");
    ScenarioTrees.setParameter(tree, "in", "Start from", "'earliest'");
    ScenarioTrees.setParameter(tree, "pairs", "window", "'PT5M'");
    assertThat(tree.at("/nodes/0/ref/parameters").toString())
        .isEqualTo(
            "[{\"name\":\"Topic\",\"expression\":{\"language\":\"spel\",\"expression\":\"'b'\"}},"
                + "{\"name\":\"Start from\",\"expression\":{\"language\":\"spel\","
                + "\"expression\":\"'earliest'\"}}]");
    assertThat(tree.at("/nodes/1/parameters/0/expression/expression").asText()).isEqualTo("'PT5M'");
  }

  @Test
  void anUnknownNodeIsNamed() throws Exception {
    ObjectNode tree = (ObjectNode) JsonValues.mapper().readTree(SCENARIO);
    assertThatThrownBy(() -> ScenarioTrees.setParameter(tree, "out", "Topic", "'x'"))
        .hasMessage("the scenario has no node `out`");
  }
}
