package dev.walnut.components.base.generator;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.DataType;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

class EventGeneratorTest {

  private static Scenario generator(String id, String schedule, String count, String value) {
    return ScenarioBuilder.id(id)
        .parallelism(1)
        .source(
            "generated",
            "event-generator",
            param("schedule", schedule),
            param("count", count),
            param("value", value),
            param("Test run ticks", "3"))
        .customNode(
            "per tick",
            "aggregate-tumbling",
            "tick",
            param("groupBy", "'all'"),
            param("aggregator", "'count'"),
            param("aggregateBy", "#input"),
            param("windowLength", schedule))
        .sink("out", "collect", param("Value", "#tick"));
  }

  @Test
  void aTestRunGeneratesCountRecordsPerTickForTheGivenTicksStampedOneScheduleApart() {
    Scenario scenario =
        ScenarioBuilder.id("event-generator-test")
            .parallelism(1)
            .source(
                "generated",
                "event-generator",
                param("schedule", "'PT1M'"),
                param("count", "2"),
                param("value", "{n: 7, kind: 'demo'}"),
                param("Test run ticks", "3"))
            .sink("out", "collect", param("Value", "#input"));

    ScenarioTestResult result = ScenarioTestRun.of(scenario).run();

    assertThat(result.records("out")).hasSize(6).containsOnly(Map.of("n", 7, "kind", "demo"));
    assertThat(ScenarioTestRun.validate(scenario).variablesByNode().get("out").get("input"))
        .isEqualTo(DataType.record(Map.of("n", DataType.LONG, "kind", DataType.STRING)));
  }

  @Test
  void eachTicksRecordsShareTheTicksEventTime() {
    ScenarioTestResult result =
        ScenarioTestRun.of(generator("event-generator-ticks", "'PT1H'", "4", "'x'")).run();

    // one-hour windows over ticks an hour apart: each tick's 4 records fall into one window
    assertThat(result.values("out")).containsExactly(4, 4, 4);
  }

  @Test
  void aZeroCountIsRefusedSayingWhatToFix() {
    Scenario scenario = generator("event-generator-invalid", "'PT1S'", "0", "'x'");

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("generated"))
        .containsExactly(
            new NodeError(
                "generated",
                "count",
                "parameter `count` must be a number between 1 and 100000, got `0`"));
  }

  @Test
  void deployedItKeepsGeneratingOnItsScheduleUntilCancelled() throws Exception {
    Scenario scenario =
        ScenarioBuilder.id("event-generator-deployed")
            .parallelism(1)
            .source(
                "generated",
                "event-generator",
                param("schedule", "'PT0.2S'"),
                param("count", "3"),
                param("value", "'tick'"))
            .sink("out", "dead-end");

    try (DeployedScenario job = DeployedScenario.deploy(scenario, Map.of())) {
      job.awaitRunning(Duration.ofSeconds(60));
      // at least five ticks of three come out, and the job is still running, not finished
      await("five ticks of three records")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .untilAsserted(
              () ->
                  assertThat(job.counters().getOrDefault("walnut.out.generated", 0L))
                      .isGreaterThanOrEqualTo(15));
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }
  }
}
