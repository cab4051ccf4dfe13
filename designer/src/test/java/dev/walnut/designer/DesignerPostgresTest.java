package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.designer.store.DeploymentRecord;
import dev.walnut.designer.store.DesignerDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The designer on a real PostgreSQL server (the configured alternative to the embedded H2): the
 * Flyway migrations, the store and an API flow, then a restart on the same database.
 */
class DesignerPostgresTest {
  static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
  }

  private static DesignerConfig config() {
    return new DesignerConfig(
        "127.0.0.1",
        0,
        postgres.jdbcUrl(),
        "postgres",
        "",
        "analyst",
        TestServers.PASSWORD,
        List.of(),
        1024 * 1024,
        0,
        4,
        Map.of(),
        null,
        null);
  }

  @Test
  void theServerIsARealPostgresql() throws Exception {
    assertThat(postgres.version()).startsWith("PostgreSQL 17.");
  }

  @Test
  void scenariosAreCreatedSavedComparedArchivedAndSurviveARestart() throws Exception {
    try (DesignerServer server = DesignerServer.start(config())) {
      ApiClient api = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
      ApiClient.Answer created = api.post("/api/scenarios", Map.of("name", "pg-flow"));
      assertThat(created.status()).as(created.toString()).isEqualTo(200);
      assertThat(created.json().get("version").asInt()).isEqualTo(1);
      assertThat(api.post("/api/scenarios", Map.of("name", "pg-flow")).status()).isEqualTo(409);

      ObjectNode covisit = DesignerApiTest.covisitAs("pg-flow");
      ApiClient.Answer saved =
          api.put(
              "/api/scenarios/pg-flow",
              Map.of("baseVersion", 1, "comment", "the recommender", "scenario", covisit));
      assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
      assertThat(saved.json().get("version").asInt()).isEqualTo(2);
      ApiClient.Answer stale =
          api.put(
              "/api/scenarios/pg-flow",
              Map.of("baseVersion", 1, "comment", "stale", "scenario", covisit));
      assertThat(stale.status()).isEqualTo(409);
      ((ObjectNode) covisit.at("/nodes/1/parameters/2/expression")).put("expression", "'PT20M'");
      assertThat(
              api.put(
                      "/api/scenarios/pg-flow",
                      Map.of("baseVersion", 2, "comment", "longer window", "scenario", covisit))
                  .status())
          .isEqualTo(200);

      JsonNode history = api.get("/api/scenarios/pg-flow/history").json();
      assertThat(history).hasSize(3);
      assertThat(history.get(0).get("version").asInt()).isEqualTo(3);
      assertThat(history.get(0).get("comment").asText()).isEqualTo("longer window");
      assertThat(history.get(0).get("author").asText()).isEqualTo("analyst");

      JsonNode fromEmpty = api.get("/api/scenarios/pg-flow/compare?from=1&to=2").json();
      assertThat(fromEmpty.get("added"))
          .extracting(JsonNode::asText)
          .containsExactly("clicks", "co-visits", "recommendations");
      JsonNode window = api.get("/api/scenarios/pg-flow/compare?from=2&to=3").json();
      assertThat(window.get("changed")).extracting(JsonNode::asText).containsExactly("co-visits");

      // the JSON comes back exactly as stored
      JsonNode v2 = api.get("/api/scenarios/pg-flow?version=2").json().get("scenario");
      assertThat(v2).isEqualTo(DesignerApiTest.covisitAs("pg-flow"));

      assertThat(api.post("/api/scenarios/pg-flow/archive", "").status()).isEqualTo(200);
      assertThat(api.get("/api/scenarios").body()).doesNotContain("pg-flow");
      assertThat(api.get("/api/scenarios?archived=true").body()).contains("pg-flow");
      ApiClient.Answer archivedSave =
          api.put(
              "/api/scenarios/pg-flow",
              Map.of("baseVersion", 3, "comment", "x", "scenario", covisit));
      assertThat(archivedSave.status()).isEqualTo(409);
      assertThat(api.post("/api/scenarios/pg-flow/unarchive", "").status()).isEqualTo(200);
    }

    // a restart finds everything (and the migrations are not applied twice)
    try (DesignerServer again = DesignerServer.start(config())) {
      ApiClient api = new ApiClient(again.url()).login("analyst", TestServers.PASSWORD);
      JsonNode latest = api.get("/api/scenarios/pg-flow").json();
      assertThat(latest.get("version").asInt()).isEqualTo(3);
      assertThat(latest.get("archived").asBoolean()).isFalse();
      assertThat(api.get("/api/scenarios/pg-flow/history").json()).hasSize(3);
    }
  }

  @Test
  void deploymentsAreRecordedInOrder() {
    try (DesignerDatabase db = DesignerDatabase.open(postgres.jdbcUrl(), "postgres", "")) {
      db.create("pg-deployments", "{}", "created", "analyst");
      Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      db.recordDeployment(new DeploymentRecord("pg-deployments", 1, "deploy", "j1", "a", t));
      db.recordDeployment(
          new DeploymentRecord("pg-deployments", 1, "cancel", "j1", "a", t.plusSeconds(5)));
      List<DeploymentRecord> recorded = db.deployments("pg-deployments");
      assertThat(recorded).extracting(DeploymentRecord::action).containsExactly("cancel", "deploy");
      assertThat(recorded.get(1).at()).isEqualTo(t);
      assertThat(db.get("pg-deployments", Optional.empty()).json()).isEqualTo("{}");
    }
  }
}
