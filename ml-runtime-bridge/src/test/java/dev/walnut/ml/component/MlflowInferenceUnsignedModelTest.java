package dev.walnut.ml.component;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.walnut.api.DataType;
import dev.walnut.api.Evaluation;
import dev.walnut.api.Parameter;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.engine.validation.ValidationResult;
import dev.walnut.ml.MlflowFixture;
import dev.walnut.ml.MlflowFixture.SessionRecsCase;
import dev.walnut.ml.MlflowFixture.SessionRecsVersion;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference recommender's contract through `mlflow-inference`, with a tiny model trained by
 * `models/` and logged without a signature (what `mlflow.onnx.log_model` writes without an input
 * example): the parameters and the output type come from the ONNX graph, and a Flink run gives
 * Python onnxruntime's outputs for histories shorter than, as long as, and longer than L.
 */
class MlflowInferenceUnsignedModelTest {
  private static final String MODEL = "unsigned-session-recs";
  private static final int WINDOW = 8;
  private static MlflowFixture mlflow;
  private static SessionRecsVersion v1;

  @BeforeAll
  static void start() {
    mlflow = MlflowFixture.shared();
    v1 = mlflow.logSessionRecs(MODEL, MlflowFixture.sessionRecsModel(WINDOW), false);
    mlflow.client().setAlias(MODEL, "champion", v1.version());
  }

  private static Scenario scoring(NodeParameter... parameters) {
    List<NodeParameter> all = new ArrayList<>(List.of(parameters));
    all.add(0, param("Model", "'" + MODEL + "'"));
    return ScenarioBuilder.id("unsigned-recs")
        .parallelism(1)
        .source("views", "kafka", param("Topic", "'views'"))
        .enricher("recommend", "mlflow-inference", "recs", all.toArray(NodeParameter[]::new))
        .sink(
            "out",
            "collect",
            param(
                "Value",
                "{id: #input.id, items: #recs.top_items, scores: #recs.top_scores,"
                    + " version: #recs.modelVersion}"));
  }

  private static ValidationResult validate(Scenario scenario) {
    return ScenarioTestRun.validate(
        scenario,
        Map.of(MlflowInferenceComponent.TRACKING_URI_PROPERTY, mlflow.server().uri().toString()));
  }

  @Test
  void theOnnxGraphGivesOneParameterPerInputAndTypesTheOutput() {
    ValidationResult r = validate(scoring(param("item_ids", "#input.items")));

    assertThat(r.errors()).isEmpty();
    List<Parameter> dynamic = r.dynamicParametersOf("recommend");
    assertThat(dynamic).extracting(Parameter::name).containsExactly("item_ids");
    Parameter items = dynamic.get(0);
    assertThat(items.type()).isEqualTo(DataType.listOf(DataType.STRING));
    assertThat(items.evaluation()).isEqualTo(Evaluation.PER_EVENT);
    assertThat(items.isOptional()).isFalse();
    assertThat(items.docs())
        .isEqualTo(
            "Model input `item_ids` (tensor string [-1, 8], from the ONNX graph), evaluated per"
                + " record, e.g. `#input.item_ids`. A list shorter than 8 is left-padded with"
                + " `''`, a longer one keeps its newest (last) 8 items.");
    assertThat(r.variablesByNode().get("out").get("recs"))
        .isEqualTo(
            DataType.recordBuilder()
                .field("top_items", DataType.listOf(DataType.STRING))
                .field("top_scores", DataType.listOf(DataType.DOUBLE))
                .field("modelVersion", DataType.STRING)
                .build());
  }

  @Test
  void aMissingGraphInputIsAnErrorOnThatInput() {
    ValidationResult r = validate(scoring());

    assertThat(r.errorsOf("recommend"))
        .containsExactly(
            new NodeError("recommend", "item_ids", "parameter `item_ids` is mandatory"));
  }

  @Test
  void theInputsRecordIsRefusedSinceTheGraphNamesTheInputs() {
    ValidationResult r = validate(scoring(param("Inputs", "{item_ids: #input.items}")));

    assertThat(r.errorsOf("recommend"))
        .containsExactly(
            new NodeError(
                "recommend",
                "Inputs",
                "model `"
                    + MODEL
                    + "` version "
                    + v1.version()
                    + " names its inputs in its ONNX graph: give one parameter per input"
                    + " (item_ids) instead of `Inputs`"));
  }

  @Test
  void historiesOfAnyLengthArePaddedOrCutToTheWindowAndBatchedLikePythonsOnnxRuntime() {
    List<SessionRecsCase> cases = v1.cases();
    // the script's histories: 3 items, exactly L, L + 4 (the newest L count), none
    assertThat(cases).extracting(c -> c.history().size()).containsExactly(3, WINDOW, WINDOW + 4, 0);
    for (boolean batched : List.of(true, false)) {
      List<Map<String, Object>> input = new ArrayList<>();
      for (int round = 0; round < 3; round++) { // several records in flight: batches form
        for (int i = 0; i < cases.size(); i++) {
          input.add(Map.of("id", round + "-" + i, "items", cases.get(i).history()));
        }
      }
      ScenarioTestResult result =
          ScenarioTestRun.of(
                  scoring(
                      param("item_ids", "#input.items"),
                      param("Batch in-process", Boolean.toString(batched))))
              .property(
                  MlflowInferenceComponent.TRACKING_URI_PROPERTY, mlflow.server().uri().toString())
              .input("views", input)
              .run();

      assertThat(result.errors()).isEmpty();
      List<Map<String, Object>> out = result.records("out");
      assertThat(out).hasSize(input.size());
      for (Map<String, Object> record : out) {
        String id = (String) record.get("id");
        SessionRecsCase expected = cases.get(Integer.parseInt(id.substring(id.indexOf('-') + 1)));
        assertThat(record.get("version")).as(id).isEqualTo(v1.version());
        assertThat(record.get("items")).as(id).isEqualTo(expected.topItems());
        @SuppressWarnings("unchecked")
        List<Number> scores = (List<Number>) record.get("scores");
        assertThat(scores).as(id).hasSize(expected.scores().size());
        for (int k = 0; k < scores.size(); k++) {
          assertThat(scores.get(k).doubleValue())
              .as("%s score %d", id, k)
              .isCloseTo(expected.scores().get(k), within(1e-4));
        }
      }
    }
  }
}
