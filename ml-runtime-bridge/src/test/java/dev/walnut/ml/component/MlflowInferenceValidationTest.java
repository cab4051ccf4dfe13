package dev.walnut.ml.component;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.DataType;
import dev.walnut.api.Evaluation;
import dev.walnut.api.Parameter;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.engine.validation.ValidationResult;
import dev.walnut.ml.MlflowFixture;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With a real MLflow server, `mlflow-inference` has one parameter per signature input: validation
 * reports a missing input on its own field, a wrong model name on `Model`, and types the output
 * from the signature with the tracking URI of the scenario property.
 */
class MlflowInferenceValidationTest {
  private static final String MODEL = "validated-doubler";
  private static MlflowFixture mlflow;

  @BeforeAll
  static void start() {
    mlflow = MlflowFixture.shared();
    String v1 = mlflow.logLinearModels(MODEL, 2).get(2.0);
    mlflow.client().setAlias(MODEL, "champion", v1);
  }

  private static Scenario scoring(NodeParameter... parameters) {
    return ScenarioBuilder.id("validated-inference")
        .parallelism(1)
        .source("numbers", "kafka", param("Topic", "'numbers'"))
        .enricher("score", "mlflow-inference", "pred", parameters)
        .sink("out", "collect", param("Value", "{x: #input.x, y: #pred.y}"));
  }

  private static ValidationResult validate(Scenario scenario) {
    return ScenarioTestRun.validate(
        scenario,
        Map.of(MlflowInferenceComponent.TRACKING_URI_PROPERTY, mlflow.server().uri().toString()));
  }

  @Test
  void theSignatureGivesOneParameterPerInputAndTypesTheOutput() {
    ValidationResult r =
        validate(scoring(param("Model", "'" + MODEL + "'"), param("x", "#input.x")));

    assertThat(r.errors()).isEmpty();
    List<Parameter> dynamic = r.dynamicParametersOf("score");
    assertThat(dynamic).extracting(Parameter::name).containsExactly("x");
    assertThat(dynamic.get(0).type()).isEqualTo(DataType.DOUBLE);
    assertThat(dynamic.get(0).evaluation()).isEqualTo(Evaluation.PER_EVENT);
    assertThat(r.variablesByNode().get("out").get("pred"))
        .isEqualTo(
            DataType.recordBuilder()
                .field("y", DataType.DOUBLE)
                .field("modelVersion", DataType.STRING)
                .build());
    assertThat(r.plans().get("score").dynamicParameters()).isEqualTo(dynamic);
  }

  @Test
  void aMissingInputIsAnErrorOnThatInput() {
    ValidationResult r = validate(scoring(param("Model", "'" + MODEL + "'")));

    assertThat(r.errorsOf("score"))
        .containsExactly(new NodeError("score", "x", "parameter `x` is mandatory"));
    assertThat(r.dynamicParametersOf("score")).extracting(Parameter::name).containsExactly("x");
  }

  @Test
  void anInputOfTheWrongTypeIsAnErrorOnThatInput() {
    ValidationResult r =
        validate(scoring(param("Model", "'" + MODEL + "'"), param("x", "'not a number'")));

    assertThat(r.errorsOf("score"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.parameter()).isEqualTo("x");
              assertThat(e.message()).startsWith("parameter `x` must be Double, got String");
            });
  }

  @Test
  void aParameterTheModelDoesNotHaveIsUnknownListingTheInputs() {
    ValidationResult r =
        validate(
            scoring(param("Model", "'" + MODEL + "'"), param("x", "#input.x"), param("z", "1")));

    assertThat(r.errorsOf("score"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.parameter()).isEqualTo("z");
              assertThat(e.message()).startsWith("unknown parameter `z`").endsWith(", x");
            });
  }

  @Test
  void aWrongModelNameIsAClearErrorOnModel() {
    ValidationResult r = validate(scoring(param("Model", "'no-such-model'"), param("x", "1.0")));

    assertThat(r.errorsOf("score"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.parameter()).isEqualTo("Model");
              assertThat(e.message())
                  .startsWith(
                      "cannot read model `no-such-model` from MLflow at "
                          + mlflow.server().uri()
                          + ": `no-such-model` does not exist in the MLflow registry");
            });
    assertThat(r.dynamicParametersOf("score")).isEmpty();
  }

  @Test
  void anUnreachableMlflowIsAClearErrorOnModel() {
    ValidationResult r =
        ScenarioTestRun.validate(
            scoring(param("Model", "'" + MODEL + "'"), param("x", "#input.x")),
            Map.of(MlflowInferenceComponent.TRACKING_URI_PROPERTY, "http://127.0.0.1:9"));

    assertThat(r.errorsOf("score"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.parameter()).isEqualTo("Model");
              assertThat(e.message())
                  .startsWith("cannot read model `" + MODEL + "` from MLflow at http://127.0.0.1:9")
                  .contains("is unreachable");
            });
  }

  @Test
  void aTrackingUriOnAHostTheOperatorDidNotAllowIsNeverCalled() {
    ValidationResult r =
        ScenarioTestRun.validate(
            scoring(param("Model", "'" + MODEL + "'"), param("x", "#input.x")),
            Map.of(
                MlflowInferenceComponent.TRACKING_URI_PROPERTY,
                "http://169.254.169.254/latest/meta-data"));

    String refused =
        "scenario property `mlflow.tracking.uri`: the MLflow tracking URI host `169.254.169.254`"
            + " is not allowed; allowed: 127.0.0.1, localhost, ::1";
    assertThat(r.errorsOf("score"))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.parameter()).isEqualTo("Model");
              assertThat(e.message()).startsWith(refused);
            });
    assertThat(r.errors())
        .anySatisfy(
            e -> {
              assertThat(e.parameter()).isEqualTo("mlflow.tracking.uri");
              assertThat(e.message()).startsWith("property `mlflow.tracking.uri`: the MLflow");
            });
  }

  @Test
  void theInputsRecordIsRefusedForAModelWithASignature() {
    ValidationResult r =
        validate(scoring(param("Model", "'" + MODEL + "'"), param("Inputs", "{x: #input.x}")));

    assertThat(r.errorsOf("score"))
        .containsExactly(
            new NodeError(
                "score",
                "Inputs",
                "model `"
                    + MODEL
                    + "` version 1 has a signature: give one parameter per input (x) instead of"
                    + " `Inputs`"));
  }
}
