package dev.walnut.engine.compile;

import static dev.walnut.engine.fakes.Json.branch;
import static dev.walnut.engine.fakes.Json.enricher;
import static dev.walnut.engine.fakes.Json.filter;
import static dev.walnut.engine.fakes.Json.record;
import static dev.walnut.engine.fakes.Json.scenario;
import static dev.walnut.engine.fakes.Json.sink;
import static dev.walnut.engine.fakes.Json.source;
import static dev.walnut.engine.fakes.Json.split;
import static dev.walnut.engine.fakes.Json.switchNode;
import static dev.walnut.engine.fakes.Json.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.testrun.TestRunResult;
import dev.walnut.engine.testrun.TestRunner;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine's own node types, run for real on a Flink cluster: filter with a false branch,
 * variables, record variables, sync and async enrichers, switch, split, and per-record errors.
 */
class FlowNodesTest {
  @TempDir static Path dir;
  static TestRunResult result;

  @BeforeAll
  static void runOnce() throws Exception {
    ObjectNode[] nodes = {
      source("in", "lines"),
      filter("big", "#input.amount > 10", sink("small", "capture", "Value", "#input.id")),
      variable("v", "doubled", "#input.amount * 2"),
      record("r", "rec", "id", "#input.id", "d", "#doubled"),
      enricher("now", "double-now", "twice", "x", "#input.amount"),
      enricher("later", "double-later", "laterTwice", "x", "#input.amount - 15"),
      enricher("sum", "sum-of", "summed", "Fields", "'a, b'", "a", "#input.amount", "b", "1"),
      switchNode(
          "route",
          branch(
              split(
                  "fork",
                  branch(sink("a", "capture", "Value", "#rec")),
                  branch(
                      sink(
                          "b",
                          "capture",
                          "Value",
                          "{twice: #twice, later: #laterTwice, scenario: #meta.scenarioId, sum:"
                              + " #summed}")))),
          "#input.amount > 100",
          branch(sink("huge", "capture", "Value", "#input.id")))
    };
    Scenario s = scenario("flow", 2, new ObjectNode[][] {}, nodes);
    ValidationResult v = new ScenarioValidator(ComponentRegistry.load()).validate(s);
    assertThat(v.errors()).isEmpty();
    Path input = dir.resolve("in.jsonl");
    Files.write(
        input,
        List.of(
            "{\"id\":\"a5\",\"amount\":5,\"ts\":1000}",
            "{\"id\":\"a12\",\"amount\":12,\"ts\":2000}",
            "{\"id\":\"a20\",\"amount\":20,\"ts\":3000}",
            "",
            "{\"id\":\"a200\",\"amount\":200,\"ts\":4000}",
            "{\"id\":\"neg\",\"amount\":-1,\"ts\":5000}"));
    result = new TestRunner().run(v, Map.of("in", input), Map.of());
  }

  @Test
  void theFilterSendsTheRestToItsFalseBranch() {
    assertThat(result.sinkOutputs().get("small")).containsExactlyInAnyOrder("\"a5\"", "\"neg\"");
    assertThat(result.counts().get("big")).isEqualTo(new TestRunResult.NodeCounts(5, 5));
  }

  @Test
  void theSwitchRoutesToTheFirstMatchingCaseElseTheDefault() {
    assertThat(result.sinkOutputs().get("huge")).containsExactly("\"a200\"");
  }

  @Test
  void variablesRecordsAndEnrichersReachEveryBranchOfTheSplit() {
    assertThat(result.sinkOutputs().get("a")).containsExactly("{\"id\":\"a20\",\"d\":40}");
    assertThat(result.sinkOutputs().get("b"))
        .containsExactly("{\"twice\":40.0,\"later\":10.0,\"scenario\":\"flow\",\"sum\":21.0}");
  }

  @Test
  void aFailingRecordBecomesAnErrorNamingTheNodeAndIsCountedOut() {
    assertThat(result.errors())
        .singleElement()
        .asString()
        .contains("\"nodeId\":\"later\"")
        .contains("negative input -3.0")
        .contains("\"id\":\"a12\"");
    assertThat(result.counts().get("later")).isEqualTo(new TestRunResult.NodeCounts(3, 2));
  }

  @Test
  void everyNodeIsCounted() {
    assertThat(result.counts().keySet())
        .contains(
            "in", "big", "small", "v", "r", "now", "later", "route", "huge", "fork", "a", "b");
    assertThat(result.counts().get("in").out()).isEqualTo(5);
    assertThat(result.counts().get("fork")).isEqualTo(new TestRunResult.NodeCounts(1, 1));
  }

  @Test
  void eachNodeKeepsTheRecordsThatEnteredItWithTheirVariables() {
    // a source keeps what left it; every other node what entered it, with the variables so far
    assertThat(result.records().get("in"))
        .hasSize(5)
        .first()
        .asString()
        .contains("\"input\":{\"id\":\"a5\",\"amount\":5,\"ts\":1000}");
    assertThat(result.records().get("small"))
        .hasSize(2)
        .allSatisfy(r -> assertThat(r).containsAnyOf("\"a5\"", "\"neg\""));
    assertThat(result.records().get("a"))
        .singleElement()
        .asString()
        .contains("\"id\":\"a20\"")
        .contains("\"d\":40");
    assertThat(result.records().get("later")).hasSize(3);
  }
}
