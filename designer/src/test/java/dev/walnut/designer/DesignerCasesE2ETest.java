package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Test cases written and run from the UI in headless Chromium ({@code
 * ui/e2e/designer-cases-e2e.mjs}, playwright-core): the shipped case of {@code
 * clickstream-sessions} passes with its nodes marked on the canvas; a case written in the panel
 * fails saying what differed, is fixed, passes and is saved with the scenario; a sticky note is
 * added, dragged and saved in the scenario's additional fields. With {@code -Dwalnut.docShots} the
 * README's screenshot is refreshed in {@code docs/}.
 */
class DesignerCasesE2ETest {
  static final Path MODULE = Path.of("").toAbsolutePath();

  @TempDir Path dir;

  @Test
  void aTestCaseIsWrittenRunAndSavedFromTheBrowser() throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("WALNUT_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("no Chromium at %s: install Debian's chromium (scripts/setup.sh)", chromium)
        .isTrue();
    assertThat(getClass().getClassLoader().getResource("designer-ui/index.html"))
        .as("the web UI is not built: run the build without -Dwalnut.ui.skip")
        .isNotNull();
    try (DesignerServer server =
        DesignerServer.start(TestServers.config(dir, 4 * 1024 * 1024, Map.of()))) {
      Path shots = MODULE.resolve("target/e2e-screenshots");
      Path log = MODULE.resolve("target/e2e-cases.log");
      Files.createDirectories(shots);
      ProcessBuilder pb =
          new ProcessBuilder("node", "e2e/designer-cases-e2e.mjs")
              .directory(MODULE.resolve("ui").toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().put("WALNUT_URL", server.url());
      pb.environment().put("WALNUT_USER", "analyst");
      pb.environment().put("WALNUT_PASSWORD", TestServers.PASSWORD);
      pb.environment().put("WALNUT_CHROMIUM", chromium.toString());
      pb.environment().put("WALNUT_SHOTS", shots.toString());
      pb.environment().put("WALNUT_CASES_SCENARIO", DesignerTestCasesTest.SESSIONS.toString());
      if (Boolean.getBoolean("walnut.docShots")) {
        pb.environment().put("WALNUT_DOC_SHOTS", MODULE.resolve("docs").toString());
      }
      Process node = pb.start();
      node.getOutputStream().close();
      boolean done = node.waitFor(6, TimeUnit.MINUTES);
      if (!done) {
        node.destroyForcibly();
      }
      assertThat(done).as("the browser flow did not finish in 6 minutes; see %s", log).isTrue();
      assertThat(node.exitValue())
          .as("the browser flow failed:\n%s", Files.readString(log))
          .isZero();

      // what the browser saved: both cases, and they pass headless through the API
      ApiClient api = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
      JsonNode cases = api.get("/api/scenarios/clickstream-sessions/test-cases?version=2").json();
      assertThat(cases.get("version").asInt()).isEqualTo(2);
      assertThat(cases.at("/testCases/1/name").asText())
          .isEqualTo("only page views reach the sessions");
      assertThat(cases.at("/testCases/1/assertions/1/condition").asText())
          .isEqualTo("#output.size() == 1");
      JsonNode run = api.post("/api/scenarios/clickstream-sessions/test-cases/run", "").json();
      assertThat(run.get("passed").asBoolean()).as(run.toString()).isTrue();
      assertThat(run.get("total").asInt()).isEqualTo(2);
      // the audit log names the browser's saves
      JsonNode audit = api.get("/api/audit?scenario=clickstream-sessions").json();
      assertThat(audit.at("/1/action").asText()).isEqualTo("save");
      assertThat(audit.at("/1/version").asInt()).isEqualTo(2);
      assertThat(audit.at("/1/detail").asText()).isEqualTo("a test case for non-page URLs");

      // the sticky note of version 3, in the scenario's additional fields
      JsonNode note =
          api.get("/api/scenarios/clickstream-sessions")
              .json()
              .at("/scenario/metaData/additionalFields/stickyNotes/0");
      assertThat(note.get("noteId").asText()).isEqualTo("note-1");
      assertThat(note.get("content").asText())
          .isEqualTo("sessions: the last 5 minutes of page views per user");
      assertThat(note.at("/dimensions/width").asInt()).isEqualTo(220);
      assertThat(api.get("/api/scenarios/clickstream-sessions/export").body())
          .contains("\"stickyNotes\"");
    }
  }
}
