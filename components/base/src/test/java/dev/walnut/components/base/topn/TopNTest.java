package dev.walnut.components.base.topn;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.components.base.MeteredTestRuns;
import dev.walnut.components.base.RecordedMetrics;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopNTest {

  private static Scenario topN(String n, String maxItems) {
    return ScenarioBuilder.id("top-n-test")
        .parallelism(1)
        .source("scores", "kafka", param("Topic", "'scores'"))
        .customNode(
            "best",
            "top-n",
            "best",
            param("groupBy", "#input.page"),
            param("item", "#input.item"),
            param("score", "#input.score"),
            param("n", n),
            param("maxItems", maxItems))
        .sink("out", "collect", param("Value", "{page: #input.page, best: #best}"));
  }

  private static Map<String, Object> score(String page, String item, double score) {
    return Map.of("page", page, "item", item, "score", score);
  }

  private static Map<String, Object> ranked(String item, double score) {
    return Map.of("item", item, "score", score);
  }

  @Test
  void emitsThePagesBestItemsByLatestScoreOnEveryUpdate() {
    ScenarioTestResult result =
        ScenarioTestRun.of(topN("2", "1000"))
            .input(
                "scores",
                score("p", "x", 1),
                score("p", "y", 3),
                score("p", "z", 2),
                score("p", "x", 5),
                score("p", "w", 3),
                score("q", "v", 1))
            .run();

    assertThat(result.records("out"))
        .containsExactly(
            Map.of("page", "p", "best", List.of(ranked("x", 1))),
            Map.of("page", "p", "best", List.of(ranked("y", 3), ranked("x", 1))),
            Map.of("page", "p", "best", List.of(ranked("y", 3), ranked("z", 2))),
            Map.of("page", "p", "best", List.of(ranked("x", 5), ranked("y", 3))),
            // w and y tie at 3: by item
            Map.of("page", "p", "best", List.of(ranked("x", 5), ranked("w", 3))),
            Map.of("page", "q", "best", List.of(ranked("v", 1))));
  }

  @Test
  void maxItemsForgetsTheLowestScoredItems() {
    ScenarioTestResult result =
        ScenarioTestRun.of(topN("3", "2"))
            .input(
                "scores",
                score("p", "x", 1),
                score("p", "y", 3),
                score("p", "z", 2),
                score("p", "w", 0.5))
            .run();

    // x was forgotten when z came (only the best two are remembered), so it cannot come back
    assertThat(result.records("out"))
        .last()
        .isEqualTo(Map.of("page", "p", "best", List.of(ranked("y", 3), ranked("z", 2))));
  }

  @Test
  void recordsWithoutANumericScoreAreSkipped() {
    ScenarioTestResult result =
        ScenarioTestRun.of(topN("2", "1000"))
            .input("scores", Map.of("page", "p", "item", "x", "score", "high"), score("p", "y", 1))
            .run();

    assertThat(result.records("out"))
        .containsExactly(Map.of("page", "p", "best", List.of(ranked("y", 1))));
  }

  @Test
  void nOutOfRangeIsRefusedSayingWhatToFix() {
    assertThat(ScenarioTestRun.validate(topN("0", "1000")).errorsOf("best"))
        .containsExactly(
            new NodeError(
                "best", "n", "parameter `n` must be a number between 1 and 1000, got `0`"));
  }

  @Test
  void aRecordWithoutAGroupOrWhoseScoreFailsGoesToTheErrorsAndTheOthersRankAsBefore() {
    Scenario scenario =
        ScenarioBuilder.id("top-n-errors-test")
            .parallelism(1)
            .source("scores", "kafka", param("Topic", "'scores'"))
            .customNode(
                "best",
                "top-n",
                "best",
                param("groupBy", "#input.page"),
                param("item", "#input.item"),
                param("score", "10.0 / #input.d"),
                param("n", "2"))
            .sink("out", "collect", param("Value", "{page: #input.page, best: #best}"));
    Map<String, Object> noPage = new LinkedHashMap<>();
    noPage.put("page", null);
    noPage.put("item", "x");
    noPage.put("d", 1);

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "scores",
                Map.of("page", "p", "item", "x", "d", 1),
                noPage,
                Map.of("page", "p", "item", "y", "d", "zero"),
                Map.of("page", "p", "item", "z", "d", 2))
            .run();

    assertThat(result.records("out"))
        .containsExactly(
            Map.of("page", "p", "best", List.of(ranked("x", 10))),
            Map.of("page", "p", "best", List.of(ranked("x", 10), ranked("z", 5))));
    assertThat(result.errors()).extracting(e -> e.get("nodeId")).containsExactly("best", "best");
    assertThat((String) result.errors().get(0).get("message"))
        .isEqualTo("key: `#input.page` is null");
    assertThat((String) result.errors().get(1).get("message")).startsWith("score: ");
  }

  @Test
  void itemsForgottenByMaxItemsAreCounted() throws Exception {
    Scenario scenario = topN("3", "2");
    MeteredTestRuns.run(
        scenario,
        "scores",
        List.of(score("p", "x", 1), score("p", "y", 3), score("p", "z", 2), score("p", "w", 0.5)));

    // x when z came, w at once
    assertThat(RecordedMetrics.counter(scenario.id(), "best", "itemsDropped")).isEqualTo(2);
  }

  @Test
  void aScoreTtlThatIsNotPositiveIsRefusedSayingWhatToFix() {
    Scenario scenario =
        ScenarioBuilder.id("top-n-ttl-test")
            .source("scores", "kafka", param("Topic", "'scores'"))
            .customNode(
                "best",
                "top-n",
                "best",
                param("groupBy", "#input.page"),
                param("item", "#input.item"),
                param("score", "#input.score"),
                param("scoreTtl", "'-PT1H'"))
            .sink("out", "collect", param("Value", "#best"));

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("best"))
        .containsExactly(
            new NodeError(
                "best",
                "scoreTtl",
                "parameter `scoreTtl` must be a positive duration, got `-PT1H`"));
  }
}
