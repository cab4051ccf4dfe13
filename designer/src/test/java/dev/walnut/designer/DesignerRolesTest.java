package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walnut.designer.http.Route;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import java.net.http.HttpRequest;
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
 * Roles enforced by the API on every route (viewer, editor, deployer, admin) and the audit log of
 * who saved, deployed and cancelled what, on a real server with a real Kafka broker (so the
 * deployer's deployment really runs).
 */
class DesignerRolesTest {
  static final String PASSWORD = "twelve chars at least";

  @TempDir static Path dir;
  static EmbeddedKafka kafka;
  static DesignerServer server;
  static ApiClient admin;
  static ApiClient viewer;
  static ApiClient editor;
  static ApiClient deployer;

  @BeforeAll
  static void start() throws Exception {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    kafka.createTopic("clickstream", 1);
    kafka.createTopic("recommendations", 1);
    server =
        DesignerServer.start(
            TestServers.config(
                dir, 1024 * 1024, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers())));
    admin = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
    viewer = user("vera", "viewer");
    editor = user("eddie", "editor");
    deployer = user("dora", "deployer");
  }

  static ApiClient user(String name, String... roles) throws Exception {
    ApiClient.Answer a =
        admin.put("/api/users/" + name, Map.of("password", PASSWORD, "roles", List.of(roles)));
    assertThat(a.status()).as(a.toString()).isEqualTo(200);
    return new ApiClient(server.url()).login(name, PASSWORD);
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
  void aViewerReadsButCannotSaveDeployOrCancel() throws Exception {
    assertThat(
            admin.post("/api/scenarios/import", DesignerApiTest.covisitAs("roles-view")).status())
        .isEqualTo(200);

    assertThat(viewer.get("/api/scenarios").status()).isEqualTo(200);
    assertThat(viewer.get("/api/scenarios/roles-view").status()).isEqualTo(200);
    assertThat(viewer.get("/api/scenarios/roles-view/test-cases").status()).isEqualTo(200);
    assertThat(viewer.post("/api/validate", DesignerApiTest.covisitAs("roles-view")).status())
        .isEqualTo(200);

    ApiClient.Answer deploy = viewer.post("/api/scenarios/roles-view/deploy", "{}");
    assertThat(deploy.status()).isEqualTo(403);
    assertThat(deploy.json().get("error").asText())
        .isEqualTo(
            "POST /api/scenarios/{name}/deploy needs the `deployer` role; user `vera` has"
                + " [`viewer`] (an admin grants roles: PUT /api/users/{name})");
    assertThat(viewer.post("/api/scenarios/roles-view/cancel", "").json().get("error").asText())
        .startsWith("POST /api/scenarios/{name}/cancel needs the `deployer` role");
    ApiClient.Answer save =
        viewer.put(
            "/api/scenarios/roles-view",
            Map.of(
                "baseVersion",
                1,
                "comment",
                "x",
                "scenario",
                DesignerApiTest.covisitAs("roles-view")));
    assertThat(save.status()).isEqualTo(403);
    assertThat(save.json().get("error").asText())
        .startsWith(
            "PUT /api/scenarios/{name} needs the `editor` role; user `vera` has [`viewer`]");
    assertThat(viewer.post("/api/scenarios/roles-view/test-cases/run", "").status()).isEqualTo(403);
    assertThat(viewer.post("/api/scenarios/roles-view/archive", "").status()).isEqualTo(403);
    assertThat(viewer.get("/api/users").json().get("error").asText())
        .startsWith("GET /api/users needs the `admin` role");
    // what was refused did not happen
    assertThat(admin.get("/api/scenarios/roles-view").json().get("version").asInt()).isEqualTo(1);
    assertThat(admin.get("/api/scenarios/roles-view/status").json().get("state").asText())
        .isEqualTo("NOT_DEPLOYED");
  }

  @Test
  void anEditorSavesButCannotDeployAndADeployerDeploysButCannotSave() throws Exception {
    assertThat(
            editor.post("/api/scenarios/import", DesignerApiTest.covisitAs("roles-split")).status())
        .isEqualTo(200);
    assertThat(
            editor
                .put(
                    "/api/scenarios/roles-split",
                    Map.of(
                        "baseVersion",
                        1,
                        "comment",
                        "edited",
                        "scenario",
                        DesignerApiTest.covisitAs("roles-split")))
                .status())
        .isEqualTo(200);
    assertThat(editor.post("/api/scenarios/roles-split/deploy", "{}").json().get("error").asText())
        .startsWith(
            "POST /api/scenarios/{name}/deploy needs the `deployer` role; user `eddie` has"
                + " [`editor`]");
    ApiClient.Answer deployerSaves =
        deployer.put(
            "/api/scenarios/roles-split",
            Map.of(
                "baseVersion",
                2,
                "comment",
                "x",
                "scenario",
                DesignerApiTest.covisitAs("roles-split")));
    assertThat(deployerSaves.json().get("error").asText())
        .startsWith(
            "PUT /api/scenarios/{name} needs the `editor` role; user `dora` has [`deployer`]");

    ApiClient.Answer deployed = deployer.post("/api/scenarios/roles-split/deploy", "{}");
    assertThat(deployed.status()).as(deployed.toString()).isEqualTo(200);
    await()
        .atMost(Duration.ofMinutes(1))
        .until(
            () ->
                deployer
                    .get("/api/scenarios/roles-split/status")
                    .json()
                    .get("state")
                    .asText()
                    .equals("RUNNING"));
    assertThat(deployer.post("/api/scenarios/roles-split/cancel", "").status()).isEqualTo(200);

    // the audit log, readable by a viewer: who did what to which version, newest first
    JsonNode log = viewer.get("/api/audit?scenario=roles-split").json();
    List<String> rows = new ArrayList<>();
    log.forEach(
        e ->
            rows.add(
                e.get("user").asText()
                    + " "
                    + e.get("action").asText()
                    + " v"
                    + e.get("version").asText()));
    assertThat(rows)
        .containsExactly("dora cancel v2", "dora deploy v2", "eddie save v2", "eddie import v1");
    assertThat(log.at("/2/detail").asText()).isEqualTo("edited");
    assertThat(log.at("/0/detail").asText()).startsWith("job ");
    assertThat(log.at("/0/at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(viewer.get("/api/audit?limit=1").json()).hasSize(1);
    assertThat(viewer.get("/api/audit?limit=0").json().get("error").asText())
        .isEqualTo("`limit` must be from 1 to 1000, got 0");
  }

  @Test
  void onlyAnAdminManagesUsersAndTheirChangesAreAudited() throws Exception {
    assertThat(viewer.get("/api/me").json().get("roles").toString()).isEqualTo("[\"viewer\"]");
    assertThat(admin.get("/api/me").json().get("roles").toString()).isEqualTo("[\"admin\"]");
    ApiClient.Answer byEditor =
        editor.put("/api/users/mallory", Map.of("password", PASSWORD, "roles", List.of("admin")));
    assertThat(byEditor.status()).isEqualTo(403);
    assertThat(byEditor.json().get("error").asText())
        .startsWith("PUT /api/users/{name} needs the `admin` role; user `eddie` has [`editor`]");

    assertThat(
            admin
                .put("/api/users/nora", Map.of("password", PASSWORD, "roles", List.of("boss")))
                .json()
                .get("error")
                .asText())
        .isEqualTo("unknown role `boss`; roles are [viewer, editor, deployer, admin]");
    assertThat(
            admin
                .put("/api/users/nora", Map.of("roles", List.of("viewer")))
                .json()
                .get("error")
                .asText())
        .isEqualTo("user `nora` is new: give a `password`");
    assertThat(
            admin
                .put("/api/users/nora", Map.of("password", "short", "roles", List.of("viewer")))
                .json()
                .get("error")
                .asText())
        .isEqualTo("`password` must be a string of at least 12 characters");
    assertThat(
            admin
                .put("/api/users/analyst", Map.of("roles", List.of("viewer")))
                .json()
                .get("error")
                .asText())
        .isEqualTo("you cannot take the `admin` role from yourself; another admin can");

    // a user without roles may log in but do nothing
    ApiClient nobody = user("nora");
    assertThat(nobody.get("/api/scenarios").json().get("error").asText())
        .startsWith("GET /api/scenarios needs the `viewer` role; user `nora` has no role");
    // a role granted applies to the next request, without logging in again
    assertThat(admin.put("/api/users/nora", Map.of("roles", List.of("viewer"))).status())
        .isEqualTo(200);
    assertThat(nobody.get("/api/scenarios").status()).isEqualTo(200);

    JsonNode users = admin.get("/api/users").json();
    assertThat(users.toString()).contains("{\"name\":\"nora\",\"roles\":[\"viewer\"]}");
    JsonNode log = admin.get("/api/audit?limit=1000").json();
    assertThat(log.toString())
        .contains(
            "\"user\":\"analyst\",\"action\":\"user\",\"scenario\":null,\"version\":null,"
                + "\"detail\":\"user `nora` has roles [viewer]\"");
  }

  @Test
  void everyAuthenticatedRouteButLogoutAndMeNamesItsRoleInTheOpenApiDocument() throws Exception {
    JsonNode doc = admin.get("/api/openapi.json").json();
    for (Route r : server.routes()) {
      if (!r.authenticated()) {
        continue;
      }
      JsonNode op = doc.path("paths").path(r.path()).path(r.method().toLowerCase());
      if (r.path().equals("/api/logout") || r.path().equals("/api/me")) {
        assertThat(op.has("x-walnut-role")).as(r.path()).isFalse();
      } else {
        assertThat(op.path("x-walnut-role").asText()).as(r.method() + " " + r.path()).isNotEmpty();
      }
    }
    assertThat(doc.at("/paths/~1api~1scenarios~1{name}~1deploy/post/x-walnut-role").asText())
        .isEqualTo("deployer");
    assertThat(doc.at("/paths/~1api~1scenarios~1{name}/put/x-walnut-role").asText())
        .isEqualTo("editor");
    // every route a viewer is refused answers 403 before it looks at the request
    for (Route r : server.routes()) {
      if (r.role() == null || r.role() == dev.walnut.designer.auth.Role.VIEWER) {
        continue;
      }
      String path = r.path().replace("{name}", "x").replace("{node}", "y");
      HttpRequest.Builder b = viewer.builder(path);
      b.method(r.method(), HttpRequest.BodyPublishers.ofString("{}"));
      ApiClient.Answer a = viewer.send(b);
      assertThat(a.status()).as(r.method() + " " + path).isEqualTo(403);
      assertThat(a.json().get("error").asText())
          .contains("needs the `" + r.role().json() + "` role");
    }
  }
}
