package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the designer asks components outside any job: parameter suggestions (the broker's topics)
 * and records captured from a source's topic as test input, against a real embedded Kafka broker.
 */
class DesignerNodeQueriesTest {
  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static DesignerServer server;
  static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    kafka.createTopic("clickstream", 1);
    kafka.createTopic("recommendations", 3);
    kafka.createTopic("empty-topic", 1);
    KafkaRecords.of(kafka)
        .produce("clickstream", DesignerApiTest.clickstreamHead(30).lines().toList());
    server =
        DesignerServer.start(
            TestServers.config(
                dir.resolve("main"),
                4 * 1024 * 1024,
                Map.of("kafka.bootstrap.servers", kafka.bootstrapServers())));
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
  void thePaletteMarksParametersWithSuggestions() throws Exception {
    JsonNode groups = api.get("/api/palette").json().get("groups");
    JsonNode source = componentOfType(groups, "Source", "kafka");
    assertThat(DesignerApiTest.parameter(source, "Topic").get("suggestions").asBoolean()).isTrue();
    assertThat(DesignerApiTest.parameter(source, "Timestamp field").get("suggestions").asBoolean())
        .isFalse();
    JsonNode sink = componentOfType(groups, "Sink", "kafka");
    assertThat(DesignerApiTest.parameter(sink, "Topic").get("suggestions").asBoolean()).isTrue();
  }

  @Test
  void kafkaTopicParametersSuggestTheBrokersTopics() throws Exception {
    ObjectNode covisit = DesignerApiTest.covisitAs("suggest");
    ApiClient.Answer a = suggest(covisit, "clicks", "Topic");
    assertThat(a.status()).as(a.toString()).isEqualTo(200);
    List<String> labels = new ArrayList<>();
    a.json().get("suggestions").forEach(s -> labels.add(s.get("label").asText()));
    assertThat(labels).contains("clickstream", "recommendations", "empty-topic");
    JsonNode recommendations = byLabel(a.json().get("suggestions"), "recommendations");
    assertThat(recommendations.get("expression").asText()).isEqualTo("'recommendations'");
    assertThat(recommendations.get("description").asText()).isEqualTo("3 partitions");
    assertThat(byLabel(a.json().get("suggestions"), "clickstream").get("description").asText())
        .isEqualTo("1 partition");

    // the sink's topic too; a node whose scenario is not valid yet (no topic) is asked all the same
    ((ObjectNode) covisit.at("/nodes/2/ref/parameters/0/expression")).put("expression", "");
    ApiClient.Answer sink = suggest(covisit, "recommendations", "Topic");
    assertThat(sink.status()).as(sink.toString()).isEqualTo(200);
    assertThat(byLabel(sink.json().get("suggestions"), "clickstream")).isNotNull();
  }

  @Test
  void badSuggestionRequestsSayWhatIsWrong() throws Exception {
    ObjectNode covisit = DesignerApiTest.covisitAs("suggest-bad");
    ApiClient.Answer noNode = suggest(covisit, "nowhere", "Topic");
    assertThat(noNode.status()).isEqualTo(400);
    assertThat(noNode.json().get("error").asText()).isEqualTo("no node `nowhere`");

    ApiClient.Answer notSuggested = suggest(covisit, "clicks", "Timestamp field");
    assertThat(notSuggested.status()).isEqualTo(400);
    assertThat(notSuggested.json().get("error").asText())
        .contains("suggests no values for parameter `Timestamp field`")
        .contains("it suggests: Topic");

    ApiClient.Answer missing =
        api.post("/api/suggestions", Map.of("scenario", covisit, "parameter", "Topic"));
    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.json().get("error").asText()).contains("`nodeId`");

    ApiClient.Answer notAScenario =
        api.post(
            "/api/suggestions", Map.of("scenario", "x", "nodeId", "clicks", "parameter", "Topic"));
    assertThat(notAScenario.status()).isEqualTo(400);
    assertThat(notAScenario.json().get("error").asText()).contains("scenario");
  }

  @Test
  void aBrokerThatIsAwayAnswers502WithTheReason() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    try (DesignerServer away =
        DesignerServer.start(
            TestServers.config(
                dir.resolve("away"),
                1024 * 1024,
                Map.of("kafka.bootstrap.servers", "127.0.0.1:" + closedPort)))) {
      ApiClient client = new ApiClient(away.url()).login("analyst", TestServers.PASSWORD);
      ObjectNode covisit = DesignerApiTest.covisitAs("away");
      ApiClient.Answer a =
          client.post(
              "/api/suggestions",
              Map.of("scenario", covisit, "nodeId", "clicks", "parameter", "Topic"));
      assertThat(a.status()).as(a.toString()).isEqualTo(502);
      assertThat(a.json().get("error").asText())
          .contains("component `kafka` cannot suggest values for `Topic`")
          .contains("127.0.0.1:" + closedPort);

      ApiClient.Answer c =
          client.post("/api/capture", Map.of("scenario", covisit, "nodeId", "clicks", "limit", 5));
      assertThat(c.status()).as(c.toString()).isEqualTo(502);
      assertThat(c.json().get("error").asText())
          .contains("component `kafka` cannot capture records")
          .contains("127.0.0.1:" + closedPort);
    }
  }

  @Test
  void theNewestRecordsOfASourceTopicAreCapturedAndRunAsTestInput() throws Exception {
    ObjectNode covisit = DesignerApiTest.covisitAs("capture");
    ApiClient.Answer a =
        api.post("/api/capture", Map.of("scenario", covisit, "nodeId", "clicks", "limit", 10));
    assertThat(a.status()).as(a.toString()).isEqualTo(200);
    List<String> produced = DesignerApiTest.clickstreamHead(30).lines().toList();
    List<String> captured = new ArrayList<>();
    a.json().get("records").forEach(r -> captured.add(r.asText()));
    assertThat(captured).containsExactlyElementsOf(produced.subList(20, 30));

    // without a limit: the default (100), here all 30
    ApiClient.Answer all =
        api.post("/api/capture", Map.of("scenario", covisit, "nodeId", "clicks"));
    assertThat(all.status()).as(all.toString()).isEqualTo(200);
    assertThat(all.json().get("records")).hasSize(30);
    assertThat(all.json().get("limit").asInt()).isEqualTo(DesignerApi.DEFAULT_CAPTURE);

    // what was captured is a source's test input as it stands
    ApiClient.Answer run =
        api.post(
            "/api/test-run",
            Map.of(
                "scenario",
                covisit,
                "inputs",
                Map.of("clicks", String.join("\n", captured) + "\n")));
    assertThat(run.status()).as(run.toString()).isEqualTo(200);
    assertThat(run.json().at("/counts/clicks/out").asLong()).isEqualTo(10);
    assertThat(run.json().get("errors")).isEmpty();
  }

  @Test
  void anEmptyTopicCapturesNothing() throws Exception {
    ObjectNode covisit = DesignerApiTest.covisitAs("capture-empty");
    ((ObjectNode) covisit.at("/nodes/0/ref/parameters/0/expression"))
        .put("expression", "'empty-topic'");
    ApiClient.Answer a =
        api.post("/api/capture", Map.of("scenario", covisit, "nodeId", "clicks", "limit", 10));
    assertThat(a.status()).as(a.toString()).isEqualTo(200);
    assertThat(a.json().get("records")).isEmpty();
  }

  @Test
  void badCaptureRequestsSayWhatIsWrong() throws Exception {
    ObjectNode covisit = DesignerApiTest.covisitAs("capture-bad");
    ApiClient.Answer sink =
        api.post(
            "/api/capture", Map.of("scenario", covisit, "nodeId", "recommendations", "limit", 5));
    assertThat(sink.status()).isEqualTo(400);
    assertThat(sink.json().get("error").asText())
        .isEqualTo("node `recommendations` is not a source");

    for (Object limit : List.of(0, -3, DesignerApi.MAX_CAPTURE + 1, "ten", 2.5)) {
      ApiClient.Answer bad =
          api.post("/api/capture", Map.of("scenario", covisit, "nodeId", "clicks", "limit", limit));
      assertThat(bad.status()).as("limit " + limit).isEqualTo(400);
      assertThat(bad.json().get("error").asText()).contains("`limit` must be a whole number");
    }

    ObjectNode missingTopic = covisit.deepCopy();
    ((ObjectNode) missingTopic.at("/nodes/0/ref/parameters/0/expression"))
        .put("expression", "'no-such-topic'");
    ApiClient.Answer unknown =
        api.post("/api/capture", Map.of("scenario", missingTopic, "nodeId", "clicks", "limit", 5));
    assertThat(unknown.status()).as(unknown.toString()).isEqualTo(400);
    assertThat(unknown.json().get("error").asText())
        .contains("topic `no-such-topic` does not exist");
  }

  private static ApiClient.Answer suggest(JsonNode scenario, String nodeId, String parameter)
      throws Exception {
    return api.post(
        "/api/suggestions", Map.of("scenario", scenario, "nodeId", nodeId, "parameter", parameter));
  }

  private static JsonNode byLabel(JsonNode suggestions, String label) {
    for (JsonNode s : suggestions) {
      if (s.get("label").asText().equals(label)) {
        return s;
      }
    }
    throw new AssertionError("no suggestion `" + label + "` in " + suggestions);
  }

  private static JsonNode componentOfType(JsonNode groups, String nodeType, String id) {
    for (JsonNode g : groups) {
      for (JsonNode c : g.get("components")) {
        if (c.get("id").asText().equals(id) && c.get("nodeType").asText().equals(nodeType)) {
          return c;
        }
      }
    }
    throw new AssertionError("no " + nodeType + " component `" + id + "`");
  }
}
