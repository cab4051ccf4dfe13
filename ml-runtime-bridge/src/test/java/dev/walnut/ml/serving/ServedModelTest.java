package dev.walnut.ml.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.ml.MlflowFixture;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.onnx.OnnxModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot swap and failure handling of a served model, and string tensors, without Flink. */
class ServedModelTest {

  @Test
  void aVersionThatCannotLoadIsReportedAndTheCurrentOneKeepsServing(@TempDir Path cache) {
    MlflowFixture mlflow = MlflowFixture.shared();
    Map<Double, String> linear = mlflow.logLinearModels("swapper", 2, 3);
    String pyfunc = mlflow.logPyfuncModel("swapper"); // a version without an onnx flavor
    mlflow.client().setAlias("swapper", "champion", linear.get(2.0));

    ModelRef ref = ModelRef.alias(mlflow.server().uri(), "swapper", "champion");
    try (ServedModel model = ServedModel.open(ref, new ModelCache(cache), Duration.ofHours(1))) {
      assertThat(model.predict(Map.of("x", 2.0)))
          .isEqualTo(new Prediction(linear.get(2.0), Map.of("y", 4.0)));
      assertThat(model.refresh()).isFalse();

      mlflow.client().setAlias("swapper", "champion", linear.get(3.0));
      assertThat(model.refresh()).isTrue();
      assertThat(model.predict(Map.of("x", 2.0)))
          .isEqualTo(new Prediction(linear.get(3.0), Map.of("y", 6.0)));
      assertThat(model.swaps()).isEqualTo(1);
      // the old version's session was released: only the current file is open
      String oldPrefix = cache.resolve("swapper").resolve("v" + linear.get(2.0) + "-").toString();
      assertThat(OnnxModel.openModels()).noneMatch(p -> p.toString().startsWith(oldPrefix));

      mlflow.client().setAlias("swapper", "champion", pyfunc);
      assertThatThrownBy(model::refresh)
          .hasMessageContaining("has no onnx flavor")
          .hasMessageContaining("mlflow models serve");
      assertThat(model.currentVersion()).isEqualTo(linear.get(3.0));
      assertThat(model.predict(Map.of("x", 1.0)).outputs()).isEqualTo(Map.of("y", 3.0));
    }
  }

  @Test
  void theWatcherCountsFailedChecksAndKeepsTheCurrentVersion(@TempDir Path cache) {
    MlflowFixture mlflow = MlflowFixture.shared();
    Map<Double, String> linear = mlflow.logLinearModels("watched", 4);
    mlflow.client().setAlias("watched", "champion", linear.get(4.0));
    ModelRef ref = ModelRef.alias(mlflow.server().uri(), "watched", "champion");
    try (ServedModel model = ServedModel.open(ref, new ModelCache(cache), Duration.ofMillis(100))) {
      mlflow.client().deleteAlias("watched", "champion");
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> model.refreshFailures() > 0);
      assertThat(model.lastError()).contains("has no alias `champion`");
      assertThat(model.predict(Map.of("x", 1.0)))
          .isEqualTo(new Prediction(linear.get(4.0), Map.of("y", 4.0)));
    }
  }

  @Test
  void stringTensorsGoInAndComeOut(@TempDir Path dir) {
    Path file = dir.resolve("strings.onnx");
    MlflowFixture.python()
        .run(
            MlflowFixture.script("make_string_model.py"),
            List.of(file.toString()),
            Duration.ofMinutes(2));
    OnnxModel model = OnnxModel.load(file, Map.of());
    try {
      assertThat(model.predict(Map.of("ids", List.of("item-1", "item-2", "ü"))))
          .isEqualTo(Map.of("echo", List.of("item-1", "item-2", "ü"), "n", 3L));
      assertThat(model.predict(Map.of("ids", "solo"))).isEqualTo(Map.of("echo", "solo", "n", 1L));
      assertThatThrownBy(() -> model.predict(Map.of("other", "x")))
          .hasMessage("model input `ids` is missing; the model takes [ids], got [other]");
    } finally {
      model.release();
    }
  }
}
