package dev.walnut.ml.component;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.ml.LogRecorder;
import dev.walnut.ml.MlflowFixture;
import dev.walnut.ml.serving.ServedModel;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.SharedFlinkCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A scenario on a MiniCluster serving a model of a real MLflow server: moving the alias switches
 * the outputs to the new version without a restart, nothing is lost or duplicated, and when MLflow
 * goes away the current version keeps serving. A version whose inputs differ from those the
 * scenario was validated with is refused (counted, logged once) and a later compatible one taken.
 */
class MlflowInferenceHotSwapTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final ObjectMapper JSON = new ObjectMapper();

  private static EmbeddedKafka kafka;
  private static KafkaRecords data;
  private static MlflowFixture mlflow;

  @BeforeAll
  static void start() {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    data = KafkaRecords.of(kafka);
    mlflow = MlflowFixture.start();
  }

  @AfterAll
  static void stop() {
    if (mlflow != null) {
      mlflow.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Scenario scoring() {
    return ScenarioBuilder.id("hot-swap")
        .parallelism(1)
        .source("numbers", "kafka", param("Topic", "'swap-in'"))
        .enricher(
            "score",
            "mlflow-inference",
            "pred",
            param("Model", "'scaler'"),
            param("x", "#input.x"),
            param("Poll interval", "'PT0.5S'"))
        .sink(
            "out",
            "kafka",
            param("Topic", "'swap-out'"),
            param("Key", "#input.id"),
            param(
                "Value", "{id: #input.id, x: #input.x, y: #pred.y, version: #pred.modelVersion}"));
  }

  @Test
  void movingTheAliasSwitchesVersionsWhileRunningAndMlflowOutagesKeepTheCurrentOne()
      throws Exception {
    Map<Double, String> versions = mlflow.logLinearModels("scaler", 2, 3);
    String v1 = versions.get(2.0);
    String v2 = versions.get(3.0);
    mlflow.client().setAlias("scaler", "champion", v1);
    kafka.createTopic("swap-in", 1);
    kafka.createTopic("swap-out", 1);

    List<Map<String, Object>> seen = new ArrayList<>();
    int next = 0;
    try (DeployedScenario job =
        DeployedScenario.deploy(
            scoring(),
            Map.of(
                "kafka.bootstrap.servers",
                kafka.bootstrapServers(),
                MlflowInferenceComponent.TRACKING_URI_PROPERTY,
                mlflow.server().uri().toString()))) {
      job.awaitRunning(TIMEOUT);
      next = produce(next, 5);
      seen.addAll(consume(5));
      assertThat(seen).allSatisfy(r -> assertThat(r.get("version")).isEqualTo(v1));

      mlflow.client().setAlias("scaler", "champion", v2);
      // keep sending until an output comes from v2: the swap happens while records flow
      Flow flow = new Flow(next, seen);
      await("version " + v2 + " served")
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .pollInSameThread()
          .until(() -> flow.sendOne().get("version").equals(v2));

      // MLflow goes away: across several failed alias checks (polled every 0.5 s) records keep
      // flowing and the current version keeps serving them
      mlflow.server().close();
      await("version " + v2 + " kept while MLflow is away")
          .during(Duration.ofMillis(1500))
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(100))
          .pollInSameThread()
          .untilAsserted(() -> assertThat(flow.sendOne().get("version")).isEqualTo(v2));
      next = flow.next;
      int before = seen.size();
      next = produce(next, 5);
      List<Map<String, Object>> all = consume(before + 5);
      assertThat(all.subList(before, all.size()))
          .allSatisfy(r -> assertThat(r.get("version")).isEqualTo(v2));
      seen = all;
    }

    // every record exactly once, each scored by the version it reports, versions never go back
    Set<String> ids = new HashSet<>();
    boolean swapped = false;
    for (Map<String, Object> r : seen) {
      assertThat(ids.add((String) r.get("id"))).as("duplicate %s", r).isTrue();
      double x = ((Number) r.get("x")).doubleValue();
      double y = ((Number) r.get("y")).doubleValue();
      if (r.get("version").equals(v2)) {
        swapped = true;
        assertThat(y).isEqualTo(3 * x);
      } else {
        assertThat(swapped).as("went back to v1 at %s", r).isFalse();
        assertThat(y).isEqualTo(2 * x);
      }
    }
    assertThat(ids).hasSize(next);
    assertThat(data.consumeAllValues("swap-out", Duration.ofSeconds(5))).hasSize(next);
  }

  private static Scenario recommending(String model) {
    return ScenarioBuilder.id("hot-swap-contract")
        .parallelism(1)
        .source("views", "kafka", param("Topic", "'recs-in'"))
        .enricher(
            "recommend",
            "mlflow-inference",
            "recs",
            param("Model", "'" + model + "'"),
            param("item_ids", "#input.items"),
            param("Poll interval", "'PT0.5S'"))
        .sink(
            "out",
            "kafka",
            param("Topic", "'recs-out'"),
            param("Key", "#input.id"),
            param("Value", "{id: #input.id, items: #recs.top_items, version: #recs.modelVersion}"));
  }

  @Test
  void aVersionWithOtherInputsIsRefusedWhileRunningAndALaterCompatibleOneIsTaken()
      throws Exception {
    // the shared server: the other test of this class stops its own one
    MlflowFixture registry = MlflowFixture.shared();
    String model = "hot-swap-session-recs";
    MlflowFixture.SessionRecsVersion v1 =
        registry.logSessionRecs(model, MlflowFixture.sessionRecsModel(8), false);
    registry.client().setAlias(model, "champion", v1.version());
    kafka.createTopic("recs-in", 1);
    kafka.createTopic("recs-out", 1);
    List<String> history = v1.cases().get(0).history();

    try (LogRecorder log = LogRecorder.attach(ServedModel.class);
        DeployedScenario job =
            DeployedScenario.deploy(
                recommending(model),
                Map.of(
                    "kafka.bootstrap.servers",
                    kafka.bootstrapServers(),
                    MlflowInferenceComponent.TRACKING_URI_PROPERTY,
                    registry.server().uri().toString()))) {
      job.awaitRunning(TIMEOUT);
      RecsFlow flow = new RecsFlow(history);
      assertThat(flow.sendOne().get("version")).isEqualTo(v1.version());

      // a window of 5 instead of 8: the scenario's `item_ids` no longer fits
      MlflowFixture.SessionRecsVersion v2 =
          registry.logSessionRecs(model, MlflowFixture.sessionRecsModel(5), false);
      registry.client().setAlias(model, "champion", v2.version());
      await("the swap to version " + v2.version() + " refused")
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(500))
          .until(() -> metric(job, "mlflow.modelSwapsRefused"), n -> n == 1);
      // across more alias checks (every 0.5 s) records keep being served by v1, the refusal is
      // neither counted nor logged again
      await("version " + v1.version() + " kept")
          .during(Duration.ofSeconds(2))
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .pollInSameThread()
          .untilAsserted(() -> assertThat(flow.sendOne().get("version")).isEqualTo(v1.version()));
      String refusal =
          "WARN model `"
              + model
              + "` version "
              + v2.version()
              + " was not swapped in: input `item_ids` is string [-1, 5], the scenario was"
              + " validated with [-1, 8]; still serving version "
              + v1.version()
              + " (point alias `champion` at a version with the same inputs and outputs, or"
              + " redeploy the scenario to validate it against version "
              + v2.version()
              + ")";
      assertThat(log.lines()).filteredOn(l -> l.startsWith("WARN")).containsExactly(refusal);
      assertThat(metric(job, "mlflow.modelSwapsRefused")).isEqualTo(1);
      assertThat(metric(job, "mlflow.modelRefreshFailures")).isZero();

      // the same contract again (with MLflow's signature this time): swapped in as usual
      MlflowFixture.SessionRecsVersion v3 =
          registry.logSessionRecs(model, MlflowFixture.sessionRecsModel(8), true);
      registry.client().setAlias(model, "champion", v3.version());
      await("version " + v3.version() + " served")
          .atMost(TIMEOUT)
          .pollInterval(Duration.ofMillis(200))
          .pollInSameThread()
          .until(() -> flow.sendOne().get("version").equals(v3.version()));
      assertThat(flow.sendOne().get("items")).isEqualTo(v3.cases().get(0).topItems());
      assertThat(metric(job, "mlflow.modelSwapsRefused")).isEqualTo(1);
    }
  }

  /**
   * A gauge of the job's enricher as Flink's REST API reports it (the metric fetcher refreshes
   * every few seconds; -1 until it has the value).
   */
  private static long metric(DeployedScenario job, String suffix) throws Exception {
    String base =
        SharedFlinkCluster.get().webUrl() + "/jobs/" + job.client().getJobID() + "/vertices/";
    JsonNode vertices = get(SharedFlinkCluster.get().webUrl() + "/jobs/" + job.client().getJobID());
    for (JsonNode vertex : vertices.path("vertices")) {
      String url = base + vertex.path("id").asText() + "/metrics";
      for (JsonNode m : get(url)) {
        String id = m.path("id").asText();
        if (id.endsWith(suffix)) {
          for (JsonNode v : get(url + "?get=" + id)) {
            return Long.parseLong(v.path("value").asText());
          }
        }
      }
    }
    return -1;
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s answered %s", url, r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Sends one shopper's history at a time to `recs-in` and reads its output from `recs-out`. */
  private static final class RecsFlow {
    private final List<String> history;
    private int sent;

    RecsFlow(List<String> history) {
      this.history = history;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> sendOne() throws Exception {
      data.produce(
          "recs-in", List.of(JSON.writeValueAsString(Map.of("id", "s" + sent, "items", history))));
      sent++;
      List<String> out = data.consumeValues("recs-out", sent, TIMEOUT);
      Map<String, Object> last = JSON.readValue(out.get(out.size() - 1), Map.class);
      assertThat(last.get("id")).isEqualTo("s" + (sent - 1));
      return last;
    }
  }

  /** Sends one record at a time and collects its output into {@code seen}. */
  private static final class Flow {
    int next;
    final List<Map<String, Object>> seen;

    Flow(int next, List<Map<String, Object>> seen) {
      this.next = next;
      this.seen = seen;
    }

    Map<String, Object> sendOne() throws Exception {
      next = produce(next, 1);
      seen.addAll(consume(seen.size() + 1).subList(seen.size(), seen.size() + 1));
      return seen.get(seen.size() - 1);
    }
  }

  private static int produce(int from, int count) {
    List<String> values = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      values.add("{\"id\": \"r" + i + "\", \"x\": " + (i + 1) + "}");
    }
    data.produce("swap-in", values);
    return from + count;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> consume(int count) throws Exception {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String v : data.consumeValues("swap-out", count, TIMEOUT)) {
      out.add(JSON.readValue(v, Map.class));
    }
    return out;
  }
}
