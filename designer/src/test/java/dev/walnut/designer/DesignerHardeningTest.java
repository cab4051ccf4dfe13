package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The designer under abuse, against a real server: password guessing, too many live streams,
 * internal failures, bad scenario properties and secrets a scenario must not name.
 */
class DesignerHardeningTest {
  @TempDir static Path dir;
  static DesignerServer server;
  static ApiClient api;
  static ApiClient second;
  static ApiClient third;

  @BeforeAll
  static void start() throws Exception {
    server =
        DesignerServer.start(
            TestServers.config(dir, 1024 * 1024, Map.of())
                .withLimits(new DesignerConfig.Limits(3, 6, Duration.ofMinutes(10), 1, 2, 4)));
    api = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
    // logged in before any test guesses passwords from this address
    second = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
    third = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static ApiClient.Answer login(String user, String password) throws Exception {
    return new ApiClient(server.url())
        .post("/api/login", Map.of("user", user, "password", password));
  }

  @Test
  void guessingPasswordsIsStoppedPerUserAndPerAddressWithRetryAfter() throws Exception {
    for (int i = 0; i < 3; i++) {
      assertThat(login("analyst", "guess-" + i).status()).isEqualTo(401);
    }
    HttpResponse<String> refused =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.url() + "/api/login"))
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            ApiClient.MAPPER.writeValueAsString(
                                Map.of("user", "analyst", "password", TestServers.PASSWORD))))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(refused.statusCode())
        .as("even the right password waits: the limit is not an oracle")
        .isEqualTo(429);
    long retryAfter = Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).isBetween(1L, 600L);
    assertThat(ApiClient.MAPPER.readTree(refused.body()).get("error").asText())
        .isEqualTo("too many failed logins; try again in " + retryAfter + " s");

    // other (unknown) user names from the same address: the address limit (6) is reached too
    for (int i = 0; i < 3; i++) {
      assertThat(login("nobody-" + i, "x").status()).isEqualTo(401);
    }
    assertThat(login("nobody-9", "x").status()).isEqualTo(429);
    // the session opened before keeps working
    assertThat(api.get("/api/scenarios").status()).isEqualTo(200);
  }

  @Test
  void liveTailsAreBoundedPerLoginAndInTotal() throws Exception {
    api.post("/api/scenarios", Map.of("name", "tailed"));
    List<InputStream> open = new ArrayList<>();
    try {
      open.add(openTail(api, 200));
      HttpResponse<InputStream> again = tail(api);
      assertThat(again.statusCode()).as("a second stream of the same login").isEqualTo(429);
      assertThat(again.headers().firstValue("Retry-After")).hasValue("5");
      assertThat(body(again))
          .contains("this login has 1 live streams open, the most one login may hold");

      open.add(openTail(second, 200));
      HttpResponse<InputStream> full = tail(third);
      assertThat(full.statusCode()).as("a third stream on the server").isEqualTo(429);
      assertThat(body(full)).contains("the designer serves 2 live streams, its limit");
    } finally {
      for (InputStream in : open) {
        in.close();
      }
    }
  }

  private static InputStream openTail(ApiClient client, int status) throws Exception {
    HttpResponse<InputStream> r = tail(client);
    assertThat(r.statusCode()).isEqualTo(status);
    return r.body();
  }

  private static HttpResponse<InputStream> tail(ApiClient client) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            client.builder("/api/scenarios/tailed/tail/out").GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
  }

  private static String body(HttpResponse<InputStream> r) throws Exception {
    try (InputStream in = r.body()) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Test
  void anInternalFailureAnswersAnErrorIdNotItsText() throws Exception {
    api.post("/api/scenarios", Map.of("name", "broken-store"));
    // break the store under the running server: the same embedded H2 database, in this JVM
    try (Connection c = DriverManager.getConnection(DesignerConfig.h2Url(dir), "sa", "");
        Statement s = c.createStatement()) {
      s.execute("ALTER TABLE deployments RENAME TO deployments_gone");
    }
    try {
      ApiClient.Answer failed = api.get("/api/scenarios/broken-store/status");
      assertThat(failed.status()).isEqualTo(500);
      String id = failed.json().get("errorId").asText();
      assertThat(failed.json().get("error").asText())
          .isEqualTo("internal error; the server log has the details under error id " + id);
      assertThat(failed.body()).doesNotContainIgnoringCase("deployments").doesNotContain("SQL");
    } finally {
      try (Connection c = DriverManager.getConnection(DesignerConfig.h2Url(dir), "sa", "");
          Statement s = c.createStatement()) {
        s.execute("ALTER TABLE deployments_gone RENAME TO deployments");
      }
    }
  }

  @Test
  void scenarioPropertiesAreValidatedOnePerProperty() throws Exception {
    ObjectNode s = DesignerApiTest.covisitAs("bad-properties");
    ObjectNode props = (ObjectNode) s.at("/metaData/additionalFields/properties");
    props.put("checkpointInterval", "PT2562047788015216H");
    props.put("parallelism", "100000");
    props.put("kafka.sasl.jaas.config", "x required;");

    JsonNode r = api.post("/api/validate", s).json();

    assertThat(r.get("valid").asBoolean()).isFalse();
    Map<String, String> byProperty = new java.util.LinkedHashMap<>();
    r.get("errors")
        .forEach(e -> byProperty.put(e.get("parameter").asText(), e.get("message").asText()));
    assertThat(byProperty)
        .containsEntry(
            "checkpointInterval",
            "property `checkpointInterval` must be an ISO-8601 duration from PT0.1S to PT24H (e.g."
                + " PT10S), got `PT2562047788015216H`")
        .containsEntry(
            "parallelism",
            "property `parallelism` must be a whole number from 1 to 1024, got `100000`")
        .containsKey("kafka.sasl.jaas.config");

    // saved anyway (an analyst may save work in progress), a deploy is refused with the reasons,
    // never a 500
    assertThat(api.post("/api/scenarios/import", s).status()).isEqualTo(200);
    ApiClient.Answer deploy = api.post("/api/scenarios/bad-properties/deploy", "");
    assertThat(deploy.status()).isEqualTo(400);
    assertThat(deploy.json().get("error").asText()).contains("property `checkpointInterval`");
  }

  @Test
  void theScenarioPropertyTableIsServedForTheForm() throws Exception {
    JsonNode table = api.get("/api/scenario-properties").json();

    assertThat(table.get("properties").findValuesAsText("name"))
        .startsWith(
            "parallelism", "checkpointInterval", "kafka.bootstrap.servers", "mlflow.tracking.uri")
        .containsExactlyElementsOf(
            dev.walnut.engine.scenario.ScenarioProperties.all().stream()
                .map(dev.walnut.engine.scenario.ScenarioProperties.Property::name)
                .toList());
    assertThat(table.at("/properties/1/default").asText()).isEqualTo("PT10S");
    assertThat(table.at("/properties/1/type").asText()).isEqualTo("DURATION");
    assertThat(table.at("/kafkaClientSettings/allowedKeys").toString())
        .contains("\"acks\"")
        .doesNotContain("sasl.jaas.config");
    assertThat(api.get("/api/openapi.json").body()).contains("/api/scenario-properties");
  }

  @Test
  void aScenarioCannotNameTheDesignersOwnPassword() throws Exception {
    ObjectNode s = DesignerApiTest.withLookup("steal", "'${env:WALNUT_DESIGNER_PASSWORD}'");

    ApiClient.Answer refused = api.post("/api/scenarios/import", s);

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").asText())
        .startsWith(
            "parameter `API key` of node `lookup`: the secret ${env:WALNUT_DESIGNER_PASSWORD} is"
                + " not allowed here; allowed: WALNUT_SECRET_*, SHOPIFY_*");
    JsonNode validated = api.post("/api/validate", s).json();
    assertThat(validated.get("errors").toString())
        .contains("the secret ${env:WALNUT_DESIGNER_PASSWORD} is not allowed here");
  }
}
