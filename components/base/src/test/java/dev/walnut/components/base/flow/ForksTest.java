package dev.walnut.components.base.flow;

import static dev.walnut.testkit.scenario.ScenarioBuilder.field;
import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.Branch;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flow nodes the base components are combined with, built with the test kit's DSL. */
class ForksTest {

  @Test
  void aFilterSendsTheRecordsThatFailItToItsFalseBranch() {
    Scenario scenario =
        ScenarioBuilder.id("filter-false-branch")
            .parallelism(1)
            .source("transactions", "kafka", param("Topic", "'transactions'"))
            .filter(
                "large",
                "#input.amount > 20",
                Branch.start().sink("small ones", "collect", param("Value", "#input.amount")))
            .recordVariable("audit", "audit", field("id", "#input.id"), field("large", "true"))
            .sink("large ones", "collect", param("Value", "#audit"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "transactions",
                Map.of("id", "t1", "amount", 30),
                Map.of("id", "t2", "amount", 10),
                Map.of("id", "t3", "amount", 21))
            .run();

    assertThat(result.records("large ones"))
        .containsExactly(Map.of("id", "t1", "large", true), Map.of("id", "t3", "large", true));
    assertThat(result.values("small ones")).containsExactly(10);
    assertThat(result.countIn("large")).isEqualTo(3);
  }

  @Test
  void aSwitchSendsEachRecordToTheFirstCaseThatHoldsElseToTheDefault() {
    Scenario scenario =
        ScenarioBuilder.id("switch-cases")
            .parallelism(1)
            .source("transactions", "kafka", param("Topic", "'transactions'"))
            .switchNode("by size")
            .when(
                "#input.amount > 100",
                Branch.start().sink("huge", "collect", param("Value", "#input.id")))
            .when(
                "#input.amount > 20",
                Branch.start().sink("large", "collect", param("Value", "#input.id")))
            .otherwise(Branch.start().sink("small", "collect", param("Value", "#input.id")));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .input(
                "transactions",
                Map.of("id", "t1", "amount", 500),
                Map.of("id", "t2", "amount", 50),
                Map.of("id", "t3", "amount", 5))
            .run();

    assertThat(result.values("huge")).containsExactly("t1");
    assertThat(result.values("large")).containsExactly("t2");
    assertThat(result.values("small")).containsExactly("t3");
  }
}
