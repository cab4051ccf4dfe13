package dev.walnut.components.base.flow;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForEachTest {

  private static Scenario forEach(String elements) {
    return ScenarioBuilder.id("for-each-test")
        .parallelism(1)
        .source("orders", "kafka", param("Topic", "'orders'"))
        .customNode("each", "for-each", "product", param("Elements", elements))
        .sink("out", "collect", param("Value", "{order: #input.id, product: #product}"));
  }

  @Test
  void emitsOneRecordPerElementWithTheInputKept() {
    ScenarioTestResult result =
        ScenarioTestRun.of(forEach("#input.products"))
            .input(
                "orders",
                Map.of("id", "o1", "products", List.of("p1", "p2")),
                Map.of("id", "o2", "products", List.of()),
                Map.of("id", "o3", "products", List.of("p3")))
            .run();

    assertThat(result.records("out"))
        .containsExactly(
            Map.of("order", "o1", "product", "p1"),
            Map.of("order", "o1", "product", "p2"),
            Map.of("order", "o3", "product", "p3"));
    assertThat(result.countIn("each")).isEqualTo(3);
    assertThat(result.countOut("each")).isEqualTo(3);
  }

  @Test
  void theOutputVariableIsTypedAsTheListsElement() {
    Map<String, DataType> after =
        ScenarioTestRun.validate(forEach("{'a', 'b'}")).variablesByNode().get("out");

    assertThat(after).containsEntry("product", DataType.STRING).containsKey("input");
  }

  @Test
  void aNullListEmitsNothingAndAValueThatIsNotAListGoesToTheErrors() {
    Map<String, Object> noProducts = new HashMap<>();
    noProducts.put("id", "o1");
    noProducts.put("products", null);

    ScenarioTestResult result =
        ScenarioTestRun.of(forEach("#input.products"))
            .input("orders", noProducts, Map.of("id", "o2", "products", "p1"))
            .run();

    assertThat(result.values("out")).isEmpty();
    assertThat(result.errors()).hasSize(1);
    assertThat(result.errors().get(0).get("message"))
        .isEqualTo("Elements: `#input.products` must be a list, got `p1`");
  }
}
