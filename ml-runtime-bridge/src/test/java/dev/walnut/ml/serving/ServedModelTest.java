package dev.walnut.ml.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.ml.MlflowFixture;
import dev.walnut.ml.mlflow.ModelCache;
import dev.walnut.ml.mlflow.SignatureField;
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
  void recordsBatchedIntoOneCallGetTheirOwnRowsAndABadRecordFailsAlone(@TempDir Path cache) {
    MlflowFixture mlflow = MlflowFixture.shared();
    Map<Double, String> linear = mlflow.logLinearModels("batched", 5);
    ModelRef ref = ModelRef.version(mlflow.server().uri(), "batched", linear.get(5.0));
    try (ServedModel model = ServedModel.open(ref, new ModelCache(cache), Duration.ofHours(1))) {
      List<Map<String, Object>> records =
          List.of(Map.of("x", 1.0), Map.of("x", 2), Map.of("x", List.of(3.0)), Map.of("x", -1L));
      ServedModel.BatchPrediction all = model.predictAll(records);
      assertThat(all.modelVersion()).isEqualTo(linear.get(5.0));
      assertThat(all.outcomes())
          .extracting(OnnxModel.Outcome::outputs)
          .containsExactly(
              Map.of("y", 5.0), Map.of("y", 10.0), Map.of("y", 15.0), Map.of("y", -5.0));
      // each row equals what a call of its own gives
      for (int i = 0; i < records.size(); i++) {
        assertThat(all.outcomes().get(i).outputs())
            .isEqualTo(model.predict(records.get(i)).outputs());
      }

      ServedModel.BatchPrediction mixed =
          model.predictAll(List.of(Map.of("x", 1.0), Map.of("x", "one"), Map.of("x", 2.0)));
      assertThat(mixed.outcomes().get(0).outputs()).isEqualTo(Map.of("y", 5.0));
      assertThat(mixed.outcomes().get(1).error())
          .hasMessageContaining("model input `x` needs numbers, got `one`");
      assertThat(mixed.outcomes().get(2).outputs()).isEqualTo(Map.of("y", 10.0));
    }
  }

  @Test
  void rowsOfListsOrArraysStackStraightIntoOneTensorAndGiveTheRowsOfSingleCalls(
      @TempDir Path cache) {
    MlflowFixture mlflow = MlflowFixture.shared();
    Map<Double, String> linear = mlflow.logLinearModels("stacked", 5);
    ModelRef ref = ModelRef.version(mlflow.server().uri(), "stacked", linear.get(5.0));
    try (ServedModel model = ServedModel.open(ref, new ModelCache(cache), Duration.ofHours(1))) {
      // rows of one element for x [-1, 1]: lists of any number type, primitive arrays, a boolean
      List<Map<String, Object>> records =
          List.of(
              Map.of("x", List.of(1.0)),
              Map.of("x", List.of(2)),
              Map.of("x", new float[] {3f}),
              Map.of("x", new long[] {-1}),
              Map.of("x", new double[] {0.5}),
              Map.of("x", List.of(true)));
      for (int round = 0; round < 2; round++) { // the second round reuses the thread's buffer
        ServedModel.BatchPrediction all = model.predictAll(records);
        assertThat(all.outcomes())
            .extracting(OnnxModel.Outcome::outputs)
            .containsExactly(
                Map.of("y", 5.0),
                Map.of("y", 10.0),
                Map.of("y", 15.0),
                Map.of("y", -5.0),
                Map.of("y", 2.5),
                Map.of("y", 5.0));
        for (int i = 0; i < records.size(); i++) {
          assertThat(all.outcomes().get(i).outputs())
              .isEqualTo(model.predict(records.get(i)).outputs());
        }
      }

      // a row holding a string, a nested row, a row of another length: each fails or runs alone
      ServedModel.BatchPrediction mixed =
          model.predictAll(
              List.of(
                  Map.of("x", List.of(1.0)),
                  Map.of("x", List.of("one")),
                  Map.of("x", List.of(List.of(2.0))),
                  Map.of("x", List.of(1.0, 2.0))));
      assertThat(mixed.outcomes().get(0).outputs()).isEqualTo(Map.of("y", 5.0));
      assertThat(mixed.outcomes().get(1).error())
          .hasMessageContaining("model input `x` needs numbers, got `one`");
      assertThat(mixed.outcomes().get(2).outputs()).isEqualTo(Map.of("y", 10.0));
      assertThat(mixed.outcomes().get(3).error()).hasMessageContaining("model input `x` has shape");
    }
  }

  @Test
  void theBatchedModelRunsRecordsOfManyCallersThroughOneWorker(@TempDir Path cache)
      throws Exception {
    MlflowFixture mlflow = MlflowFixture.shared();
    Map<Double, String> linear = mlflow.logLinearModels("batched-shared", 7);
    mlflow.client().setAlias("batched-shared", "champion", linear.get(7.0));
    ModelRef ref = ModelRef.alias(mlflow.server().uri(), "batched-shared", "champion");
    java.util.Queue<Integer> sizes = new java.util.concurrent.ConcurrentLinkedQueue<>();
    AutoCloseable observing = BatchedModel.observe((size, nanos) -> sizes.add(size));
    try (BatchedModel a = BatchedModel.open(ref, new ModelCache(cache), Duration.ofHours(1), 16);
        BatchedModel b = BatchedModel.open(ref, new ModelCache(cache), Duration.ofHours(1), 16)) {
      assertThat(a).isSameAs(b); // one per model per JVM
      List<java.util.concurrent.CompletableFuture<Prediction>> futures =
          new java.util.ArrayList<>();
      for (int i = 0; i < 100; i++) {
        futures.add((i % 2 == 0 ? a : b).predict(Map.of("x", (double) i)));
      }
      for (int i = 0; i < 100; i++) {
        assertThat(futures.get(i).get(60, java.util.concurrent.TimeUnit.SECONDS))
            .isEqualTo(new Prediction(linear.get(7.0), Map.of("y", 7.0 * i)));
      }
      assertThat(sizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(100);
      assertThat(sizes).allMatch(n -> n >= 1 && n <= 16);
    } finally {
      observing.close();
    }
  }

  @Test
  void aStageIsFollowedLikeAnAlias(@TempDir Path cache) {
    MlflowFixture mlflow = MlflowFixture.shared();
    Map<Double, String> linear = mlflow.logLinearModels("staged", 2, 3);
    mlflow.client().transitionStage("staged", linear.get(2.0), "Production");
    ModelRef ref = ModelRef.stage(mlflow.server().uri(), "staged", "Production");
    try (ServedModel model = ServedModel.open(ref, new ModelCache(cache), Duration.ofHours(1))) {
      assertThat(model.predict(Map.of("x", 1.0)))
          .isEqualTo(new Prediction(linear.get(2.0), Map.of("y", 2.0)));
      mlflow.client().transitionStage("staged", linear.get(3.0), "Production");
      assertThat(model.refresh()).isTrue();
      assertThat(model.predict(Map.of("x", 1.0)))
          .isEqualTo(new Prediction(linear.get(3.0), Map.of("y", 3.0)));
    }
    assertThatThrownBy(
            () ->
                ServedModel.open(
                    ModelRef.stage(mlflow.server().uri(), "staged", "Staging"),
                    new ModelCache(cache),
                    Duration.ofHours(1)))
        .hasMessageStartingWith("registered model `staged` has no version in stage `Staging`");
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
  void aVersionWithOtherInputsIsNotServedEvenWhenTheAliasPointsToItAtStart(@TempDir Path cache) {
    MlflowFixture mlflow = MlflowFixture.shared();
    String name = "contracted-recs";
    MlflowFixture.SessionRecsVersion v1 =
        mlflow.logSessionRecs(name, MlflowFixture.sessionRecsModel(8), false);
    MlflowFixture.SessionRecsVersion v2 =
        mlflow.logSessionRecs(name, MlflowFixture.sessionRecsModel(5), false);
    ModelCache models = new ModelCache(cache);
    ModelContract validated =
        ModelContract.read(
            mlflow.client(),
            models,
            name,
            v1.version(),
            mlflow.client().mlModel(name, v1.version()));
    assertThat(validated.inputsSource()).isEqualTo(ModelContract.GRAPH);
    assertThat(validated.inputs())
        .containsExactly(new SignatureField("item_ids", true, "string", List.of(-1L, 8L), true));
    // the alias moved between validation and start
    mlflow.client().setAlias(name, "champion", v2.version());

    ModelRef ref = ModelRef.alias(mlflow.server().uri(), name, "champion");
    try (ServedModel model = ServedModel.open(ref, models, Duration.ofHours(1), validated)) {
      assertThat(model.currentVersion()).isEqualTo(v1.version());
      assertThat(model.swapsRefused()).isEqualTo(1);
      assertThat(model.refresh()).isFalse(); // refused once, not loaded or counted again
      assertThat(model.swapsRefused()).isEqualTo(1);
      MlflowFixture.SessionRecsCase longer = v1.cases().get(2); // L + 4 items: the newest 8 count
      assertThat(model.predict(Map.of("item_ids", longer.history())).outputs().get("top_items"))
          .isEqualTo(longer.topItems());
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
