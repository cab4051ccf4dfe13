package dev.walnut.ml.component;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.ValidationResult;
import dev.walnut.ml.MlflowFixture;
import dev.walnut.ml.embed.MiniLmEmbedder;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * `onnx-embed` with an embedding model of a real MLflow registry: the MiniLM file shipped in the
 * langchain4j jar, logged as an MLflow onnx model, gives the built-in path's vectors.
 */
class OnnxEmbedRegistryTest {
  private static final String MODEL = "registry-minilm";
  private static final List<String> TEXTS =
      List.of(
          "A man is playing the guitar.",
          "Streaming recommendations with Flink and Kafka.",
          "Café au lait, s'il vous plaît!");
  private static MlflowFixture mlflow;
  private static MiniLmEmbedder builtIn;

  @BeforeAll
  static void start() throws Exception {
    mlflow = MlflowFixture.shared();
    String out =
        MlflowFixture.python()
            .run(
                MlflowFixture.script("log_onnx_file.py"),
                List.of(
                    mlflow.server().uri().toString(), MODEL, MiniLmEmbedder.modelFile().toString()),
                Duration.ofMinutes(5));
    assertThat(out).contains("version ");
    builtIn = MiniLmEmbedder.load();
  }

  @AfterAll
  static void stop() {
    if (builtIn != null) {
      builtIn.close();
    }
  }

  private static Scenario embedding(String model) {
    return ScenarioBuilder.id("registry-embed")
        .parallelism(1)
        .source("texts", "kafka", param("Topic", "'texts'"))
        .enricher(
            "embed",
            "onnx-embed",
            "vec",
            param("Text", "#input.text"),
            param("Model", "'" + model + "'"))
        .sink("out", "collect", param("Value", "{text: #input.text, vec: #vec}"));
  }

  @Test
  void theRegistryModelGivesTheBuiltInVectors() {
    ScenarioTestResult result =
        ScenarioTestRun.of(embedding(MODEL))
            .property(
                MlflowInferenceComponent.TRACKING_URI_PROPERTY, mlflow.server().uri().toString())
            .input("texts", TEXTS.stream().map(t -> Map.of("text", t)).toList())
            .run();

    List<Map<String, Object>> records = result.records("out");
    assertThat(records).hasSize(TEXTS.size());
    for (Map<String, Object> r : records) {
      float[] expected = builtIn.embed((String) r.get("text"));
      List<Double> actual = vector(r.get("vec"));
      assertThat(actual).hasSize(MiniLmEmbedder.DIMENSION);
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual.get(i)).as("dimension %d", i).isCloseTo(expected[i], within(1e-5));
      }
    }
  }

  @Test
  void anUnknownModelIsAnErrorOnModel() {
    ValidationResult r =
        ScenarioTestRun.validate(
            embedding("no-such-encoder"),
            Map.of(
                MlflowInferenceComponent.TRACKING_URI_PROPERTY, mlflow.server().uri().toString()));
    assertThat(r.errors())
        .anySatisfy(
            e -> {
              assertThat(e.parameter()).isEqualTo("Model");
              assertThat(e.message())
                  .contains("cannot read model `no-such-encoder` from MLflow at")
                  .contains("does not exist in the MLflow registry");
            });
  }

  @SuppressWarnings("unchecked")
  private static List<Double> vector(Object v) {
    if (v instanceof float[] f) {
      Double[] d = new Double[f.length];
      for (int i = 0; i < f.length; i++) {
        d[i] = (double) f[i];
      }
      return List.of(d);
    }
    return ((List<Number>) v).stream().map(Number::doubleValue).toList();
  }
}
