package dev.walnut.components.base.covisit;

import static dev.walnut.components.base.Clicks.click;
import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoVisitTest {

  /** clicks → co-visit (window 10 minutes unless overridden) → the changelog of pair counts. */
  private static Scenario coVisit(NodeParameter... overrides) {
    Map<String, NodeParameter> params = new LinkedHashMap<>();
    for (NodeParameter p :
        List.of(
            param("userKey", "#input.userid"),
            param("item", "#input.url"),
            param("window", "'PT10M'"))) {
      params.put(p.name(), p);
    }
    for (NodeParameter p : overrides) {
      params.put(p.name(), p);
    }
    return ScenarioBuilder.id("co-visit-test")
        .parallelism(1)
        .source(
            "clicks",
            "kafka",
            param("Topic", "'clicks'"),
            param("Timestamp field", "'t'"),
            param("Max out of orderness", "'PT10M'"))
        .customNode(
            "co-visits", "co-visit", "covisit", params.values().toArray(NodeParameter[]::new))
        .sink("changes", "collect", param("Value", "#covisit"));
  }

  private static ScenarioTestResult run(Scenario scenario, Object... clicks) {
    return ScenarioTestRun.of(scenario).input("clicks", clicks).run();
  }

  /** The last frequency of each pair, as {@code "a -> b"}. */
  private static Map<String, Object> finalFrequencies(ScenarioTestResult result) {
    Map<String, Object> last = new LinkedHashMap<>();
    for (Map<String, Object> change : result.records("changes")) {
      last.put(change.get("item") + " -> " + change.get("recommendation"), change.get("frequency"));
    }
    return last;
  }

  @Test
  void pairsEachClickWithTheUsersClicksOfTheWindowBeforeIt() {
    ScenarioTestResult result =
        run(
            coVisit(),
            click("u", "A", 0),
            click("u", "B", 3),
            click("u", "C", 12),
            click("u", "D", 13));

    // C at 12 no longer sees A (12 minutes earlier); D at 13 still sees B, exactly 10 minutes back
    assertThat(finalFrequencies(result))
        .containsOnly(
            entry("A -> B", 1), entry("B -> C", 1), entry("B -> D", 1), entry("C -> D", 1));
  }

  @Test
  void emitsTheUpdatedCountOverAllUsersForEveryCoVisit() {
    ScenarioTestResult result =
        run(
            coVisit(),
            click("u1", "A", 0),
            click("u1", "B", 1),
            click("u2", "A", 2),
            click("u2", "B", 3),
            click("u3", "B", 4));

    assertThat(result.records("changes"))
        .containsExactly(
            Map.of("item", "A", "recommendation", "B", "frequency", 1),
            Map.of("item", "A", "recommendation", "B", "frequency", 2));
  }

  @Test
  void clicksAtTheSameInstantDoNotPairButBothPairWithLaterOnes() {
    ScenarioTestResult result =
        run(coVisit(), click("u", "A", 0), click("u", "B", 0), click("u", "C", 1));

    assertThat(finalFrequencies(result)).containsOnly(entry("A -> C", 1), entry("B -> C", 1));
  }

  @Test
  void onlyStrictlyEarlierClicksPairEvenWhenTheyArriveLater() {
    // arrival order is not event-time order; within the allowed lateness the result is the same
    ScenarioTestResult result =
        run(coVisit(), click("u", "B", 3), click("u", "A", 0), click("u", "C", 5));

    assertThat(finalFrequencies(result))
        .containsOnly(entry("A -> B", 1), entry("A -> C", 1), entry("B -> C", 1));
  }

  @Test
  void selfPairsCountByDefaultAsInTheDataSqrlQuery() {
    ScenarioTestResult result = run(coVisit(), click("u", "A", 0), click("u", "A", 1));

    assertThat(finalFrequencies(result)).containsOnly(entry("A -> A", 1));
  }

  @Test
  void selfPairsAreLeftOutWhenIncludeSelfPairsIsFalse() {
    ScenarioTestResult result =
        run(
            coVisit(param("includeSelfPairs", "false")),
            click("u", "A", 0),
            click("u", "A", 1),
            click("u", "B", 2));

    assertThat(finalFrequencies(result)).containsOnly(entry("A -> B", 2));
  }

  @Test
  void usersDoNotPairWithEachOther() {
    ScenarioTestResult result = run(coVisit(), click("u1", "A", 0), click("u2", "B", 1));

    assertThat(result.records("changes")).isEmpty();
    assertThat(result.countIn("co-visits")).isEqualTo(2);
  }

  @Test
  void maxHistoryKeepsOnlyTheUsersLatestClicks() {
    ScenarioTestResult result =
        run(
            coVisit(param("maxHistory", "2")),
            click("u", "A", 0),
            click("u", "B", 1),
            click("u", "C", 2),
            click("u", "D", 3));

    // D sees only B and C; A was dropped when C arrived
    assertThat(finalFrequencies(result))
        .containsOnly(
            entry("A -> B", 1),
            entry("A -> C", 1),
            entry("B -> C", 1),
            entry("B -> D", 1),
            entry("C -> D", 1));
  }

  @Test
  void timeDecayAddsAScoreThatHalvesEveryHalfLife() {
    ScenarioTestResult result =
        run(
            coVisit(param("timeDecay", "'PT10M'")),
            click("u1", "A", 0),
            click("u1", "B", 1),
            click("u2", "A", 20),
            click("u2", "B", 21));

    // the first co-visit (minute 1) has decayed by two half-lives at minute 21: 1/4 + 1
    List<Object> scores = new ArrayList<>();
    result.records("changes").forEach(c -> scores.add(c.get("score")));
    assertThat(scores).containsExactly(1.0, 1.25);
    assertThat(finalFrequencies(result)).containsOnly(entry("A -> B", 2));
  }

  @Test
  void withoutTimeDecayThereIsNoScore() {
    ScenarioTestResult result = run(coVisit(), click("u", "A", 0), click("u", "B", 1));

    assertThat(result.records("changes"))
        .containsExactly(Map.of("item", "A", "recommendation", "B", "frequency", 1));
  }

  @Test
  void parametersOutOfRangeAreRefusedSayingWhatToFix() {
    Scenario scenario =
        coVisit(param("window", "'PT0S'"), param("maxHistory", "0"), param("timeDecay", "'-PT5M'"));

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("co-visits"))
        .containsExactlyInAnyOrder(
            new NodeError(
                "co-visits",
                "window",
                "parameter `window` must be a positive duration, got `PT0S`"),
            new NodeError(
                "co-visits",
                "maxHistory",
                "parameter `maxHistory` must be a number between 1 and 1000000, got `0`"),
            new NodeError(
                "co-visits",
                "timeDecay",
                "parameter `timeDecay` must be a positive duration, got `-PT5M`"));
  }
}
