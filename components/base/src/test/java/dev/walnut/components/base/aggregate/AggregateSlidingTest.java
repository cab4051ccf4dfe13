package dev.walnut.components.base.aggregate;

import static dev.walnut.components.base.Clicks.at;
import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import dev.walnut.components.base.MeteredTestRuns;
import dev.walnut.components.base.RecordedMetrics;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.testrun.TestRunResult;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.testkit.scenario.BranchBuilder;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AggregateSlidingTest {

  private static BranchBuilder<Scenario> events() {
    return ScenarioBuilder.id("aggregate-sliding-test")
        .parallelism(1)
        .source("events", "kafka", param("Topic", "'events'"), param("Timestamp field", "'t'"));
  }

  private static BranchBuilder<Scenario> aggregate(
      BranchBuilder<Scenario> in,
      String id,
      String aggregator,
      String window,
      boolean emitWhenLeft) {
    return in.customNode(
        id,
        "aggregate-sliding",
        id,
        param("groupBy", "#input.key"),
        param("aggregator", "'" + aggregator + "'"),
        param("aggregateBy", "#input.value"),
        param("windowLength", "'" + window + "'"),
        param("emitWhenEventLeft", Boolean.toString(emitWhenLeft)));
  }

  private static Map<String, Object> event(String key, Object value, double minutes) {
    return Map.of("key", key, "value", value, "t", at(minutes));
  }

  @Test
  void everyAggregatorSeesTheValuesOfTheWindowUpToAndIncludingTheCurrentRecord() {
    List<String> aggregators =
        List.of("list", "set", "first", "last", "count", "sum", "min", "max", "average");
    BranchBuilder<Scenario> chain = events();
    for (String aggregator : aggregators) {
      chain = aggregate(chain, aggregator, aggregator, "PT10M", false);
    }
    String all = String.join(", ", aggregators.stream().map(a -> a + ": #" + a).toList());
    Scenario scenario = chain.sink("out", "collect", param("Value", "{" + all + "}"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events", event("a", 3, 0), event("a", 1, 1), event("a", 3, 2), event("b", 7, 2.5))
            .run();

    assertThat(result.records("out"))
        .containsExactly(
            aggregates(List.of(3), List.of(3), 3, 3, 1, 3, 3, 3, 3.0),
            aggregates(List.of(3, 1), List.of(3, 1), 3, 1, 2, 4, 1, 3, 2.0),
            aggregates(List.of(3, 1, 3), List.of(3, 1), 3, 3, 3, 7, 1, 3, 7.0 / 3),
            aggregates(List.of(7), List.of(7), 7, 7, 1, 7, 7, 7, 7.0));
  }

  private static Map<String, Object> aggregates(
      List<Integer> list,
      List<Integer> set,
      int first,
      int last,
      int count,
      int sum,
      int min,
      int max,
      double average) {
    return Map.of(
        "list", list, "set", set, "first", first, "last", last, "count", count, "sum", sum, "min",
        min, "max", max, "average", average);
  }

  @Test
  void recordsLeaveTheWindowByEventTimeOnceTheyAreWindowLengthOld() {
    Scenario scenario =
        aggregate(events(), "recent", "list", "PT5M", false)
            .sink("out", "collect", param("Value", "#recent"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events",
                event("a", "p0", 0),
                event("a", "p3", 3),
                event("a", "p5", 5),
                event("a", "p9", 9),
                event("a", "p14", 14))
            .run();

    assertThat(result.values("out"))
        .containsExactly(
            List.of("p0"),
            List.of("p0", "p3"),
            List.of("p3", "p5"),
            List.of("p5", "p9"),
            List.of("p14"));
  }

  /**
   * A null is not kept by an aggregator that skips nulls, so `maxEntries` counts only values: a
   * shopper's cart item stays while many views (null here) pass.
   */
  @Test
  void nullsTakeNoPlaceInTheWindowOfAnAggregatorThatSkipsThem() {
    Scenario scenario =
        events()
            .customNode(
                "cart",
                "aggregate-sliding",
                "cart",
                param("groupBy", "#input.key"),
                param("aggregator", "'set'"),
                param("aggregateBy", "#input.value == 'view' ? null : #input.value"),
                param("windowLength", "'PT1H'"),
                param("maxEntries", "2"))
            .sink("out", "collect", param("Value", "#cart"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events",
                event("a", "x", 0),
                event("a", "view", 1),
                event("a", "view", 2),
                event("a", "view", 3),
                event("a", "y", 4))
            .run();

    assertThat(result.values("out"))
        .containsExactly(List.of("x"), List.of("x"), List.of("x"), List.of("x"), List.of("x", "y"));
  }

  @Test
  void keysAggregateSeparately() {
    Scenario scenario =
        aggregate(events(), "total", "sum", "PT5M", false)
            .sink("out", "collect", param("Value", "{key: #input.key, total: #total}"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events", event("a", 1, 0), event("b", 10, 1), event("a", 2, 2), event("b", 20, 3))
            .run();

    assertThat(result.records("out"))
        .containsExactly(
            Map.of("key", "a", "total", 1),
            Map.of("key", "b", "total", 10),
            Map.of("key", "a", "total", 3),
            Map.of("key", "b", "total", 30));
  }

  @Test
  void emitWhenEventLeftAlsoEmitsTheKeysLastRecordWithTheShrunkAggregate() {
    Scenario scenario =
        aggregate(events(), "recent", "list", "PT5M", true)
            .sink("out", "collect", param("Value", "{last: #input.value, recent: #recent}"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input("events", event("a", "p0", 0), event("a", "p1", 1))
            .run();

    // p0 leaves at minute 5, p1 at minute 6 (at the end of the input the watermark passes both)
    assertThat(result.records("out"))
        .containsExactlyInAnyOrder(
            Map.of("last", "p0", "recent", List.of("p0")),
            Map.of("last", "p1", "recent", List.of("p0", "p1")),
            Map.of("last", "p1", "recent", List.of("p1")),
            Map.of("last", "p1", "recent", List.of()));
  }

  @Test
  void withoutEmitWhenEventLeftOnlyRecordsEmit() {
    Scenario scenario =
        aggregate(events(), "recent", "list", "PT5M", false)
            .sink("out", "collect", param("Value", "#recent"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input("events", event("a", "p0", 0), event("a", "p1", 1))
            .run();

    assertThat(result.values("out")).containsExactly(List.of("p0"), List.of("p0", "p1"));
    assertThat(result.countIn("recent")).isEqualTo(2);
    assertThat(result.countOut("recent")).isEqualTo(2);
  }

  @Test
  void aNegativeWindowIsRefusedSayingWhatToFix() {
    Scenario scenario =
        aggregate(events(), "recent", "list", "-PT5M", false).sink("out", "dead-end");

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("recent"))
        .containsExactly(
            new NodeError(
                "recent",
                "windowLength",
                "parameter `windowLength` must be a positive duration, got `-PT5M`"));
  }

  @Test
  void anUnknownAggregatorIsRefusedListingTheKnownOnes() {
    Scenario scenario =
        aggregate(events(), "recent", "median", "PT5M", false).sink("out", "dead-end");

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("recent"))
        .containsExactly(
            new NodeError(
                "recent",
                "aggregator",
                "parameter `aggregator` must be one of list, set, first, last, count, sum, min,"
                    + " max, average, center, got `median`"));
  }

  @Test
  void centerIsTheElementWiseMeanOfTheVectorsInTheWindowSkippingNonVectors() {
    Scenario scenario =
        aggregate(events(), "centre", "center", "PT5M", false)
            .sink("out", "collect", param("Value", "#centre"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events",
                event("a", List.of(1.0, 2.0), 0),
                event("a", List.of(3, 4), 1),
                event("a", "not a vector", 2),
                event("b", List.of(-1.0, 1.0), 2.5),
                event("a", List.of(5.0, 6.0), 6))
            .run();

    // at minute 6 the vectors of minutes 0 and 1 have left the 5-minute window
    assertThat(result.values("out"))
        .containsExactly(
            List.of(1.0, 2.0),
            List.of(2.0, 3.0),
            List.of(2.0, 3.0),
            List.of(-1.0, 1.0),
            List.of(5.0, 6.0));
    assertThat(ScenarioTestRun.validate(scenario).variablesByNode().get("out").get("centre"))
        .isEqualTo(DataType.listOf(DataType.DOUBLE));
  }

  private static Map<String, Object> keyed(String key, Object value, double minutes) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("key", key);
    e.put("value", value);
    e.put("t", at(minutes));
    return e;
  }

  @Test
  void aRecordWithoutAKeyOrWhoseValueFailsGoesToTheErrorsAndTheOthersAggregateAsBefore() {
    Scenario scenario =
        events()
            .customNode(
                "sum",
                "aggregate-sliding",
                "sum",
                param("groupBy", "#input.key"),
                param("aggregator", "'sum'"),
                param("aggregateBy", "10 / #input.value"),
                param("windowLength", "'PT10M'"))
            .sink("out", "collect", param("Value", "#sum"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events", keyed("a", 1, 0), keyed(null, 1, 1), keyed("a", 0, 2), keyed("a", 2, 3))
            .run();

    assertThat(result.values("out")).containsExactly(10, 15);
    assertThat(result.errors())
        .extracting(e -> e.get("nodeId") + ": " + e.get("message"))
        .hasSize(2)
        .first()
        .isEqualTo("sum: key: `#input.key` is null");
    assertThat((String) result.errors().get(1).get("message")).startsWith("aggregateBy: ");
    assertThat(result.errors().get(1).get("variables"))
        .isEqualTo(Map.of("input", keyed("a", 0, 2)));
  }

  @Test
  void aVectorTheCenterCannotTakeGoesToTheErrorsAndIsNotKept() {
    Scenario scenario =
        aggregate(events(), "centre", "center", "PT5M", false)
            .sink("out", "collect", param("Value", "#centre"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "events",
                event("a", List.of(1.0, 2.0), 0),
                event("a", List.of(1.0, 2.0, 3.0), 1),
                event("a", List.of(3.0, 4.0), 2))
            .run();

    // the three-element vector would fail every later record of the key if it stayed
    assertThat(result.values("out")).containsExactly(List.of(1.0, 2.0), List.of(2.0, 3.0));
    assertThat(result.errors()).hasSize(1);
    assertThat((String) result.errors().get(0).get("message"))
        .isEqualTo("aggregator: aggregator `center` needs vectors of one length, got 2 and 3");
  }

  @Test
  void maxEntriesKeepsTheLatestValuesOfAKeyAndCountsTheOnesDropped() throws Exception {
    Scenario scenario =
        ScenarioBuilder.id("aggregate-sliding-cap-test")
            .parallelism(1)
            .source("events", "kafka", param("Topic", "'events'"), param("Timestamp field", "'t'"))
            .customNode(
                "list",
                "aggregate-sliding",
                "list",
                param("groupBy", "#input.key"),
                param("aggregator", "'list'"),
                param("aggregateBy", "#input.value"),
                param("windowLength", "'PT10M'"),
                param("maxEntries", "2"))
            .sink("out", "collect", param("Value", "#list"));

    TestRunResult result =
        MeteredTestRuns.run(
            scenario,
            "events",
            List.of(event("a", 1, 0), event("a", 2, 1), event("a", 3, 2), event("b", 4, 3)));

    assertThat(MeteredTestRuns.values(result, "out"))
        .containsExactly(List.of(1), List.of(1, 2), List.of(2, 3), List.of(4));
    assertThat(RecordedMetrics.counter(scenario.id(), "list", "entriesDropped")).isEqualTo(1);
  }
}
