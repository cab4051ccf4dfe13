package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.designer.http.Route;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every API endpoint against a real server with a real H2 database and Flink MiniCluster. */
class DesignerApiTest {
  static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  static final Path COVISIT = ROOT.resolve("scenarios/datasqrl-covisit.json");
  static final Path NU_SAMPLE =
      ROOT.resolve("../shared/reference/nussknacker-scenario-sample.json").normalize();
  static final Path CLICKSTREAM =
      ROOT.resolve("../shared/data/datasqrl-clickstream/clickstream.json.gz").normalize();

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

  @Test
  void theOpenApiDocumentDescribesEveryRouteWithoutLogin() throws Exception {
    JsonNode doc = new ApiClient(server.url()).get("/api/openapi.json").json();
    assertThat(doc.path("openapi").asText()).startsWith("3.");
    for (Route r : server.routes()) {
      assertThat(doc.path("paths").path(r.path()).has(r.method().toLowerCase()))
          .as(r.method() + " " + r.path())
          .isTrue();
    }
  }

  @Test
  void everyOtherRouteNeedsALogin() throws Exception {
    ApiClient anonymous = new ApiClient(server.url());
    for (Route r : server.routes()) {
      if (!r.authenticated()) {
        continue;
      }
      String path = r.path().replace("{name}", "x").replace("{node}", "y");
      HttpRequest.Builder b = anonymous.builder(path);
      b.method(r.method(), HttpRequest.BodyPublishers.ofString("{}"));
      ApiClient.Answer a = anonymous.send(b);
      assertThat(a.status()).as(r.method() + " " + path).isEqualTo(401);
      assertThat(a.json().get("error").asText()).contains("log in");
    }
    assertThat(
            anonymous.post("/api/login", "{\"user\":\"analyst\",\"password\":\"wrong\"}").status())
        .isEqualTo(401);
    ApiClient forged = new ApiClient(server.url());
    HttpRequest.Builder b = forged.builder("/api/palette").header("Authorization", "Bearer nope");
    assertThat(forged.send(b.GET()).status()).isEqualTo(401);
  }

  @Test
  void logoutEndsTheSession() throws Exception {
    ApiClient other = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
    assertThat(other.get("/api/palette").status()).isEqualTo(200);
    assertThat(other.post("/api/logout", "").status()).isEqualTo(204);
    assertThat(other.get("/api/palette").status()).isEqualTo(401);
  }

  @Test
  void corsAllowsOnlyTheUisOrigin() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> own =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/openapi.json"))
                .header("Origin", server.url())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.headers().firstValue("Access-Control-Allow-Origin")).contains(server.url());
    HttpResponse<String> foreign =
        http.send(
            HttpRequest.newBuilder(URI.create(server.url() + "/api/openapi.json"))
                .header("Origin", "http://evil.example")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  @Test
  void thePaletteGroupsComponentsWithTheirParameterSchema() throws Exception {
    JsonNode groups = api.get("/api/palette").json().get("groups");
    List<String> names = new ArrayList<>();
    groups.forEach(g -> names.add(g.get("name").asText()));
    assertThat(names).contains("sources", "base", "custom", "sinks");
    JsonNode coVisit = component(groups, "co-visit");
    assertThat(coVisit.get("nodeType").asText()).isEqualTo("CustomNode");
    assertThat(coVisit.get("icon").asText()).isEqualTo("co-visit");
    assertThat(coVisit.get("docs").asText()).isNotBlank();
    List<String> params = new ArrayList<>();
    coVisit.get("parameters").forEach(p -> params.add(p.get("name").asText()));
    assertThat(params).contains("userKey", "item", "window");
    JsonNode window = parameter(coVisit, "window");
    assertThat(window.at("/editor/type").asText()).isEqualTo("duration");
    assertThat(component(groups, "filter").get("nodeType").asText()).isEqualTo("Filter");
    assertThat(component(groups, "kafka").get("kind").asText()).isIn("source", "sink");
  }

  @Test
  void scenariosAreVersionedComparedAndArchived() throws Exception {
    ApiClient.Answer created =
        api.post("/api/scenarios", Map.of("name", "versions-test", "description", "d"));
    assertThat(created.status()).as(created.toString()).isEqualTo(200);
    assertThat(created.json().get("version").asInt()).isEqualTo(1);
    assertThat(api.post("/api/scenarios", Map.of("name", "versions-test")).status()).isEqualTo(409);
    assertThat(api.post("/api/scenarios", Map.of("name", "bad name!")).status()).isEqualTo(400);

    ObjectNode covisit = covisitAs("versions-test");
    ApiClient.Answer v2 =
        api.put(
            "/api/scenarios/versions-test",
            Map.of("baseVersion", 1, "comment", "the recommender", "scenario", covisit));
    assertThat(v2.status()).as(v2.toString()).isEqualTo(200);
    assertThat(v2.json().get("version").asInt()).isEqualTo(2);

    // a save based on a stale version is a conflict, and loses nothing
    ApiClient.Answer stale =
        api.put(
            "/api/scenarios/versions-test",
            Map.of("baseVersion", 1, "comment", "stale", "scenario", covisit));
    assertThat(stale.status()).isEqualTo(409);
    assertThat(stale.json().get("error").asText()).contains("version 2").contains("reload");

    // moving a node is not a difference; changing a parameter is
    ObjectNode moved = covisit.deepCopy();
    ((ObjectNode) moved.at("/nodes/1/additionalFields/layoutData")).put("x", 400);
    assertThat(
            api.put(
                    "/api/scenarios/versions-test",
                    Map.of("baseVersion", 2, "comment", "moved", "scenario", moved))
                .status())
        .isEqualTo(200);
    ObjectNode changed = moved.deepCopy();
    ((ObjectNode) changed.at("/nodes/1/parameters/2/expression")).put("expression", "'PT20M'");
    assertThat(
            api.put(
                    "/api/scenarios/versions-test",
                    Map.of("baseVersion", 3, "comment", "longer window", "scenario", changed))
                .status())
        .isEqualTo(200);
    JsonNode moveOnly = api.get("/api/scenarios/versions-test/compare?from=2&to=3").json();
    assertThat(moveOnly.get("identical").asBoolean()).isTrue();
    assertThat(moveOnly.get("changed")).isEmpty();
    JsonNode paramChange = api.get("/api/scenarios/versions-test/compare?from=3&to=4").json();
    assertThat(paramChange.get("identical").asBoolean()).isFalse();
    assertThat(paramChange.get("changed").toString()).isEqualTo("[\"co-visits\"]");
    JsonNode fromEmpty = api.get("/api/scenarios/versions-test/compare?from=1&to=2").json();
    assertThat(fromEmpty.get("added")).hasSize(3);

    JsonNode history = api.get("/api/scenarios/versions-test/history").json();
    assertThat(history).hasSize(4);
    assertThat(history.get(0).get("comment").asText()).isEqualTo("longer window");
    assertThat(history.get(0).get("author").asText()).isEqualTo("analyst");

    assertThat(
            api.get("/api/scenarios/versions-test?version=2")
                .json()
                .at("/scenario/nodes/1/parameters/2/expression/expression")
                .asText())
        .isEqualTo("'PT10M'");
    assertThat(api.get("/api/scenarios/versions-test").json().get("version").asInt()).isEqualTo(4);
    assertThat(api.get("/api/scenarios/versions-test?version=9").status()).isEqualTo(404);
    assertThat(api.get("/api/scenarios/nothing-here").status()).isEqualTo(404);

    assertThat(api.post("/api/scenarios/versions-test/archive", "").status()).isEqualTo(200);
    assertThat(api.get("/api/scenarios").body()).doesNotContain("versions-test");
    assertThat(api.get("/api/scenarios?archived=true").body()).contains("versions-test");
    assertThat(
            api.put(
                    "/api/scenarios/versions-test",
                    Map.of("baseVersion", 4, "comment", "x", "scenario", changed))
                .status())
        .isEqualTo(409);
    assertThat(api.post("/api/scenarios/versions-test/unarchive", "").status()).isEqualTo(200);
    assertThat(api.get("/api/scenarios").body()).contains("versions-test");
  }

  @Test
  void badInputGetsAClearError() throws Exception {
    ApiClient.Answer notJson = api.post("/api/validate", "{\"metaData\": ");
    assertThat(notJson.status()).isEqualTo(400);
    assertThat(notJson.json().get("error").asText()).contains("not valid JSON");
    ApiClient.Answer notScenario = api.post("/api/validate", "{\"nodes\": []}");
    assertThat(notScenario.status()).isEqualTo(400);
    assertThat(notScenario.json().get("error").asText()).contains("metaData");
    ApiClient.Answer misnamed =
        api.put(
            "/api/scenarios/other",
            Map.of("baseVersion", 1, "comment", "x", "scenario", covisitAs("datasqrl-covisit")));
    assertThat(misnamed.status()).isEqualTo(400);
    ApiClient.Answer noBase =
        api.put("/api/scenarios/other", Map.of("comment", "x", "scenario", covisitAs("other")));
    assertThat(noBase.json().get("error").asText()).contains("baseVersion");
    assertThat(api.get("/api/no-such-route").status()).isEqualTo(404);
    assertThat(api.post("/api/palette", "{}").status()).isEqualTo(405);
  }

  @Test
  void anOversizedBodyIsRefused() throws Exception {
    String big = "{\"x\": \"" + "a".repeat(1024 * 1024 + 10) + "\"}";
    ApiClient.Answer a = api.post("/api/validate", big);
    assertThat(a.status()).isEqualTo(413);
    assertThat(a.json().get("error").asText()).contains("limit of 1048576 bytes");
  }

  @Test
  void validationReportsErrorsPerNodeAndParameterAndVariablesPerNode() throws Exception {
    JsonNode ok = api.post("/api/validate", covisitAs("datasqrl-covisit")).json();
    assertThat(ok.get("valid").asBoolean()).as(ok.toString()).isTrue();
    assertThat(ok.at("/variables/co-visits/input/type").asText()).isNotBlank();
    assertThat(ok.at("/variables/recommendations/covisit/fields").has("recommendation")).isTrue();

    ObjectNode unknown = covisitAs("datasqrl-covisit");
    ((ObjectNode) unknown.at("/nodes/1")).put("nodeType", "no-such-thing");
    JsonNode bad = api.post("/api/validate", unknown).json();
    assertThat(bad.get("valid").asBoolean()).isFalse();
    assertThat(bad.at("/errors/0/nodeId").asText()).isEqualTo("co-visits");
    assertThat(bad.at("/errors/0/message").asText()).contains("unknown component `no-such-thing`");

    ObjectNode badParam = covisitAs("datasqrl-covisit");
    ((ObjectNode) badParam.at("/nodes/1/parameters/0/expression")).put("expression", "#nope.x");
    JsonNode e = api.post("/api/validate", badParam).json();
    assertThat(e.at("/errors/0/nodeId").asText()).isEqualTo("co-visits");
    assertThat(e.at("/errors/0/parameter").asText()).isEqualTo("userKey");
  }

  @Test
  void theNussknackerSampleImportsAndExportsUnchanged() throws Exception {
    String sample = Files.readString(NU_SAMPLE);
    ApiClient.Answer imported = api.post("/api/scenarios/import?comment=from+Nu", sample);
    assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
    String name = imported.json().get("name").asText();
    ApiClient.Answer exported = api.get("/api/scenarios/" + name + "/export");
    assertThat(exported.status()).isEqualTo(200);
    assertThat(exported.json()).isEqualTo(ApiClient.MAPPER.readTree(sample));
    assertThat(api.get("/api/scenarios/" + name + "/history").json().get(0).get("comment").asText())
        .isEqualTo("from Nu");
  }

  @Test
  void aTestRunShowsSinkOutputsAndCountsPerNode() throws Exception {
    String lines = clickstreamHead(200);
    ApiClient.Answer run =
        api.post(
            "/api/test-run",
            Map.of("scenario", covisitAs("datasqrl-covisit"), "inputs", Map.of("clicks", lines)));
    assertThat(run.status()).as(run.toString()).isEqualTo(200);
    JsonNode r = run.json();
    assertThat(r.at("/counts/clicks/out").asLong()).isEqualTo(200);
    assertThat(r.at("/counts/co-visits/in").asLong()).isEqualTo(200);
    assertThat(r.at("/sinkOutputs/recommendations")).isNotEmpty();
    assertThat(r.at("/sinkOutputs/recommendations/0").has("recommendation")).isTrue();
    // each node's first records with their variables: what left the source, what entered co-visits
    assertThat(r.at("/records/clicks")).hasSize(100);
    assertThat(r.at("/records/clicks/0/input").has("userid")).isTrue();
    assertThat(r.at("/records/co-visits")).hasSize(100);
    assertThat(r.at("/records/co-visits/0/input/url").asText()).startsWith("https://");

    ApiClient.Answer wrongSource =
        api.post(
            "/api/test-run",
            Map.of("scenario", covisitAs("datasqrl-covisit"), "inputs", Map.of("nope", lines)));
    assertThat(wrongSource.status()).isEqualTo(400);
    assertThat(wrongSource.json().get("error").asText()).contains("not a source node");
  }

  @Test
  void secretParametersAreStoredOnlyAsReferences() throws Exception {
    // the test plugin is found through the SPI like any component on the classpath
    JsonNode lookup = component(api.get("/api/palette").json().get("groups"), "test-lookup");
    assertThat(lookup.get("group").asText()).isEqualTo("enrichers");
    assertThat(parameter(lookup, "API key").at("/editor/type").asText()).isEqualTo("secret");

    ObjectNode withValue = withLookup("secret-test", "'hunter2'");
    ApiClient.Answer refused = api.post("/api/scenarios/import", withValue);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().get("error").asText())
        .contains("`API key` of node `lookup` is a secret")
        .doesNotContain("hunter2");
    assertThat(api.get("/api/scenarios/secret-test").status()).isEqualTo(404);

    ObjectNode withReference = withLookup("secret-test", "'${env:WALNUT_SECRET_LOOKUP_KEY}'");
    assertThat(api.post("/api/scenarios/import", withReference).status()).isEqualTo(200);
    assertThat(api.get("/api/scenarios/secret-test/export").body())
        .contains("${env:WALNUT_SECRET_LOOKUP_KEY}");
    ApiClient.Answer overwrite =
        api.put(
            "/api/scenarios/secret-test",
            Map.of("baseVersion", 1, "comment", "x", "scenario", withValue));
    assertThat(overwrite.status()).isEqualTo(400);

    // every form of the one SecretReference the components resolve is accepted (the designer
    // once refused `${sys:…}`, which the Shopify sink's docs recommend)
    for (String form :
        new String[] {"'${sys:walnut.secret.lookup.key}'", "'${file:/run/secrets/lookup}'"}) {
      assertThat(
              api.post("/api/scenarios/import", withLookup("secret-" + form.length(), form))
                  .status())
          .as(form)
          .isEqualTo(200);
    }
  }

  @Test
  void validationGivesEachNodesDynamicParametersInThePalettesSchema() throws Exception {
    JsonNode r = api.post("/api/validate", withFields("dynamic-test", "'a, b'", "a")).json();

    assertThat(r.get("valid").asBoolean()).isFalse();
    JsonNode fields = r.at("/dynamicParameters/fields");
    assertThat(fields).hasSize(2);
    assertThat(fields.at("/0/name").asText()).isEqualTo("a");
    assertThat(fields.at("/1/name").asText()).isEqualTo("b");
    assertThat(fields.at("/1/type").asText()).isEqualTo("Long");
    assertThat(fields.at("/1/evaluation").asText()).isEqualTo("per-record");
    assertThat(fields.at("/1/editor/type").asText()).isEqualTo("expression");
    assertThat(fields.at("/1/docs").asText()).isEqualTo("Field `b`.");
    assertThat(r.at("/errors/0/nodeId").asText()).isEqualTo("fields");
    assertThat(r.at("/errors/0/parameter").asText()).isEqualTo("b");
    assertThat(r.at("/errors/0/message").asText()).isEqualTo("parameter `b` is mandatory");

    JsonNode wrong = api.post("/api/validate", withFields("dynamic-test", "'a!'", "a")).json();
    assertThat(wrong.at("/dynamicParameters").has("fields")).isFalse();
    assertThat(wrong.at("/errors/0/parameter").asText()).isEqualTo("Fields");
    assertThat(wrong.at("/errors/0/message").asText())
        .isEqualTo("field names cannot contain `!`, got `a!`");
  }

  /** The co-visit scenario with a `test-fields` enricher giving {@code given} as `1`. */
  static ObjectNode withFields(String name, String fields, String... given) throws Exception {
    ObjectNode s = covisitAs(name);
    ObjectNode node = ApiClient.MAPPER.createObjectNode();
    node.put("id", "fields");
    ObjectNode service = node.putObject("service");
    service.put("id", "test-fields");
    var params = service.putArray("parameters");
    ObjectNode f = params.addObject();
    f.put("name", "Fields");
    f.putObject("expression").put("language", "spel").put("expression", fields);
    for (String g : given) {
      ObjectNode p = params.addObject();
      p.put("name", g);
      p.putObject("expression").put("language", "spel").put("expression", "1");
    }
    node.put("output", "withFields");
    node.put("type", "Enricher");
    ((com.fasterxml.jackson.databind.node.ArrayNode) s.get("nodes")).insert(1, node);
    return s;
  }

  static ObjectNode withLookup(String name, String apiKey) throws Exception {
    ObjectNode s = covisitAs(name);
    ObjectNode lookup = ApiClient.MAPPER.createObjectNode();
    lookup.put("id", "lookup");
    ObjectNode service = lookup.putObject("service");
    service.put("id", "test-lookup");
    ObjectNode key = service.putArray("parameters").addObject();
    key.put("name", "API key");
    key.putObject("expression").put("language", "spel").put("expression", apiKey);
    lookup.put("output", "looked");
    lookup.put("type", "Enricher");
    ((com.fasterxml.jackson.databind.node.ArrayNode) s.get("nodes")).insert(1, lookup);
    return s;
  }

  static String clickstreamHead(int n) throws Exception {
    try (var in = new GZIPInputStream(Files.newInputStream(CLICKSTREAM));
        var reader = new java.io.BufferedReader(new java.io.InputStreamReader(in))) {
      return String.join("\n", reader.lines().limit(n).toList()) + "\n";
    }
  }

  static ObjectNode covisitAs(String name) throws Exception {
    ObjectNode tree = (ObjectNode) ApiClient.MAPPER.readTree(Files.readString(COVISIT));
    ((ObjectNode) tree.get("metaData")).put("id", name);
    return tree;
  }

  static JsonNode component(JsonNode groups, String id) {
    for (JsonNode g : groups) {
      for (JsonNode c : g.get("components")) {
        if (c.get("id").asText().equals(id)) {
          return c;
        }
      }
    }
    throw new AssertionError("no component " + id + " in the palette");
  }

  static JsonNode parameter(JsonNode component, String name) {
    for (JsonNode p : component.get("parameters")) {
      if (p.get("name").asText().equals(name)) {
        return p;
      }
    }
    throw new AssertionError("no parameter " + name);
  }
}
