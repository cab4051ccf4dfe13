package dev.walnut.engine.validation;

import static dev.walnut.engine.fakes.Json.branch;
import static dev.walnut.engine.fakes.Json.enricher;
import static dev.walnut.engine.fakes.Json.filter;
import static dev.walnut.engine.fakes.Json.scenario;
import static dev.walnut.engine.fakes.Json.sink;
import static dev.walnut.engine.fakes.Json.source;
import static dev.walnut.engine.fakes.Json.split;
import static dev.walnut.engine.fakes.Json.variable;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.api.ComponentKind;
import dev.walnut.engine.registry.ComponentRegistry;
import org.junit.jupiter.api.Test;

/** What the validator tells an analyst: in plain grammar, where the mistake is, what was meant. */
class ValidationMessagesTest {
  private final ScenarioValidator validator = new ScenarioValidator(ComponentRegistry.load());

  private ValidationResult validate(ObjectNode... nodes) {
    return validator.validate(scenario("s", nodes));
  }

  @Test
  void aSyntaxErrorSaysWhereWithACaretUnderTheExpressionAndNoSpringCode() {
    ValidationResult r =
        validate(source("in", "lines"), filter("f", "#input.amount >"), sink("out", "capture"));

    NodeError e = r.errorsOf("f").get(0);
    assertThat(e.message())
        .isEqualTo(
            "parameter `expression`: syntax error at character 15: problem parsing right operand\n"
                + "#input.amount >\n"
                + "              ^");
    assertThat(e.message()).doesNotContain("EL1");
    // printed once per line by the CLI: the parameter is named once
    assertThat(e.toString()).startsWith("node `f`: parameter `expression`: syntax error");
  }

  @Test
  void aMistypedComponentParameterOrVariableGetsADidYouMean() {
    ValidationResult r =
        validate(
            source("in", "lines", "Topc", "'t'"),
            variable("v", "total", "#inptu.amount"),
            sink("out", "captrue"));

    assertThat(r.errors())
        .extracting(NodeError::message)
        .contains(
            "unknown parameter `Topc` (did you mean `Topic`?); component `lines` has: Topic",
            "unknown component `captrue` (did you mean `capture`?); known sink components: "
                + String.join(", ", ComponentRegistry.load().idsOf(ComponentKind.SINK)))
        .anyMatch(
            m ->
                m.startsWith(
                    "parameter `value`: unknown variable `#inptu` (did you mean `#input`?);"
                        + " visible here: "));
  }

  @Test
  void noDidYouMeanForANameFarFromAnyKnownOne() {
    ValidationResult r = validate(source("in", "lines"), sink("out", "elasticsearch"));

    assertThat(r.errorsOf("out"))
        .extracting(NodeError::message)
        .singleElement()
        .asString()
        .startsWith("unknown component `elasticsearch`; known sink components: ");
  }

  @Test
  void kindsAndNodeTypesTakeTheRightArticle() {
    ValidationResult wrongKind = validate(source("in", "lines"), sink("out", "double-now"));
    ValidationResult misplaced = validate(enricher("e", "double-now", "twice", "x", "1"));

    assertThat(wrongKind.errorsOf("out"))
        .extracting(NodeError::message)
        .containsExactly("component `double-now` is an enricher, not a sink");
    assertThat(misplaced.errorsOf("e"))
        .extracting(NodeError::message)
        .contains("a branch must start with a source, not an Enricher node");
  }

  @Test
  void aDisabledNodesParametersAreNotChecked() {
    ObjectNode broken = filter("f", "#input.amount >");
    broken.put("isDisabled", true);
    ObjectNode parked = sink("parked", "capture", "Value", "#nope");
    parked.put("isDisabled", true);

    ValidationResult r =
        validate(
            source("in", "lines"),
            broken,
            split("both", branch(parked), branch(sink("out", "capture"))));

    assertThat(r.errors()).isEmpty();
    assertThat(r.plans()).doesNotContainKeys("f", "parked").containsKey("out");
  }

  @Test
  void aDisabledNodeStillCountsInTheStructure() {
    ObjectNode broken = filter("f", "#nope");
    broken.put("isDisabled", true);

    ValidationResult r = validate(source("in", "lines"), broken);

    assertThat(r.errorsOf("f"))
        .extracting(NodeError::message)
        .containsExactly(
            "the branch ends at `f` without a sink; connect it to a sink (e.g. dead-end)");
  }
}
