package dev.walnut.components.base.debug;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code dead-end}, {@code collect} and {@code log} show in a test run. Deployed, collect's
 * buffer and log's output are checked in {@code KafkaEndToEndTest}.
 */
class DebugSinksTest {

  private static Scenario endingIn(
      String component, dev.walnut.engine.scenario.NodeParameter... params) {
    return ScenarioBuilder.id("debug-sinks-test")
        .parallelism(1)
        .source("events", "kafka", param("Topic", "'events'"))
        .filter("only ok", "#input.ok")
        .sink("end", component, params);
  }

  @Test
  void aDeadEndShowsTheRecordsThatReachedIt() {
    ScenarioTestResult result =
        ScenarioTestRun.of(endingIn("dead-end"))
            .input("events", Map.of("id", 1, "ok", true), Map.of("id", 2, "ok", false))
            .run();

    assertThat(result.records("end")).containsExactly(Map.of("id", 1, "ok", true));
    assertThat(result.countIn("end")).isEqualTo(1);
  }

  @Test
  void collectShowsItsValueForEveryRecord() {
    ScenarioTestResult result =
        ScenarioTestRun.of(
                endingIn("collect", param("Value", "#input.id * 10"), param("Capacity", "1")))
            .input("events", Map.of("id", 1, "ok", true), Map.of("id", 2, "ok", true))
            .run();

    // a test run shows every record; the capacity bounds what a deployed job keeps
    assertThat(result.values("end")).containsExactly(10, 20);
  }

  @Test
  void logShowsItsValueForEveryRecord() {
    ScenarioTestResult result =
        ScenarioTestRun.of(
                endingIn("log", param("Level", "'WARN'"), param("Value", "{seen: #input.id}")))
            .input("events", Map.of("id", 1, "ok", true), Map.of("id", 2, "ok", true))
            .run();

    assertThat(result.records("end")).containsExactly(Map.of("seen", 1), Map.of("seen", 2));
  }

  @Test
  void parametersOutOfRangeAreRefusedSayingWhatToFix() {
    assertThat(
            ScenarioTestRun.validate(endingIn("collect", param("Capacity", "0"))).errorsOf("end"))
        .containsExactly(
            new NodeError(
                "end",
                "Capacity",
                "parameter `Capacity` must be a number between 1 and 100000, got `0`"));
    assertThat(ScenarioTestRun.validate(endingIn("log", param("Level", "'LOUD'"))).errorsOf("end"))
        .containsExactly(
            new NodeError(
                "end",
                "Level",
                "parameter `Level` must be ERROR, WARN, INFO or DEBUG, got `LOUD`"));
  }
}
