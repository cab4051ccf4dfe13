package dev.walnut.designer;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deploy, status, counts, live tail and cancel on the designer's local Flink cluster, reading a
 * real (embedded KRaft) Kafka broker.
 */
class DesignerDeployTest {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static DesignerServer server;
  static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    kafka.createTopic("clickstream", 1);
    kafka.createTopic("recommendations", 1);
    server =
        DesignerServer.start(
            TestServers.config(
                dir, 4 * 1024 * 1024, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers())));
    api = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void aSavedVersionDeploysShowsGrowingCountsAndCancels() throws Exception {
    ObjectNode covisit = DesignerApiTest.covisitAs("deploy-covisit");
    assertThat(api.post("/api/scenarios/import", covisit).status()).isEqualTo(200);
    assertThat(api.get("/api/scenarios/deploy-covisit/status").json().get("state").asText())
        .isEqualTo("NOT_DEPLOYED");
    assertThat(api.get("/api/scenarios/deploy-covisit/status").json().get("live").asBoolean())
        .as("an undeployed scenario is not live")
        .isFalse();
    assertThat(api.get("/api/scenarios/deploy-covisit/counts").status()).isEqualTo(404);

    ApiClient.Answer deployed = api.post("/api/scenarios/deploy-covisit/deploy", "{}");
    assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
    assertThat(deployed.json().get("version").asInt()).isEqualTo(1);
    assertThat(api.post("/api/scenarios/deploy-covisit/deploy", "{}").status()).isEqualTo(409);

    KafkaRecords.of(kafka)
        .produce("clickstream", DesignerApiTest.clickstreamHead(300).lines().toList());
    await()
        .atMost(Duration.ofMinutes(2))
        .untilAsserted(
            () -> {
              JsonNode counts = api.get("/api/scenarios/deploy-covisit/counts").json();
              assertThat(counts.at("/clicks/out").asLong()).as(counts.toString()).isEqualTo(300);
              // co-visits emits on event time: what it received is certain, what it sent is not
              assertThat(counts.at("/co-visits/in").asLong()).as(counts.toString()).isEqualTo(300);
            });
    JsonNode status = api.get("/api/scenarios/deploy-covisit/status").json();
    assertThat(status.get("state").asText()).isEqualTo("RUNNING");
    assertThat(status.get("live").asBoolean()).isTrue();
    assertThat(status.get("version").asInt()).isEqualTo(1);
    assertThat(status.get("flinkUrl").asText()).startsWith("http://127.0.0.1:");

    ApiClient.Answer cancelled = api.post("/api/scenarios/deploy-covisit/cancel", "");
    assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                api.get("/api/scenarios/deploy-covisit/status")
                    .json()
                    .get("state")
                    .asText()
                    .equals("CANCELED"));
    assertThat(api.post("/api/scenarios/deploy-covisit/cancel", "").status()).isEqualTo(409);
    JsonNode history = api.get("/api/scenarios/deploy-covisit/status").json().get("history");
    assertThat(history).hasSize(2);
    assertThat(history.get(0).get("action").asText()).isEqualTo("cancel");
    assertThat(history.get(1).get("action").asText()).isEqualTo("deploy");
    assertThat(history.get(1).get("version").asInt()).isEqualTo(1);

    // a designer started anew still knows the scenario was cancelled, not "never deployed"
    server.close();
    server =
        DesignerServer.start(
            TestServers.config(
                dir, 4 * 1024 * 1024, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers())));
    api = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
    JsonNode after = api.get("/api/scenarios/deploy-covisit/status").json();
    assertThat(after.get("state").asText()).isEqualTo("CANCELED");
    assertThat(after.get("live").asBoolean()).isFalse();
    assertThat(after.get("version").asInt()).isEqualTo(1);
  }

  private static String urlOf(String click) {
    try {
      return ApiClient.MAPPER.readTree(click).get("url").asText();
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + click, e);
    }
  }

  private static ObjectNode tree(Scenario scenario) throws Exception {
    return (ObjectNode) ApiClient.MAPPER.readTree(ScenarioJson.write(scenario));
  }

  private static ScenarioBuilder kafkaScenario(String id) {
    return ScenarioBuilder.id(id).parallelism(1);
  }

  @Test
  void countsAreExactPerNodeThoughTheNodesChainIntoOneTask() throws Exception {
    kafka.createTopic("chain-clicks", 1);
    Scenario chained =
        kafkaScenario("chained-counts")
            .source(
                "clicks",
                "kafka",
                param("Topic", "'chain-clicks'"),
                param("Schema version", "'latest'"),
                param("Max out of orderness", "'PT5S'"))
            .filter("even urls", "#input.url.length() % 2 == 0")
            .variable("page", "page", "#input.url")
            .sink("watch", "collect", param("Value", "#page"), param("Capacity", "1000"));
    assertThat(api.post("/api/scenarios/import", tree(chained)).status()).isEqualTo(200);
    ApiClient.Answer deployed = api.post("/api/scenarios/chained-counts/deploy", "");
    assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
    try {
      List<String> clicks = new ArrayList<>(DesignerApiTest.clickstreamHead(200).lines().toList());
      long even = clicks.stream().filter(c -> urlOf(c).length() % 2 == 0).count();
      assertThat(even).as("the data has urls of both lengths").isBetween(1L, 199L);
      clicks.add("42"); // not an object: the filter's expression fails on it
      KafkaRecords.of(kafka).produce("chain-clicks", clicks);
      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () -> {
                JsonNode c = api.get("/api/scenarios/chained-counts/counts").json();
                assertThat(c.at("/clicks/out").asLong()).as(c.toString()).isEqualTo(201);
                assertThat(c.at("/even urls/in").asLong()).as(c.toString()).isEqualTo(201);
                assertThat(c.at("/even urls/out").asLong()).as(c.toString()).isEqualTo(even);
                assertThat(c.at("/even urls/errors").asLong()).as(c.toString()).isEqualTo(1);
                assertThat(c.at("/page/in").asLong()).as(c.toString()).isEqualTo(even);
                assertThat(c.at("/page/out").asLong()).as(c.toString()).isEqualTo(even);
                assertThat(c.at("/watch/in").asLong()).as(c.toString()).isEqualTo(even);
              });
      JsonNode vertices =
          ApiClient.MAPPER.readTree(
              HttpClient.newHttpClient()
                  .send(
                      java.net.http.HttpRequest.newBuilder(
                              java.net.URI.create(
                                  api.get("/api/scenarios/chained-counts/status")
                                          .json()
                                          .get("flinkUrl")
                                          .asText()
                                      + "/jobs/"
                                      + deployed.json().get("jobId").asText()))
                          .build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(vertices.get("vertices"))
          .as("the filter chains with its neighbours: the case operator metrics got wrong")
          .anySatisfy(
              v -> assertThat(v.get("name").asText()).contains("even urls").contains("page"));
    } finally {
      api.post("/api/scenarios/chained-counts/cancel", "");
    }
  }

  @Test
  void aScenarioReadingATopicThatDoesNotExistIsRefusedSayingSo() throws Exception {
    Scenario noTopic =
        kafkaScenario("no-topic")
            .source(
                "clicks",
                "kafka",
                param("Topic", "'no-such-topic'"),
                param("Schema version", "'latest'"),
                param("Max out of orderness", "'PT5S'"))
            .sink("watch", "collect", param("Value", "#input"), param("Capacity", "10"));
    assertThat(api.post("/api/scenarios/import", tree(noTopic)).status()).isEqualTo(200);
    ApiClient.Answer refused = api.post("/api/scenarios/no-topic/deploy", "");
    assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
    assertThat(refused.json().get("error").asText())
        .startsWith(
            "scenario `no-topic` cannot be deployed: node `clicks`: topic `no-such-topic` does"
                + " not exist on Kafka at "
                + kafka.bootstrapServers()
                + "; create it first");
    assertThat(api.get("/api/scenarios/no-topic/status").json().get("state").asText())
        .isEqualTo("NOT_DEPLOYED");
  }

  @Test
  void aJobThatCannotStartSaysWhyWhichNodeAndHowOftenItRestarted() throws Exception {
    kafka.createTopic("token-clicks", 1);
    Scenario needsToken =
        kafkaScenario("needs-token")
            .source(
                "clicks",
                "kafka",
                param("Topic", "'token-clicks'"),
                param("Schema version", "'latest'"),
                param("Max out of orderness", "'PT5S'"))
            .enricher("lookup", "test-needs-token", "answer")
            .sink("watch", "collect", param("Value", "#answer"), param("Capacity", "10"));
    assertThat(api.post("/api/scenarios/import", tree(needsToken)).status()).isEqualTo(200);
    ApiClient.Answer deployed = api.post("/api/scenarios/needs-token/deploy", "");
    assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(
              () -> {
                JsonNode status = api.get("/api/scenarios/needs-token/status").json();
                JsonNode failure = status.get("failure");
                assertThat(failure.isObject()).as(status.toString()).isTrue();
                assertThat(failure.get("message").asText())
                    .isEqualTo(
                        "node `lookup` cannot start: the service token is missing: set"
                            + " TEST_SERVICE_TOKEN");
                assertThat(failure.get("nodeId").asText()).isEqualTo("lookup");
                assertThat(failure.get("restarts").asLong()).isGreaterThanOrEqualTo(1);
                assertThat(status.get("live").asBoolean()).isTrue();
                assertThat(status.get("flinkJobUrl").asText())
                    .startsWith(status.get("flinkUrl").asText())
                    .contains(deployed.json().get("jobId").asText());
              });
    } finally {
      api.post("/api/scenarios/needs-token/cancel", "");
    }
  }

  @Test
  void anInvalidVersionIsNotDeployed() throws Exception {
    ObjectNode broken = DesignerApiTest.covisitAs("deploy-broken");
    ((ObjectNode) broken.at("/nodes/1")).put("nodeType", "no-such-thing");
    assertThat(api.post("/api/scenarios/import", broken).status()).isEqualTo(200);
    ApiClient.Answer a = api.post("/api/scenarios/deploy-broken/deploy", "");
    assertThat(a.status()).isEqualTo(400);
    assertThat(a.json().get("error").asText()).contains("not valid").contains("no-such-thing");
  }

  @Test
  void aCollectSinkIsTailedLive() throws Exception {
    ObjectNode s = DesignerApiTest.covisitAs("tail-test");
    ArrayNode nodes = (ArrayNode) s.get("nodes");
    ObjectNode source = (ObjectNode) nodes.get(0);
    ((ObjectNode) source.at("/ref/parameters/0/expression")).put("expression", "'tail-clicks'");
    nodes.remove(2);
    nodes.remove(1);
    ObjectNode sink =
        (ObjectNode)
            ApiClient.MAPPER.readTree(
                "{\"id\": \"watch\", \"ref\": {\"typ\": \"collect\", \"parameters\": ["
                    + "{\"name\": \"Value\", \"expression\": {\"language\": \"spel\","
                    + " \"expression\": \"#input.url\"}},"
                    + "{\"name\": \"Capacity\", \"expression\": {\"language\": \"spel\","
                    + " \"expression\": \"100\"}}]},"
                    + " \"endResult\": null, \"isDisabled\": null, \"type\": \"Sink\"}");
    nodes.add(sink);
    kafka.createTopic("tail-clicks", 1);
    assertThat(api.post("/api/scenarios/import", s).status()).isEqualTo(200);
    ApiClient.Answer deployed = api.post("/api/scenarios/tail-test/deploy", "");
    assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
    try {
      HttpResponse<InputStream> stream =
          HttpClient.newHttpClient()
              .send(
                  api.builder("/api/scenarios/tail-test/tail/watch?limit=5").GET().build(),
                  HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      assertThat(stream.headers().firstValue("Content-Type").orElse(""))
          .startsWith("text/event-stream");
      KafkaRecords.of(kafka)
          .produce("tail-clicks", DesignerApiTest.clickstreamHead(5).lines().toList());
      List<String> events = new ArrayList<>();
      try (BufferedReader r =
          new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("data: ")) {
            events.add(line.substring("data: ".length()));
          }
        }
      }
      assertThat(events).hasSize(5);
      assertThat(events.get(0)).contains("https://en.wikipedia.org/wiki/");
    } finally {
      api.post("/api/scenarios/tail-test/cancel", "");
    }
  }
}
