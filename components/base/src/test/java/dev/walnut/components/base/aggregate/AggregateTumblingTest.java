package dev.walnut.components.base.aggregate;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** {@code aggregate-tumbling} in test runs; late records against a real broker: see below. */
class AggregateTumblingTest {

  static BranchBuilder<Scenario> events(String scenarioId) {
    return ScenarioBuilder.id(scenarioId)
        .parallelism(1)
        .source("events", "kafka", param("Topic", "'events'"), param("Timestamp field", "'t'"));
  }

  static Map<String, Object> event(String key, Object value, double minutes) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("key", key);
    e.put("value", value);
    e.put("t", at(minutes));
    return e;
  }

  private static Scenario tumbling(String aggregator, String aggregateBy, String emitWhen) {
    return events("aggregate-tumbling-test")
        .customNode(
            "window",
            "aggregate-tumbling",
            "window",
            param("groupBy", "#input.key"),
            param("aggregator", "'" + aggregator + "'"),
            param("aggregateBy", aggregateBy),
            param("windowLength", "'PT10M'"),
            param("emitWhen", "'" + emitWhen + "'"))
        .sink("out", "collect", param("Value", "#window"));
  }

  /**
   * 300 records of 5 keys, arriving up to 4 s out of event-time order (within the source's 5 s
   * bound, so none is late): the windows' lists equal a plain group-by (key, time / 10 min) of the
   * same records, each sorted by event time.
   */
  @Test
  void onEndEmitsEachKeysWindowOnceWithItsRecordsInEventTimeOrderAsAPlainGroupByDoes() {
    Random random = new Random(20);
    List<Map<String, Object>> input = new ArrayList<>();
    double minutes = 0;
    for (int i = 0; i < 300; i++) {
      minutes += random.nextInt(120) / 60.0 + 0.001;
      // jitter below the source's out-of-orderness: arrival order differs from event-time order
      double jittered = Math.max(0, minutes - random.nextInt(4000) / 60_000.0);
      input.add(event("k" + random.nextInt(5), i, jittered));
    }
    Scenario scenario = tumbling("list", "{key: #input.key, i: #input.value}", "OnEnd");

    ScenarioTestResult result = ScenarioTestRun.of(scenario).input("events", input).run();

    // the independent computation: group by (key, window start), sort each group by event time
    Map<String, List<Map<String, Object>>> groups = new TreeMap<>();
    for (Map<String, Object> e : input) {
      long t = Instant.parse((String) e.get("t")).toEpochMilli();
      groups
          .computeIfAbsent(e.get("key") + "@" + Math.floorDiv(t, 600_000L), k -> new ArrayList<>())
          .add(e);
    }
    List<List<Map<String, Object>>> expected = new ArrayList<>();
    for (List<Map<String, Object>> group : groups.values()) {
      group.sort(Comparator.comparing(e -> Instant.parse((String) e.get("t"))));
      expected.add(
          group.stream().map(e -> Map.of("key", e.get("key"), "i", e.get("value"))).toList());
    }
    assertThat(result.values("out")).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(expected).hasSizeGreaterThan(30);
  }

  @Test
  void onEventEmitsTheWindowsAggregateSoFarOnEveryRecordAndNothingAtTheEnd() {
    Scenario scenario = tumbling("sum", "#input.value", "OnEvent");

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events",
                event("a", 1, 1),
                event("a", 2, 2),
                event("b", 10, 3),
                event("a", 4, 9.9),
                event("a", 8, 10))
            .run();

    // minute 10 starts the next window
    assertThat(result.values("out")).containsExactly(1, 3, 10, 7, 8);
  }

  @Test
  void onEndWithExtraWindowAlsoEmitsTheEmptyAggregateOfTheWindowAfterAKeysLastWindow() {
    Scenario scenario = tumbling("count", "#input.value", "OnEndWithExtraWindow");

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events", event("a", 1, 1), event("a", 2, 2), event("a", 3, 15), event("b", 4, 31))
            .run();

    // a: [0,10) 2, [10,20) 1, [20,30) 0 (extra, once); b: [30,40) 1, [40,50) 0; by window end
    assertThat(result.values("out")).containsExactly(2, 1, 0, 1, 0);
  }

  @Test
  void theOutputIsTypedByTheAggregatorAndIsTheOnlyVariableAfterTheNode() {
    Scenario scenario = tumbling("average", "#input.value", "OnEnd");

    Map<String, DataType> after = ScenarioTestRun.validate(scenario).variablesByNode().get("out");
    assertThat(after).containsEntry("window", DataType.DOUBLE).doesNotContainKey("input");
  }

  @Test
  void anUnknownEmitWhenIsRefusedListingNussknackersTriggers() {
    Scenario scenario = tumbling("sum", "#input.value", "AfterWindow");

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("window"))
        .containsExactly(
            new NodeError(
                "window",
                "emitWhen",
                "parameter `emitWhen` must be one of 'OnEvent', 'OnEnd', 'OnEndWithExtraWindow',"
                    + " got `AfterWindow`"));
  }

  @Test
  void aZeroWindowIsRefusedSayingWhatToFix() {
    Scenario scenario =
        events("aggregate-tumbling-test")
            .customNode(
                "window",
                "aggregate-tumbling",
                "window",
                param("groupBy", "#input.key"),
                param("aggregator", "'sum'"),
                param("aggregateBy", "#input.value"),
                param("windowLength", "'PT0S'"))
            .sink("out", "dead-end");

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("window"))
        .containsExactly(
            new NodeError(
                "window",
                "windowLength",
                "parameter `windowLength` must be a positive duration, got `PT0S`"));
  }

  @Test
  void aRecordWhoseValueFailsGoesToTheErrorsAndTheWindowGoesOn() {
    Scenario scenario = tumbling("sum", "10 / #input.value", "OnEnd");

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input("events", event("a", 1, 1), event("a", 0, 2), event("a", 5, 3))
            .run();

    assertThat(result.values("out")).containsExactly(12);
    assertThat(result.errors()).hasSize(1);
    assertThat((String) result.errors().get(0).get("message")).startsWith("aggregateBy: ");
  }

  /** The node as Nussknacker's designer writes it: type references and `#AGG` in dropdowns. */
  @Test
  void aNodeInNussknackersOwnExpressionFormsValidatesAndRuns() {
    Scenario scenario =
        events("aggregate-tumbling-nussknacker")
            .customNode(
                "window",
                "aggregate-tumbling",
                "sum",
                param("groupBy", "#input.key"),
                param("aggregator", "#AGG.sum"),
                param("aggregateBy", "#input.value"),
                param("windowLength", "T(java.time.Duration).parse('PT10M')"),
                param(
                    "emitWhen",
                    "T(pl.touk.nussknacker.engine.flink.util.transformer.aggregate"
                        + ".TumblingWindowTrigger).OnEnd"))
            .sink("out", "collect", param("Value", "#sum"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input("events", event("a", 1, 1), event("a", 2, 2), event("a", 4, 11))
            .run();

    assertThat(result.values("out")).containsExactly(3, 4);
  }
}
