package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Labels on scenarios (set by an editor, audited, listed, filtered) and search across the latest
 * versions by name, label, component and expression text; sticky notes kept in the scenario's
 * additional fields through save and export.
 */
class DesignerLabelsSearchTest {
  @TempDir static Path dir;
  static DesignerServer server;
  static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    server = DesignerServer.start(TestServers.config(dir, 1024 * 1024, Map.of()));
    api = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
    assertThat(
            api.post("/api/scenarios/import", DesignerApiTest.covisitAs("search-covisit")).status())
        .isEqualTo(200);
    assertThat(
            api.post("/api/scenarios/import", DesignerTestCasesTest.sessionsAs("search-sessions"))
                .status())
        .isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void labelsAreSetListedFilteredAndAudited() throws Exception {
    ApiClient.Answer set =
        api.put(
            "/api/scenarios/search-covisit/labels",
            Map.of("labels", List.of("team:recs", "production", "team:recs")));
    assertThat(set.status()).as(set.toString()).isEqualTo(200);
    assertThat(set.json().get("labels").toString()).isEqualTo("[\"production\",\"team:recs\"]");

    JsonNode all = api.get("/api/scenarios").json();
    assertThat(all.toString()).contains("\"labels\":[\"production\",\"team:recs\"]");
    JsonNode production = api.get("/api/scenarios?label=production").json();
    assertThat(production).hasSize(1);
    assertThat(production.at("/0/name").asText()).isEqualTo("search-covisit");
    // labels are no edit: the version stays
    assertThat(production.at("/0/latestVersion").asInt()).isEqualTo(1);
    assertThat(
            api.get("/api/audit?scenario=search-covisit&limit=1").json().at("/0/detail").asText())
        .isEqualTo("production, team:recs");

    ApiClient.Answer bad =
        api.put("/api/scenarios/search-covisit/labels", Map.of("labels", List.of("no/slash")));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().get("error").asText())
        .isEqualTo(
            "a label is 1-50 letters, digits, spaces, `.`, `_`, `:` or `-`, got \"no/slash\"");
    assertThat(
            api.put("/api/scenarios/nope/labels", Map.of("labels", List.of("x")))
                .json()
                .get("error")
                .asText())
        .isEqualTo("there is no scenario named `nope`");
  }

  @Test
  void searchFindsNamesLabelsComponentsAndExpressionText() throws Exception {
    api.put("/api/scenarios/search-sessions/labels", Map.of("labels", List.of("debugging")));

    assertThat(hits("co-visit")).contains("search-covisit component co-visits: co-visit");
    assertThat(hits("DEBUG")).containsExactly("search-sessions label : debugging");
    assertThat(hits("startsWith('https://')"))
        .containsExactly(
            "search-sessions expression page views only/expression: #input.userid != null &&"
                + " #input.url != null && #input.url.startsWith('https://')");
    assertThat(hits("#covisit.frequency"))
        .containsExactly(
            "search-covisit expression recommendations/Value: {url: #covisit.item,"
                + " recommendation: #covisit.recommendation, frequency: #covisit.frequency}");
    assertThat(hits("search-sess")).containsExactly("search-sessions name : search-sessions");
    assertThat(hits("nothing like this")).isEmpty();
    assertThat(api.get("/api/search?q=").json().get("error").asText())
        .isEqualTo("?q= (the text to find) is required");
  }

  @Test
  void stickyNotesTravelInTheScenariosAdditionalFields() throws Exception {
    ObjectNode s = DesignerApiTest.covisitAs("notes");
    ObjectNode note =
        ((ObjectNode) s.at("/metaData/additionalFields")).putArray("stickyNotes").addObject();
    note.put("noteId", "note-1")
        .put("content", "why co-visits: see DataSQRL")
        .put("color", "#fdf3a7");
    note.putObject("layoutData").put("x", 300).put("y", 40);
    note.putObject("dimensions").put("width", 220).put("height", 120);
    assertThat(api.post("/api/scenarios/import", s).status()).isEqualTo(200);
    assertThat(api.post("/api/validate", s).json().get("valid").asBoolean()).isTrue();

    JsonNode exported = ApiClient.MAPPER.readTree(api.get("/api/scenarios/notes/export").body());
    assertThat(exported.at("/metaData/additionalFields/stickyNotes/0")).isEqualTo(note);
  }

  private static List<String> hits(String q) throws Exception {
    JsonNode r =
        api.get(
                "/api/search?q="
                    + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8))
            .json();
    List<String> out = new ArrayList<>();
    r.get("hits")
        .forEach(
            h ->
                out.add(
                    h.get("scenario").asText()
                        + " "
                        + h.get("kind").asText()
                        + " "
                        + (h.get("nodeId").isNull() ? "" : h.get("nodeId").asText())
                        + (h.get("parameter").isNull() ? "" : "/" + h.get("parameter").asText())
                        + ": "
                        + h.get("text").asText()));
    return out;
  }
}
