package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stored test cases through the API on a real server, H2 and MiniCluster: list, save (with the
 * version rules of any save), run one or all of a saved version or of unsaved edits, results per
 * case, check and node, and an enricher whose service is never there answering what the case fixes.
 */
class DesignerTestCasesTest {
  static final Path SESSIONS = DesignerApiTest.ROOT.resolve("scenarios/clickstream-sessions.json");
  static final String CASE = "each click shows the user's pages of the last five minutes";

  @TempDir static Path dir;
  static DesignerServer server;
  static ApiClient api;

  @BeforeAll
  static void start() throws Exception {
    server = DesignerServer.start(TestServers.config(dir, 1024 * 1024, Map.of()));
    api = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static ObjectNode sessionsAs(String name) throws Exception {
    ObjectNode s = (ObjectNode) ApiClient.MAPPER.readTree(SESSIONS.toFile());
    ((ObjectNode) s.get("metaData")).put("id", name);
    return s;
  }

  @Test
  void aShippedScenariosCasesAreListedAndPassPerNode() throws Exception {
    assertThat(api.post("/api/scenarios/import", sessionsAs("cases-shipped")).status())
        .isEqualTo(200);

    JsonNode listed = api.get("/api/scenarios/cases-shipped/test-cases").json();
    assertThat(listed.get("version").asInt()).isEqualTo(1);
    assertThat(listed.at("/testCases/0/name").asText()).isEqualTo(CASE);

    ApiClient.Answer run = api.post("/api/scenarios/cases-shipped/test-cases/run", "");
    assertThat(run.status()).as(run.toString()).isEqualTo(200);
    JsonNode r = run.json();
    assertThat(r.get("passed").asBoolean()).as(r.toString()).isTrue();
    assertThat(r.get("total").asInt()).isEqualTo(1);
    assertThat(r.at("/cases/0/checks")).hasSize(3);
    assertThat(r.at("/cases/0/checks/2/message").asText())
        .isEqualTo("wrote exactly the 5 expected records");
    assertThat(r.at("/nodes/sessions/passed").asBoolean()).isTrue();
    assertThat(r.at("/nodes/page views only/passed").asBoolean()).isTrue();
    assertThat(r.at("/cases/0/counts/clicks/out").asLong()).isEqualTo(6);
  }

  @Test
  void savedCasesAreTheNextVersionAndAFailingOneSaysWhatDiffered() throws Exception {
    assertThat(api.post("/api/scenarios/import", sessionsAs("cases-saved")).status())
        .isEqualTo(200);
    ArrayNode cases =
        (ArrayNode) api.get("/api/scenarios/cases-saved/test-cases").json().get("testCases");
    ObjectNode wrong = cases.get(0).deepCopy();
    wrong.put("name", "expects too few");
    ((ObjectNode) wrong.at("/assertions/0/count")).put("out", 4);
    cases.add(wrong);

    ApiClient.Answer saved =
        api.put(
            "/api/scenarios/cases-saved/test-cases",
            Map.of("baseVersion", 1, "comment", "a failing case", "testCases", cases));
    assertThat(saved.status()).as(saved.toString()).isEqualTo(200);
    assertThat(saved.json().get("version").asInt()).isEqualTo(2);
    assertThat(api.get("/api/scenarios/cases-saved/test-cases").json().get("testCases")).hasSize(2);
    assertThat(api.get("/api/scenarios/cases-saved/test-cases?version=1").json().get("testCases"))
        .hasSize(1);

    JsonNode all = api.post("/api/scenarios/cases-saved/test-cases/run", "{}").json();
    assertThat(all.get("passed").asBoolean()).isFalse();
    assertThat(all.get("failed").asInt()).isEqualTo(1);
    assertThat(all.at("/cases/0/passed").asBoolean()).isTrue();
    assertThat(all.at("/cases/1/passed").asBoolean()).isFalse();
    assertThat(all.at("/nodes/page views only/passed").asBoolean()).isFalse();
    assertThat(all.at("/nodes/page views only/messages/0").asText())
        .isEqualTo("expects too few: count: out 5, expected 4");
    assertThat(all.at("/nodes/sessions/passed").asBoolean()).isTrue();

    JsonNode one =
        api.post("/api/scenarios/cases-saved/test-cases/run", Map.of("case", CASE)).json();
    assertThat(one.get("total").asInt()).isEqualTo(1);
    assertThat(one.get("passed").asBoolean()).isTrue();

    ApiClient.Answer unknown =
        api.post("/api/scenarios/cases-saved/test-cases/run", Map.of("case", "nope"));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.json().get("error").asText())
        .startsWith("scenario `cases-saved` has no test case named `nope`; it has [`" + CASE);

    ApiClient.Answer stale =
        api.put(
            "/api/scenarios/cases-saved/test-cases", Map.of("baseVersion", 1, "testCases", cases));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().get("error").asText()).contains("is at version 2");

    ApiClient.Answer malformed =
        api.put(
            "/api/scenarios/cases-saved/test-cases",
            Map.of(
                "baseVersion",
                2,
                "testCases",
                ApiClient.MAPPER.readTree(
                    "[{\"name\": \"x\", \"assertions\": [{\"count\": {}}]}]")));
    assertThat(malformed.status()).isEqualTo(400);
    assertThat(malformed.json().get("error").asText())
        .isEqualTo("testCases[0] (`x`).assertions[0].node (the node id it checks) is required");
  }

  @Test
  void anUnsavedScenariosCasesRunWithAMockedEnricherThatCouldNeverOpen() throws Exception {
    ObjectNode s = sessionsAs("cases-mocked");
    // an enricher whose service token is never there: only the case's fixed answer lets it pass
    ObjectNode token = ApiClient.MAPPER.createObjectNode();
    token.put("id", "token");
    token.putObject("service").put("id", "test-needs-token").putArray("parameters");
    token.put("output", "token");
    token.put("type", "Enricher");
    ((ArrayNode) s.get("nodes")).insert(1, token);
    ObjectNode value = (ObjectNode) s.at("/nodes/4/ref/parameters/0/expression");
    value.put("expression", "{userid: #input.userid, token: #token}");
    ObjectNode c = (ObjectNode) s.at("/metaData/additionalFields/testCases/0");
    c.putObject("mocks").putObject("token").put("answer", "mocked answer");
    ArrayNode assertions = c.putArray("assertions");
    assertions.addObject().put("node", "token").putObject("count").put("in", 6).put("out", 6);
    ObjectNode contains = assertions.addObject().put("node", "sessions");
    contains.putArray("contains").addObject().put("userid", "u2").put("token", "mocked answer");
    assertions
        .addObject()
        .put("node", "sessions")
        .put("condition", "#output.?[token != 'mocked answer'].isEmpty() && #output.size() == 5");

    ApiClient.Answer run = api.post("/api/test-cases/run", Map.of("scenario", s));
    assertThat(run.status()).as(run.toString()).isEqualTo(200);
    assertThat(run.json().get("passed").asBoolean()).as(run.body()).isTrue();
    assertThat(run.json().at("/nodes/token/passed").asBoolean()).isTrue();

    // nothing was saved: the run used what was sent
    assertThat(api.get("/api/scenarios/cases-mocked").status()).isEqualTo(404);

    c.set("mocks", ApiClient.MAPPER.readTree("{\"page views only\": {\"answer\": 1}}"));
    JsonNode misplaced = api.post("/api/test-cases/run", Map.of("scenario", s)).json();
    assertThat(misplaced.at("/cases/0/problems/0").asText())
        .isEqualTo(
            "mocks name `page views only`, which is a Filter; only enrichers' answers can be fixed");
    assertThat(misplaced.get("passed").asBoolean()).isFalse();
  }
}
