package dev.walnut.designer;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployments on a Flink session cluster reached only through its REST API, followed by job id: a
 * designer started anew re-attaches to the job its database recorded, shows its state and counts,
 * and cancels it. On the local cluster, which ends with the designer, the recorded job is LOST.
 *
 * <p>The session cluster here shares this JVM's classpath, so the shipped job jar only needs to
 * exist; shipping Walnut's shaded jar to a cluster without Walnut is covered by the CLI's
 * RemoteDeployIT.
 */
class DesignerRemoteDeployTest {
  @TempDir Path dir;

  private DesignerConfig remoteConfig(Path db, String restUrl, Path jar, EmbeddedKafka kafka) {
    DesignerConfig local =
        TestServers.config(
            db, 4 * 1024 * 1024, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()));
    return local.withRemote(restUrl, jar);
  }

  private static Path emptyJobJar(Path dir) throws Exception {
    Path jar = dir.resolve("job.jar");
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, m)) {
      j.flush();
    }
    return jar;
  }

  private static String state(ApiClient api, String name) throws Exception {
    return api.get("/api/scenarios/" + name + "/status").json().get("state").asText();
  }

  @Test
  void aRestartedDesignerReattachesToItsJobOnTheSessionClusterAndCancelsIt() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build();
        LocalFlinkCluster session =
            LocalFlinkCluster.start(
                0,
                4,
                Map.of("classloader.parent-first-patterns.additional", "org.apache.kafka."))) {
      kafka.start();
      kafka.createTopic("clickstream", 1);
      kafka.createTopic("recommendations", 1);
      Path jar = emptyJobJar(dir);
      Path db = dir.resolve("db");
      String jobId;
      try (DesignerServer first =
          DesignerServer.start(remoteConfig(db, session.webUrl() + "/", jar, kafka))) {
        ApiClient api = new ApiClient(first.url()).login("analyst", TestServers.PASSWORD);
        assertThat(
                api.post("/api/scenarios/import", DesignerApiTest.covisitAs("remote-covisit"))
                    .status())
            .isEqualTo(200);
        ApiClient.Answer deployed = api.post("/api/scenarios/remote-covisit/deploy", "{}");
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
        jobId = deployed.json().get("jobId").asText();
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> state(api, "remote-covisit").equals("RUNNING"));
        JsonNode status = api.get("/api/scenarios/remote-covisit/status").json();
        assertThat(status.get("target").asText()).isEqualTo(session.webUrl());
        assertThat(status.get("flinkUrl").asText()).isEqualTo(session.webUrl());
      }

      // the first designer is gone; the job is not
      try (DesignerServer second =
          DesignerServer.start(remoteConfig(db, session.webUrl(), jar, kafka))) {
        ApiClient api = new ApiClient(second.url()).login("analyst", TestServers.PASSWORD);
        JsonNode status = api.get("/api/scenarios/remote-covisit/status").json();
        assertThat(status.get("state").asText()).isEqualTo("RUNNING");
        assertThat(status.get("jobId").asText()).isEqualTo(jobId);
        assertThat(status.get("version").asInt()).isEqualTo(1);
        assertThat(api.post("/api/scenarios/remote-covisit/deploy", "{}").status()).isEqualTo(409);

        KafkaRecords.of(kafka)
            .produce("clickstream", DesignerApiTest.clickstreamHead(200).lines().toList());
        await()
            .atMost(Duration.ofMinutes(2))
            .untilAsserted(
                () -> {
                  JsonNode counts = api.get("/api/scenarios/remote-covisit/counts").json();
                  assertThat(counts.at("/clicks/out").asLong())
                      .as(counts.toString())
                      .isEqualTo(200);
                });

        ApiClient.Answer cancelled = api.post("/api/scenarios/remote-covisit/cancel", "");
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(state(api, "remote-covisit")).isEqualTo("CANCELED");
        JsonNode history = api.get("/api/scenarios/remote-covisit/status").json().get("history");
        assertThat(history)
            .extracting(h -> h.get("action").asText())
            .containsExactly("cancel", "deploy");
        assertThat(history).extracting(h -> h.get("jobId").asText()).containsOnly(jobId);
      }
    }
  }

  @Test
  void aJobOfTheLocalClusterIsLostWhenTheDesignerRestartsAndCanBeDeployedAgain() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("clickstream", 1);
      kafka.createTopic("recommendations", 1);
      Path db = dir.resolve("db");
      DesignerConfig config =
          TestServers.config(
              db, 4 * 1024 * 1024, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()));
      try (DesignerServer first = DesignerServer.start(config)) {
        ApiClient api = new ApiClient(first.url()).login("analyst", TestServers.PASSWORD);
        api.post("/api/scenarios/import", DesignerApiTest.covisitAs("local-covisit"));
        assertThat(api.post("/api/scenarios/local-covisit/deploy", "{}").status()).isEqualTo(200);
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> state(api, "local-covisit").equals("RUNNING"));
      }
      try (DesignerServer second = DesignerServer.start(config)) {
        ApiClient api = new ApiClient(second.url()).login("analyst", TestServers.PASSWORD);
        assertThat(state(api, "local-covisit")).isEqualTo("LOST");
        assertThat(api.post("/api/scenarios/local-covisit/cancel", "").status()).isEqualTo(409);
        ApiClient.Answer again = api.post("/api/scenarios/local-covisit/deploy", "{}");
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        await()
            .atMost(Duration.ofMinutes(1))
            .until(() -> state(api, "local-covisit").equals("RUNNING"));
        assertThat(api.get("/api/scenarios/local-covisit/status").json().get("history"))
            .extracting(h -> h.get("action").asText())
            .containsExactly("deploy", "deploy");
      }
    }
  }

  @Test
  void theLiveViewOfACollectSinkOnTheSessionClusterIsReadFromTheDebugTopic() throws Exception {
    // production clusters often disable auto-creation: the job creates its debug topic
    try (EmbeddedKafka kafka =
            EmbeddedKafka.builder().brokerProperty("auto.create.topics.enable", "false").build();
        LocalFlinkCluster session =
            LocalFlinkCluster.start(
                0,
                4,
                Map.of("classloader.parent-first-patterns.additional", "org.apache.kafka."))) {
      kafka.start();
      kafka.createTopic("remote-tail-events", 1);
      KafkaRecords records = KafkaRecords.of(kafka);
      records.produce("remote-tail-events", numbered(1, 5));
      Scenario scenario =
          ScenarioBuilder.id("remote-tail")
              .parallelism(1)
              .source(
                  "events",
                  "kafka",
                  param("Topic", "'remote-tail-events'"),
                  param("Start from", "'earliest'"))
              .sink("watch", "collect", param("Value", "#input.n"), param("Capacity", "3"));
      try (DesignerServer designer =
          DesignerServer.start(
              remoteConfig(dir.resolve("db"), session.webUrl(), emptyJobJar(dir), kafka))) {
        ApiClient api = new ApiClient(designer.url()).login("analyst", TestServers.PASSWORD);
        assertThat(
                api.post(
                        "/api/scenarios/import",
                        ApiClient.MAPPER.readTree(ScenarioJson.write(scenario)))
                    .status())
            .isEqualTo(200);
        ApiClient.Answer deployed = api.post("/api/scenarios/remote-tail/deploy", "{}");
        assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
        try {
          // the designer named the topic, the job created it and writes what `watch` keeps
          assertThat(records.consume("walnut-debug-remote-tail", 5, Duration.ofMinutes(1)))
              .extracting(r -> r.key() + "=" + r.value())
              .containsExactly("watch=1", "watch=2", "watch=3", "watch=4", "watch=5");
          // what only the topic holds: a value a TaskManager elsewhere kept, and another node's
          records.produce(
              "walnut-debug-remote-tail",
              List.of("\"kept by watch elsewhere\"", "\"kept by other\"").stream(),
              value -> value.contains("watch") ? "watch" : "other");

          HttpResponse<InputStream> stream =
              HttpClient.newHttpClient()
                  .send(
                      api.builder("/api/scenarios/remote-tail/tail/watch?limit=5").GET().build(),
                      HttpResponse.BodyHandlers.ofInputStream());
          assertThat(stream.statusCode()).isEqualTo(200);
          assertThat(stream.headers().firstValue("Content-Type").orElse(""))
              .startsWith("text/event-stream");
          records.produce("remote-tail-events", numbered(6, 7));
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
          // the newest values still in the topic, up to the sink's capacity, then new ones
          assertThat(events).containsExactly("4", "5", "\"kept by watch elsewhere\"", "6", "7");
        } finally {
          api.post("/api/scenarios/remote-tail/cancel", "");
        }
      }
    }
  }

  private static List<String> numbered(int from, int to) {
    return java.util.stream.IntStream.rangeClosed(from, to)
        .mapToObj(i -> "{\"n\":" + i + "}")
        .toList();
  }
}
