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
import dev.walnut.api.DataType;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.Scenario;
import org.junit.jupiter.api.Test;

class ScenarioValidatorTest {
  private final ScenarioValidator validator = new ScenarioValidator(ComponentRegistry.load());

  private ValidationResult validate(ObjectNode... nodes) {
    return validator.validate(scenario("s", nodes));
  }

  private static ObjectNode in() {
    return source("in", "lines");
  }

  private static ObjectNode out() {
    return sink("out", "capture");
  }

  @Test
  void aValidScenarioHasNoErrorsAndKnowsTheVariablesAtEachNode() {
    ValidationResult r =
        validate(
            in(),
            variable("v", "total", "#input.amount * 2"),
            enricher("e", "double-now", "twice", "x", "#total"),
            out());

    assertThat(r.errors()).isEmpty();
    assertThat(r.variablesByNode().get("v")).containsOnlyKeys("meta", "input");
    assertThat(r.variablesByNode().get("out")).containsOnlyKeys("meta", "input", "total", "twice");
    assertThat(r.variablesByNode().get("out").get("twice")).isEqualTo(DataType.DOUBLE);
    assertThat(r.variablesByNode().get("out").get("meta").fields())
        .containsKeys("scenarioId", "properties");
  }

  @Test
  void anUnknownComponentListsTheKnownOnesOfItsKind() {
    ValidationResult r = validate(source("in", "kafkaa"), out());

    assertThat(r.errors())
        .containsExactly(
            new NodeError(
                "in", null, "unknown component `kafkaa`; known source components: lines"));
  }

  @Test
  void aComponentOfAnotherKindIsNamedAsSuch() {
    ValidationResult r = validate(source("in", "capture"), out());

    assertThat(r.errorsOf("in"))
        .extracting(NodeError::message)
        .containsExactly("component `capture` is a sink, not a source");
  }

  @Test
  void missingAndUnknownParametersAreReportedPerParameter() {
    ValidationResult r = validate(in(), enricher("e", "double-now", "twice", "y", "1"), out());

    assertThat(r.errorsOf("e"))
        .containsExactlyInAnyOrder(
            new NodeError("e", "y", "unknown parameter `y`; component `double-now` has: x"),
            new NodeError("e", "x", "parameter `x` is mandatory"));
  }

  @Test
  void aSyntaxErrorNamesTheParameter() {
    ValidationResult r = validate(in(), filter("f", "#input.amount >"), out());

    assertThat(r.errorsOf("f"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.parameter()).isEqualTo("expression");
              assertThat(e.message()).startsWith("parameter `expression`: syntax error");
            });
  }

  @Test
  void anUnknownVariableListsTheVisibleOnes() {
    ValidationResult r = validate(in(), filter("f", "#amount > 20"), out());

    assertThat(r.errorsOf("f"))
        .extracting(NodeError::message)
        .singleElement()
        .asString()
        .contains("unknown variable `#amount`")
        .contains("#input")
        .contains("#meta");
  }

  @Test
  void forbiddenExpressionsAreRefusedAtValidation() {
    ValidationResult r =
        validate(in(), filter("f", "T(java.lang.Runtime).getRuntime().exec('id') != null"), out());

    assertThat(r.errorsOf("f"))
        .extracting(NodeError::message)
        .anySatisfy(m -> assertThat(m).contains("type references `T(...)` are not allowed"));
  }

  @Test
  void aFilterExpressionMustBeBoolean() {
    ValidationResult r = validate(in(), filter("f", "'yes'"), out());

    assertThat(r.errorsOf("f"))
        .extracting(NodeError::message)
        .containsExactly("parameter `expression` must be Boolean, got String from `'yes'`");
  }

  @Test
  void duplicateIdsAreReported() {
    ValidationResult r = validate(in(), variable("in", "x", "1"), out());

    assertThat(r.errorsOf("in"))
        .extracting(NodeError::message)
        .contains("node id `in` is used by 2 nodes; ids must be unique");
  }

  @Test
  void aBranchMustEndInASinkAndNothingFollowsASink() {
    assertThat(validate(in(), variable("v", "x", "1")).errorsOf("v"))
        .extracting(NodeError::message)
        .containsExactly(
            "the branch ends at `v` without a sink; connect it to a sink (e.g. dead-end)");
    assertThat(validate(in(), out(), variable("v", "x", "1")).errorsOf("v"))
        .extracting(NodeError::message)
        .contains("node `v` follows `out`, which ends its branch");
  }

  @Test
  void aBranchMustStartWithASource() {
    assertThat(validate(variable("v", "x", "1"), out()).errorsOf("v"))
        .extracting(NodeError::message)
        .contains("a branch must start with a source, not a Variable node");
  }

  @Test
  void redefiningAVariableIsRefused() {
    ValidationResult r = validate(in(), variable("v", "input", "1"), out());

    assertThat(r.errorsOf("v"))
        .containsExactly(
            new NodeError(
                "v", "varName", "variable `#input` is already defined; choose another name"));
  }

  @Test
  void parametersEvaluatedOnceCannotUseRecordVariables() {
    ValidationResult r = validate(source("in", "lines", "Topic", "#input.topic"), out());

    assertThat(r.errorsOf("in"))
        .extracting(NodeError::message)
        .singleElement()
        .asString()
        .contains("unknown variable `#input`")
        .endsWith(
            "(this parameter is evaluated once at deploy time, so record variables are not available)");
  }

  @Test
  void aOnceParameterOfTheWrongTypeSaysWhatToWrite() {
    ValidationResult r = validate(source("in", "lines", "Topic", "42"), out());

    assertThat(r.errorsOf("in"))
        .extracting(NodeError::message)
        .containsExactly("parameter `Topic` must be text in quotes, like 'orders', got `42`");
  }

  @Test
  void typesFlowThroughSplitBranches() {
    ValidationResult r =
        validate(
            in(),
            variable("v", "n", "1"),
            split(
                "fork",
                branch(filter("small", "#n < 2"), sink("a", "capture")),
                branch(sink("b", "capture", "Value", "#n + 1"))));

    assertThat(r.errors()).isEmpty();
    assertThat(r.variablesByNode().get("b")).containsEntry("n", DataType.LONG);
  }

  @Test
  void aBranchEndIntoAMissingJoinIsReported() {
    Scenario s =
        scenario(
            "s", in(), dev.walnut.engine.fakes.Json.filter("f", "true"), branchEnd("f", "nowhere"));

    ValidationResult r = validator.validate(s);

    assertThat(r.errors())
        .extracting(NodeError::message)
        .contains("a branch ends in join `nowhere`, but there is no such join node");
  }

  @Test
  void theReferenceNussknackerSampleIsValid() {
    ValidationResult r =
        validator.validate(
            dev.walnut.engine.scenario.ScenarioJson.read(
                dev.walnut.engine.fakes.SharedData.file(
                    "reference/nussknacker-scenario-sample.json")));

    // the engine's own tests have no kafka component (it lives in components/base)
    assertThat(r.errors())
        .extracting(NodeError::message)
        .allMatch(m -> m.startsWith("unknown component `kafka`"));
  }

  private static ObjectNode branchEnd(String id, String joinId) {
    ObjectNode n = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    n.putObject("definition").put("id", id).put("joinId", joinId);
    n.put("type", "BranchEndData");
    return n;
  }
}
