package dev.walnut.components.base.kafka;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a test run shows of records whose key or value the {@code kafka} sink cannot make. */
class KafkaSinkErrorsTest {

  @Test
  void aRecordWhoseKeyOrValueFailsGoesToTheErrorsSayingWhichAndTheOthersAreWritten() {
    Scenario scenario =
        ScenarioBuilder.id("kafka-sink-errors-test")
            .parallelism(1)
            .source("payments", "kafka", param("Topic", "'payments'"))
            .sink(
                "out",
                "kafka",
                param("Topic", "'out'"),
                param("Key", "'k' + (10 / #input.k)"),
                param("Value", "{id: #input.id, r: 10 / #input.v}"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "payments",
                Map.of("id", 1, "k", 1, "v", 1),
                Map.of("id", 2, "k", 0, "v", 1),
                Map.of("id", 3, "k", 1, "v", 0),
                Map.of("id", 4, "k", 2, "v", 5))
            .run();

    assertThat(result.records("out"))
        .containsExactly(Map.of("id", 1, "r", 10), Map.of("id", 4, "r", 2));
    assertThat(result.errors()).extracting(e -> e.get("nodeId")).containsExactly("out", "out");
    assertThat((String) result.errors().get(0).get("message"))
        .startsWith("key `'k' + (10 / #input.k)` failed: ");
    assertThat(result.errors().get(0).get("variables"))
        .isEqualTo(Map.of("input", Map.of("id", 2, "k", 0, "v", 1)));
    assertThat((String) result.errors().get(1).get("message"))
        .startsWith("value `{id: #input.id, r: 10 / #input.v}` failed: ");
  }
}
