package dev.walnut.components.base.flow;

import static dev.walnut.testkit.scenario.ScenarioBuilder.branchParameters;
import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.testkit.scenario.Branch;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnionTest {

  @Test
  void mergesTwoSourcesEachMappedByItsOutputExpression() {
    Scenario scenario =
        ScenarioBuilder.id("union-test")
            .parallelism(1)
            .sources(
                Branch.source("orders", "kafka", param("Topic", "'orders'"))
                    .branchEnd("from orders", "both"),
                Branch.source("refunds", "kafka", param("Topic", "'refunds'"))
                    .branchEnd("from refunds", "both"),
                Branch.join(
                        "both",
                        "union",
                        "money",
                        branchParameters(
                            "from orders",
                            param("Output expression", "{kind: 'order', amount: #input.total}")),
                        branchParameters(
                            "from refunds",
                            param("Output expression", "{kind: 'refund', amount: -#input.value}")))
                    .sink("out", "collect", param("Value", "#money")));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input("orders", Map.of("total", 10), Map.of("total", 20))
            .input("refunds", Map.of("value", 5))
            .run();

    assertThat(result.records("out"))
        .containsExactlyInAnyOrder(
            Map.of("kind", "order", "amount", 10),
            Map.of("kind", "order", "amount", 20),
            Map.of("kind", "refund", "amount", -5));
    assertThat(result.countIn("both")).isEqualTo(3);
    assertThat(result.countOut("both")).isEqualTo(3);
  }

  @Test
  void rejoinsTheBranchesOfASplit() {
    Scenario scenario =
        ScenarioBuilder.id("split-and-union-test")
            .parallelism(1)
            .sources(
                Branch.source("numbers", "kafka", param("Topic", "'numbers'"))
                    .split(
                        "both ways",
                        Branch.start()
                            .variable("double", "doubled", "#input.n * 2")
                            .branchEnd("doubled", "again together"),
                        Branch.start()
                            .variable("square", "squared", "#input.n * #input.n")
                            .branchEnd("squared", "again together")),
                Branch.join(
                        "again together",
                        "union",
                        "result",
                        branchParameters("doubled", param("Output expression", "#doubled")),
                        branchParameters("squared", param("Output expression", "#squared")))
                    .sink("out", "collect", param("Value", "#result")));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario).input("numbers", Map.of("n", 3), Map.of("n", 5)).run();

    assertThat(result.values("out")).containsExactlyInAnyOrder(6, 9, 10, 25);
  }

  @Test
  void eachIncomingBranchNeedsItsOutputExpression() {
    Scenario scenario =
        ScenarioBuilder.id("union-without-branch-parameters")
            .sources(
                Branch.source("a", "kafka", param("Topic", "'a'")).branchEnd("from a", "both"),
                Branch.source("b", "kafka", param("Topic", "'b'")).branchEnd("from b", "both"),
                Branch.join(
                        "both",
                        "union",
                        "merged",
                        branchParameters("from a", param("Output expression", "#input")))
                    .sink("out", "dead-end"));

    assertThat(ScenarioTestRun.validate(scenario).errorsOf("both"))
        .containsExactly(
            new NodeError("both", null, "branch `from b` needs its branch parameters"));
  }
}
