package dev.walnut.components.base.aggregate;

import static dev.walnut.components.base.aggregate.AggregateTumblingTest.event;
import static dev.walnut.components.base.aggregate.AggregateTumblingTest.events;
import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class AggregateSessionTest {

  private static Scenario session(String aggregateBy, String endCondition, String emitWhen) {
    return events("aggregate-session-test")
        .customNode(
            "session",
            "aggregate-session",
            "session",
            param("groupBy", "#input.key"),
            param("aggregator", "'list'"),
            param("aggregateBy", aggregateBy),
            param("endSessionCondition", endCondition),
            param("sessionTimeout", "'PT5M'"),
            param("emitWhen", "'" + emitWhen + "'"))
        .sink("out", "collect", param("Value", "#session"));
  }

  /**
   * 300 records of 4 keys, gaps of 0–9 minutes, arriving up to 4 s out of order: the sessions equal
   * those of a plain computation (per key, sorted by time, a new session at a gap of 5 minutes or
   * more, or after a record ending one).
   */
  @Test
  void onEndEmitsEachSessionAsAPlainGapComputationOverTheSortedRecordsDoes() {
    Random random = new Random(7);
    List<Map<String, Object>> input = new ArrayList<>();
    double minutes = 0;
    for (int i = 0; i < 300; i++) {
      minutes += random.nextInt(150) / 60.0 + 0.001;
      double jittered = Math.max(0, minutes - random.nextInt(4000) / 60_000.0);
      // every 37th record is a checkout, which ends its session
      input.add(event("k" + random.nextInt(4), i % 37 == 36 ? "checkout" : "v" + i, jittered));
    }
    Scenario scenario = session("#input.value", "#input.value == 'checkout'", "OnEnd");

    ScenarioTestResult result = ScenarioTestRun.of(scenario).input("events", input).run();

    Map<String, List<Map<String, Object>>> byKey = new TreeMap<>();
    input.forEach(e -> byKey.computeIfAbsent((String) e.get("key"), k -> new ArrayList<>()).add(e));
    List<List<Object>> expected = new ArrayList<>();
    for (List<Map<String, Object>> records : byKey.values()) {
      records.sort(Comparator.comparing(e -> Instant.parse((String) e.get("t"))));
      List<Object> current = new ArrayList<>();
      long last = Long.MIN_VALUE;
      for (Map<String, Object> e : records) {
        long t = Instant.parse((String) e.get("t")).toEpochMilli();
        if (!current.isEmpty() && t - last >= 300_000L) {
          expected.add(current);
          current = new ArrayList<>();
        }
        current.add(e.get("value"));
        last = t;
        if ("checkout".equals(e.get("value"))) {
          expected.add(current);
          current = new ArrayList<>();
        }
      }
      if (!current.isEmpty()) {
        expected.add(current);
      }
    }
    assertThat(result.values("out")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(expected).hasSizeGreaterThan(20);
  }

  @Test
  void onEventEmitsTheSessionSoFarAfterEveryRecordInEventTimeOrder() {
    Scenario scenario = session("#input.value", "false", "OnEvent");

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events",
                event("a", "a1", 1),
                // arrives first, happened second (within the source's 5 s out-of-orderness)
                event("a", "a3", 3.05),
                event("a", "a2", 3),
                event("a", "a9", 9))
            .run();

    assertThat(result.values("out"))
        .containsExactly(
            List.of("a1"), List.of("a1", "a2"), List.of("a1", "a2", "a3"), List.of("a9"));
  }

  @Test
  void theRecordMeetingTheEndConditionEndsItsSessionAndIsPartOfIt() {
    Scenario scenario = session("#input.value", "#input.value == 'buy'", "OnEnd");

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events",
                event("a", "view", 1),
                event("a", "buy", 2),
                event("a", "view", 3),
                event("b", "view", 3))
            .run();

    assertThat(result.values("out"))
        .containsExactlyInAnyOrder(List.of("view", "buy"), List.of("view"), List.of("view"));
  }

  @Test
  void aFailingEndConditionSendsItsRecordToTheErrorsWithItsVariables() {
    Scenario scenario = session("#input.value", "1 / #input.value == 1", "OnEnd");

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input("events", event("a", 1, 1), event("a", 0, 2), event("a", 2, 3))
            .run();

    // 1: true, ends [1]; 0: fails; 2: 1 / 2 is 0, false, so [2] ends by the end of the input
    assertThat(result.values("out")).containsExactly(List.of(1), List.of(2));
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors())
        .extracting(e -> ((String) e.get("message")).split(":")[0])
        .containsOnly("endSessionCondition");
  }

  @Test
  void anUnknownEmitWhenIsRefusedListingNussknackersTriggers() {
    Scenario scenario = session("#input.value", "false", "TimeOut");

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("session"))
        .containsExactly(
            new NodeError(
                "session",
                "emitWhen",
                "parameter `emitWhen` must be one of 'OnEvent', 'OnEnd', got `TimeOut`"));
  }
}
