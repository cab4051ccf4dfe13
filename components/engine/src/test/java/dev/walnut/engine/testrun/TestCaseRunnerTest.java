package dev.walnut.engine.testrun;

import static dev.walnut.engine.fakes.Json.enricher;
import static dev.walnut.engine.fakes.Json.filter;
import static dev.walnut.engine.fakes.Json.scenario;
import static dev.walnut.engine.fakes.Json.sink;
import static dev.walnut.engine.fakes.Json.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stored test cases through the real test-run path on one MiniCluster: inputs per source, an
 * enricher's answer fixed by the case, and each kind of assertion passing and failing with what
 * differed.
 */
class TestCaseRunnerTest {
  private static final ObjectMapper M = new ObjectMapper();
  private static LocalFlinkCluster cluster;
  private final TestCaseRunner runner = new TestCaseRunner(ComponentRegistry.load());

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalFlinkCluster.start(0, 2);
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** in → double (twice the amount; fails on negatives) → big (> 20) → out {id, doubled}. */
  private static Scenario doubling(String cases) throws Exception {
    Scenario s =
        scenario(
            "doubling",
            source("in", "lines"),
            enricher("double", "double-now", "doubled", "x", "#input.amount"),
            filter("big", "#doubled > 20"),
            sink("out", "capture", "Value", "{id: #input.id, doubled: #doubled}"));
    return TestCase.withCases(s, M.readTree(cases));
  }

  private static final String INPUTS =
      "\"inputs\": {\"in\": [{\"id\": \"a5\", \"amount\": 5}, {\"id\": \"a12\", \"amount\": 12},"
          + " {\"id\": \"a20\", \"amount\": 20}]}";

  private List<TestCaseResult> run(Scenario s) {
    return runner.run(s, Optional.empty(), Map.of(), cluster);
  }

  @Test
  void everyKindOfAssertionPassesOnWhatTheRunShows() throws Exception {
    List<TestCaseResult> results =
        run(
            doubling(
                "[{\"name\": \"two are big\", "
                    + INPUTS
                    + ", \"assertions\": ["
                    + "{\"node\": \"out\", \"records\": [{\"id\": \"a20\", \"doubled\": 40},"
                    + " {\"id\": \"a12\", \"doubled\": 24.0}]},"
                    + "{\"node\": \"out\", \"contains\": [{\"doubled\": 40, \"id\": \"a20\"}]},"
                    + "{\"node\": \"big\", \"count\": {\"in\": 3, \"out\": 2}},"
                    + "{\"node\": \"out\", \"condition\": \"#output.size() == 2 &&"
                    + " #output[0].doubled > 20\"},"
                    + "{\"node\": \"big\", \"condition\": \"#records[0].input.id == 'a5' &&"
                    + " #count.out == 2\"}]}]"));

    TestCaseResult r = results.get(0);
    assertThat(r.failureMessage()).isEmpty();
    assertThat(r.passed()).isTrue();
    assertThat(r.checks()).hasSize(6); // the run-wide errors check and the five assertions
    assertThat(r.nodes()).containsExactly(Map.entry("out", true), Map.entry("big", true));
    assertThat(r.counts().get("big")).isEqualTo(new TestRunResult.NodeCounts(3, 2));
  }

  @Test
  void failedAssertionsSayWhatDiffered() throws Exception {
    TestCaseResult r =
        run(doubling(
                "[{\"name\": \"wrong\", "
                    + INPUTS
                    + ", \"assertions\": ["
                    + "{\"node\": \"out\", \"records\": [{\"id\": \"a20\", \"doubled\": 40},"
                    + " {\"id\": \"a5\", \"doubled\": 10}]},"
                    + "{\"node\": \"big\", \"count\": {\"out\": 3}},"
                    + "{\"node\": \"out\", \"condition\": \"#output.size() == 3\"},"
                    + "{\"node\": \"big\", \"records\": []},"
                    + "{\"node\": \"big\", \"condition\": \"#output.size() == 3\"}]}]"))
            .get(0);

    assertThat(r.passed()).isFalse();
    assertThat(r.checks().get(1).message())
        .isEqualTo(
            "wrote 2 records, expected exactly 2; missing 1: {\"id\":\"a5\",\"doubled\":10};"
                + " unexpected 1: {\"id\":\"a12\",\"doubled\":24}");
    assertThat(r.checks().get(2).message()).isEqualTo("out 2, expected 3");
    assertThat(r.checks().get(3).message()).startsWith("`#output.size() == 3` is false (2 written");
    assertThat(r.checks().get(4).message())
        .startsWith("`records` compares what a sink wrote, and `big` is a Filter");
    assertThat(r.checks().get(5).message())
        .contains("is not valid")
        .contains("#output is only defined for sinks");
    assertThat(r.nodes()).containsExactly(Map.entry("out", false), Map.entry("big", false));
  }

  @Test
  void aMockedEnricherAnswersWhatTheCaseFixes() throws Exception {
    List<TestCaseResult> results =
        run(
            doubling(
                "[{\"name\": \"fixed\", "
                    + INPUTS
                    + ", \"mocks\": {\"double\": {\"answer\": 100}},"
                    + " \"assertions\": [{\"node\": \"big\", \"count\": {\"out\": 3}},"
                    + " {\"node\": \"double\", \"count\": {\"in\": 3, \"out\": 3}}]},"
                    + "{\"name\": \"by expression\", "
                    + INPUTS
                    + ", \"mocks\": {\"double\": {\"expression\": \"#input.amount * 3.0\"}},"
                    + " \"assertions\": [{\"node\": \"out\", \"contains\": [{\"id\": \"a20\","
                    + " \"doubled\": 60}]}]}]"));

    assertThat(results).allSatisfy(r -> assertThat(r.failureMessage()).isEmpty());
  }

  @Test
  void aMockAnswerMayBeAnyJsonValue() throws Exception {
    String answer =
        "{\"items\": [\"p1\", \"it's\"], \"scores\": [0.5, 2], \"big\": 12345678901,"
            + " \"none\": null, \"ok\": true, \"empty\": {}}";
    Scenario s =
        TestCase.withCases(
            scenario(
                "answers",
                source("in", "lines"),
                enricher("model", "double-now", "model", "x", "#input.amount"),
                sink("out", "capture", "Value", "#model")),
            M.readTree(
                "[{\"name\": \"json\", \"inputs\": {\"in\": [{\"amount\": 1}]},"
                    + " \"mocks\": {\"model\": {\"answer\": "
                    + answer
                    + "}}, \"assertions\": [{\"node\": \"out\", \"records\": ["
                    + answer
                    + "]}]}]"));

    TestCaseResult r = run(s).get(0);
    assertThat(r.failureMessage()).isEmpty();
  }

  @Test
  void failedRecordsFailTheCaseUnlessExpected() throws Exception {
    String negative = "\"inputs\": {\"in\": [{\"id\": \"n\", \"amount\": -1}]}";
    List<TestCaseResult> results =
        run(
            doubling(
                "[{\"name\": \"unexpected\", "
                    + negative
                    + "}, {\"name\": \"expected\", "
                    + negative
                    + ", \"expectedErrors\": 1}]"));

    assertThat(results.get(0).failureMessage())
        .startsWith("errors: 1 record failed, expected 0; first: ")
        .contains("negative input -1.0");
    assertThat(results.get(1).passed()).isTrue();
  }

  @Test
  void aCaseThatCannotRunSaysWhy() throws Exception {
    TestCaseResult r =
        run(doubling(
                "[{\"name\": \"bad\", \"inputs\": {\"big\": [{}]},"
                    + " \"mocks\": {\"big\": {\"answer\": 1}},"
                    + " \"assertions\": [{\"node\": \"nope\", \"count\": {\"in\": 1}}]}]"))
            .get(0);

    assertThat(r.passed()).isFalse();
    assertThat(r.problems())
        .containsExactly(
            "an assertion checks node `nope`, which is not in the scenario",
            "inputs name `big`, which is not a source node of the scenario",
            "mocks name `big`, which is a Filter; only enrichers' answers can be fixed");
  }

  @Test
  void malformedCasesAreRefusedSayingWhere() {
    assertThatThrownBy(() -> doubling("[{\"name\": \"a\"}, {\"name\": \"a\"}]"))
        .hasMessage("testCases[1]: another test case is named `a`; names must be unique");
    assertThatThrownBy(() -> doubling("[{\"inputs\": {}}]"))
        .hasMessage("testCases[0].name (a non-empty string) is required");
    assertThatThrownBy(() -> doubling("[{\"name\": \"a\", \"assertions\": [{\"node\": \"out\"}]}]"))
        .hasMessage(
            "testCases[0] (`a`).assertions[0] needs exactly one of `records`, `contains`,"
                + " `count` or `condition`, got none");
    assertThatThrownBy(
            () ->
                doubling(
                    "[{\"name\": \"a\", \"assertions\": [{\"node\": \"big\", \"count\":"
                        + " {\"in\": -1}}]}]"))
        .hasMessage(
            "testCases[0] (`a`).assertions[0].count.in must be a whole number of at least 0, got -1");
    assertThatThrownBy(() -> doubling("[{\"name\": \"a\", \"mocks\": {\"double\": {}}}]"))
        .hasMessage(
            "testCases[0] (`a`).mocks.double needs exactly one of `answer` (a JSON value) or"
                + " `expression` (SpEL)");
  }

  @Test
  void casesTravelWithTheScenarioJson() throws Exception {
    Scenario s = doubling("[{\"name\": \"kept\", " + INPUTS + "}]");
    JsonNode back = M.readTree(ScenarioJson.write(ScenarioJson.read(ScenarioJson.write(s))));
    assertThat(back.at("/metaData/additionalFields/testCases/0/name").asText()).isEqualTo("kept");
    assertThat(TestCase.of(ScenarioJson.read(ScenarioJson.write(s)))).hasSize(1);
    assertThatThrownBy(() -> runner.run(s, Optional.of("other"), Map.of(), cluster))
        .hasMessage("scenario `doubling` has no test case named `other`; it has [`kept`]");
  }
}
