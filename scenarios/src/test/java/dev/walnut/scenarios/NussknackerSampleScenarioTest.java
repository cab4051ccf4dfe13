package dev.walnut.scenarios;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Nussknacker's own sample scenario, read from {@code ../shared/reference}, used unchanged. */
class NussknackerSampleScenarioTest {
  private static final Path SAMPLE = Repo.shared("reference/nussknacker-scenario-sample.json");

  @Test
  void importsAndValidatesUnchanged() {
    Scenario sample = ScenarioJson.read(SAMPLE);

    assertThat(ScenarioTestRun.validate(sample).errors()).isEmpty();
    assertThat(sample.id()).isEqualTo("DetectLargeTransactions");
  }

  @Test
  void testRunsItsFilterOnAFewTransactions() {
    ScenarioTestResult result =
        ScenarioTestRun.of(SAMPLE)
            .input(
                "transactions",
                Map.of("clientId", "c1", "amount", 30),
                Map.of("clientId", "c2", "amount", 20),
                Map.of("clientId", "c3", "amount", 5),
                Map.of("clientId", "c4", "amount", 20.5))
            .run();

    assertThat(result.records("send for audit"))
        .containsExactly(
            Map.of("clientId", "c1", "amount", 30), Map.of("clientId", "c4", "amount", 20.5));
    assertThat(result.countIn("only large ones")).isEqualTo(4);
    assertThat(result.countOut("only large ones")).isEqualTo(2);
    assertThat(result.errors()).isEmpty();
  }

  @Test
  void exportsBackToTheSameJsonTree() throws Exception {
    JsonNode original = new ObjectMapper().readTree(SAMPLE.toFile());

    assertThat(ScenarioJson.toTree(ScenarioJson.read(SAMPLE))).isEqualTo(original);
  }

  @Test
  void theTestKitsBuilderWritesTheSameScenarioNodeForNode() throws Exception {
    Scenario built =
        ScenarioBuilder.id("DetectLargeTransactions")
            .parallelism(1)
            .property("spillStateToDisk", "true")
            .source(
                "transactions",
                "kafka",
                param("Topic", "'Transactions'"),
                param("Schema version", "'latest'"))
            .filter("only large ones", "#input.amount > 20")
            .sink(
                "send for audit",
                "kafka",
                param("Topic", "'ProcessedTransactions'"),
                param("Schema version", "'latest'"),
                param("Key", ""),
                param("Raw editor", "true"),
                param("Value validation mode", "'strict'"),
                param("Value", "#input"));

    // the builder places no node on the canvas: compare everything but the positions
    assertThat(withoutNodePositions(ScenarioJson.toTree(built)))
        .isEqualTo(withoutNodePositions(new ObjectMapper().readTree(SAMPLE.toFile())));
  }

  private static JsonNode withoutNodePositions(JsonNode scenario) {
    JsonNode copy = scenario.deepCopy();
    copy.get("nodes").forEach(n -> ((ObjectNode) n).remove("additionalFields"));
    return copy;
  }
}
