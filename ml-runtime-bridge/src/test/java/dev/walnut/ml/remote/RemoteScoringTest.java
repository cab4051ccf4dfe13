package dev.walnut.ml.remote;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.walnut.embedded.mlflow.ModelServeProcess;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.ml.MlflowFixture;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A pyfunc model served by a real `mlflow models serve`, called through the remote path. */
class RemoteScoringTest {
  private static MlflowFixture mlflow;
  private static ModelServeProcess serving;
  private static String url;

  @BeforeAll
  static void start() throws Exception {
    mlflow = MlflowFixture.shared();
    String version = mlflow.logPyfuncModel("ten-times");
    mlflow.client().setAlias("ten-times", "champion", version);
    int port = MlflowFixture.freePort();
    serving = mlflow.serve("ten-times", version, port);
    url = "http://127.0.0.1:" + port;
  }

  @AfterAll
  static void stop() {
    if (serving != null) {
      serving.close();
    }
  }

  @Test
  void recordsAreMicroBatchedAndEachGetsItsOwnRow() throws Exception {
    ScoringServerClient.Settings settings =
        new ScoringServerClient.Settings(
            8, Duration.ofMillis(200), Duration.ofSeconds(20), 3, Duration.ofMillis(50), 2);
    try (ScoringServerClient client = new ScoringServerClient(url, settings)) {
      List<CompletableFuture<Object>> futures = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        futures.add(client.predict(Map.of("x", (double) i)));
      }
      for (int i = 0; i < 20; i++) {
        Map<String, Object> row =
            ScoringServerClient.asRecord(futures.get(i).get(60, TimeUnit.SECONDS));
        assertThat(((Number) row.get("y")).doubleValue()).isEqualTo(10.0 * i);
        // 20 records queued at once with max batch 8: batches of 8, 8 and 4
        assertThat(((Number) row.get("batch")).intValue()).isEqualTo(i < 16 ? 8 : 4);
      }
    }
  }

  @Test
  void anUnreachableServerIsRetriedThenReportedNotDropped() throws Exception {
    ScoringServerClient.Settings settings =
        new ScoringServerClient.Settings(
            4, Duration.ofMillis(1), Duration.ofSeconds(2), 2, Duration.ofMillis(10), 1);
    int closed = MlflowFixture.freePort();
    try (ScoringServerClient client =
        new ScoringServerClient("http://127.0.0.1:" + closed, settings)) {
      CompletableFuture<Object> f = client.predict(Map.of("x", 1.0));
      assertThatThrownBy(() -> f.get(30, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .hasMessageStartingWith(
              "scoring server http://127.0.0.1:" + closed + "/invocations failed after 3 attempts");
    }
  }

  @Test
  void theEnricherCallsTheScoringServerFromAScenario() {
    assertThat(run(param("Version", "'1'")))
        .containsExactlyInAnyOrder(
            Map.of("x", 1.5, "y", 15.0, "v", "1"),
            Map.of("x", 2, "y", 20.0, "v", "1"),
            Map.of("x", -3, "y", -30.0, "v", "1"));
  }

  @Test
  void followingAnAliasReportsTheVersionItPointsTo() {
    // the alias is the default selector: no Version parameter
    assertThat(run(param("Alias", "'champion'")))
        .containsExactlyInAnyOrder(
            Map.of("x", 1.5, "y", 15.0, "v", "1"),
            Map.of("x", 2, "y", 20.0, "v", "1"),
            Map.of("x", -3, "y", -30.0, "v", "1"));
  }

  private static List<Map<String, Object>> run(dev.walnut.engine.scenario.NodeParameter selector) {
    Scenario scenario =
        ScenarioBuilder.id("remote-scoring")
            .parallelism(1)
            .source("numbers", "kafka", param("Topic", "'numbers'"))
            .enricher(
                "score",
                "mlflow-inference",
                "pred",
                param("Model", "'ten-times'"),
                selector,
                param("x", "#input.x"),
                param("Scoring server", "'" + url + "'"),
                param("Max batch size", "4"))
            .sink(
                "out",
                "collect",
                param("Value", "{x: #input.x, y: #pred.y, v: #pred.modelVersion}"));

    ScenarioTestResult result =
        ScenarioTestRun.of(scenario)
            .property("mlflow.tracking.uri", mlflow.server().uri().toString())
            .input("numbers", Map.of("x", 1.5), Map.of("x", 2), Map.of("x", -3))
            .run();
    return result.records("out");
  }
}
