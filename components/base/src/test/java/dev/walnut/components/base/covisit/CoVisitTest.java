package dev.walnut.components.base.covisit;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.walnut.components.base.Clicks;
import dev.walnut.components.base.MeteredTestRuns;
import dev.walnut.components.base.RecordedMetrics;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.testrun.TestRunResult;
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
            Clicks.click("u", "A", 0),
            Clicks.click("u", "B", 3),
            Clicks.click("u", "C", 12),
            Clicks.click("u", "D", 13));

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
            Clicks.click("u1", "A", 0),
            Clicks.click("u1", "B", 1),
            Clicks.click("u2", "A", 2),
            Clicks.click("u2", "B", 3),
            Clicks.click("u3", "B", 4));

    assertThat(result.records("changes"))
        .containsExactly(
            Map.of("item", "A", "recommendation", "B", "frequency", 1),
            Map.of("item", "A", "recommendation", "B", "frequency", 2));
  }

  @Test
  void clicksAtTheSameInstantDoNotPairButBothPairWithLaterOnes() {
    ScenarioTestResult result =
        run(
            coVisit(),
            Clicks.click("u", "A", 0),
            Clicks.click("u", "B", 0),
            Clicks.click("u", "C", 1));

    assertThat(finalFrequencies(result)).containsOnly(entry("A -> C", 1), entry("B -> C", 1));
  }

  @Test
  void onlyStrictlyEarlierClicksPairEvenWhenTheyArriveLater() {
    // arrival order is not event-time order; within the allowed lateness the result is the same
    ScenarioTestResult result =
        run(
            coVisit(),
            Clicks.click("u", "B", 3),
            Clicks.click("u", "A", 0),
            Clicks.click("u", "C", 5));

    assertThat(finalFrequencies(result))
        .containsOnly(entry("A -> B", 1), entry("A -> C", 1), entry("B -> C", 1));
  }

  @Test
  void selfPairsCountByDefaultAsInTheDataSqrlQuery() {
    ScenarioTestResult result =
        run(coVisit(), Clicks.click("u", "A", 0), Clicks.click("u", "A", 1));

    assertThat(finalFrequencies(result)).containsOnly(entry("A -> A", 1));
  }

  @Test
  void selfPairsAreLeftOutWhenIncludeSelfPairsIsFalse() {
    ScenarioTestResult result =
        run(
            coVisit(param("includeSelfPairs", "false")),
            Clicks.click("u", "A", 0),
            Clicks.click("u", "A", 1),
            Clicks.click("u", "B", 2));

    assertThat(finalFrequencies(result)).containsOnly(entry("A -> B", 2));
  }

  @Test
  void usersDoNotPairWithEachOther() {
    ScenarioTestResult result =
        run(coVisit(), Clicks.click("u1", "A", 0), Clicks.click("u2", "B", 1));

    assertThat(result.records("changes")).isEmpty();
    assertThat(result.countIn("co-visits")).isEqualTo(2);
  }

  @Test
  void maxHistoryKeepsOnlyTheUsersLatestClicks() {
    ScenarioTestResult result =
        run(
            coVisit(param("maxHistory", "2")),
            Clicks.click("u", "A", 0),
            Clicks.click("u", "B", 1),
            Clicks.click("u", "C", 2),
            Clicks.click("u", "D", 3));

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
            Clicks.click("u1", "A", 0),
            Clicks.click("u1", "B", 1),
            Clicks.click("u2", "A", 20),
            Clicks.click("u2", "B", 21));

    // the first co-visit (minute 1) has decayed by two half-lives at minute 21: 1/4 + 1
    List<Object> scores = new ArrayList<>();
    result.records("changes").forEach(c -> scores.add(c.get("score")));
    assertThat(scores).containsExactly(1.0, 1.25);
    assertThat(finalFrequencies(result)).containsOnly(entry("A -> B", 2));
  }

  @Test
  void withoutTimeDecayThereIsNoScore() {
    ScenarioTestResult result =
        run(coVisit(), Clicks.click("u", "A", 0), Clicks.click("u", "B", 1));

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

  private static Map<String, Object> click(String user, String url, double minutes, int d) {
    Map<String, Object> c = new LinkedHashMap<>(Clicks.click(user, url, minutes));
    c.put("userid", user);
    c.put("d", d);
    return c;
  }

  @Test
  void aClickWithoutAUserOrWhoseItemFailsGoesToTheErrorsAndTheOthersPairAsBefore() {
    ScenarioTestResult result =
        run(
            coVisit(param("item", "10 / #input.d > 0 ? #input.url : 'never'")),
            click("u", "A", 0, 1),
            click(null, "X", 1, 1),
            click("u", "POISON", 2, 0),
            click("u", "B", 3, 1));

    assertThat(result.records("changes"))
        .containsExactly(Map.of("item", "A", "recommendation", "B", "frequency", 1));
    assertThat(result.errors()).hasSize(2);
    assertThat(result.errors()).allSatisfy(e -> assertThat(e).containsEntry("nodeId", "co-visits"));
    assertThat((String) result.errors().get(0).get("message"))
        .isEqualTo("userKey: `#input.userid` is null");
    assertThat((String) result.errors().get(1).get("message")).startsWith("item: ");
    assertThat(result.errors().get(1).get("variables"))
        .isEqualTo(Map.of("input", click("u", "POISON", 2, 0)));
  }

  @Test
  void maxPairsPerClickPairsAClickWithTheLatestEarlierClicksOnlyAndCountsTheRest()
      throws Exception {
    Scenario scenario = coVisit(param("maxPairsPerClick", "2"));
    TestRunResult result =
        MeteredTestRuns.run(
            scenario,
            "clicks",
            List.of(
                Clicks.click("u", "A", 0),
                Clicks.click("u", "B", 1),
                Clicks.click("u", "C", 2),
                Clicks.click("u", "D", 3)));

    // D pairs with C and B, the latest two; D after A is dropped and counted
    assertThat(MeteredTestRuns.values(result, "changes"))
        .containsExactly(
            pair("A", "B"), pair("A", "C"), pair("B", "C"), pair("B", "D"), pair("C", "D"));
    assertThat(RecordedMetrics.counter(scenario.id(), "co-visits (pairs)", "pairsDropped"))
        .isEqualTo(1);
    assertThat(RecordedMetrics.counter(scenario.id(), "co-visits (pairs)", "historyClicksDropped"))
        .isZero();
  }

  @Test
  void clicksForgottenByMaxHistoryAreCountedAndIdleUsersAreCleared() throws Exception {
    Scenario scenario =
        ScenarioBuilder.id("co-visit-history-test")
            .parallelism(1)
            .source(
                "clicks",
                "kafka",
                param("Topic", "'clicks'"),
                param("Timestamp field", "'t'"),
                param("Max out of orderness", "'PT10M'"))
            .customNode(
                "co-visits",
                "co-visit",
                "covisit",
                param("userKey", "#input.userid"),
                param("item", "#input.url"),
                param("maxHistory", "2"))
            .sink("changes", "collect", param("Value", "#covisit"));
    MeteredTestRuns.run(
        scenario,
        "clicks",
        List.of(
            Clicks.click("u1", "A", 0),
            Clicks.click("u1", "B", 1),
            Clicks.click("u1", "C", 2),
            Clicks.click("u1", "D", 3),
            Clicks.click("u2", "A", 30)));

    // A left u1's history when C came, B when D came
    assertThat(RecordedMetrics.counter(scenario.id(), "co-visits (pairs)", "historyClicksDropped"))
        .isEqualTo(2);
    // the end of the input moves the watermark past both users' windows
    assertThat(RecordedMetrics.counter(scenario.id(), "co-visits (pairs)", "idleUsersCleared"))
        .isEqualTo(2);
  }

  private static Map<String, Object> pair(String item, String recommendation) {
    return Map.of("item", item, "recommendation", recommendation, "frequency", 1);
  }

  @Test
  void boundsOutOfRangeAreRefusedSayingWhatToFix() {
    Scenario scenario = coVisit(param("maxPairsPerClick", "0"), param("countTtl", "'PT0S'"));

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("co-visits"))
        .containsExactlyInAnyOrder(
            new NodeError(
                "co-visits",
                "maxPairsPerClick",
                "parameter `maxPairsPerClick` must be a number between 1 and 1000000, got `0`"),
            new NodeError(
                "co-visits",
                "countTtl",
                "parameter `countTtl` must be a positive duration, got `PT0S`"));
  }
}
