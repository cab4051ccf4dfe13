package dev.walnut.components.base.keyed;

import static dev.walnut.components.base.Clicks.at;
import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.testkit.scenario.BranchBuilder;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreviousValueAndDelayTest {

  private static BranchBuilder<Scenario> events() {
    return ScenarioBuilder.id("keyed-test")
        .parallelism(1)
        .source("events", "kafka", param("Topic", "'events'"), param("Timestamp field", "'t'"));
  }

  private static Map<String, Object> event(String key, String value, double minutes) {
    return Map.of("key", key, "value", value, "t", at(minutes));
  }

  @Test
  void previousValueIsTheKeysPreviousRecordsValueAndTheOwnValueForTheFirst() {
    Scenario scenario =
        events()
            .customNode(
                "previous",
                "previous-value",
                "before",
                param("groupBy", "#input.key"),
                param("value", "#input.value"))
            .sink("out", "collect", param("Value", "#input.value + '<-' + #before"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events",
                event("a", "home", 0),
                event("b", "cart", 1),
                event("a", "shoes", 2),
                event("a", "socks", 3),
                event("b", "checkout", 4))
            .run();

    assertThat(result.values("out"))
        .containsExactly(
            "home<-home", "cart<-cart", "shoes<-home", "socks<-shoes", "checkout<-cart");
  }

  @Test
  void previousValueIsTypedAsItsValue() {
    Scenario scenario =
        events()
            .customNode(
                "previous",
                "previous-value",
                "before",
                param("groupBy", "#input.key"),
                param("value", "'page ' + #input.value"))
            .sink("out", "dead-end");

    assertThat(ScenarioTestRun.validate(scenario).variablesByNode().get("out"))
        .containsEntry("before", DataType.STRING)
        .containsKey("input");
  }

  /**
   * Delayed by 5 minutes, records of minutes 1, 8 and 12 fall into the 10-minute windows of their
   * release times, 6, 13 and 17: without the delay minute 8 would share the first window.
   */
  @Test
  void delayHoldsEachRecordUntilEventTimeReachesItsTimePlusTheDelay() {
    Scenario scenario =
        events()
            .customNode(
                "later", "delay", null, param("key", "#input.key"), param("delay", "'PT5M'"))
            .customNode(
                "window",
                "aggregate-tumbling",
                "window",
                param("groupBy", "'all'"),
                param("aggregator", "'list'"),
                param("aggregateBy", "#input.value"),
                param("windowLength", "'PT10M'"))
            .sink("out", "collect", param("Value", "#window"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input("events", event("a", "m1", 1), event("b", "m8", 8), event("a", "m12", 12))
            .run();

    assertThat(result.values("out")).containsExactly(List.of("m1"), List.of("m8", "m12"));
  }

  @Test
  void aNegativeDelayIsRefusedSayingWhatToFix() {
    Scenario scenario =
        events()
            .customNode(
                "later", "delay", null, param("key", "#input.key"), param("delay", "'-PT1M'"))
            .sink("out", "dead-end");

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("later"))
        .containsExactly(
            new NodeError(
                "later", "delay", "parameter `delay` must be a positive duration, got `-PT1M`"));
  }
}
