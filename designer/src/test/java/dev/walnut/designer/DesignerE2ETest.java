package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The designer in a real browser: headless Chromium driven by playwright-core (ui/e2e), against a
 * real server, H2 database, Flink MiniCluster and Kafka broker. Screenshots of every step land in
 * target/e2e-screenshots.
 */
class DesignerE2ETest {
  static final Path MODULE = Path.of("").toAbsolutePath();
  static final Path SHOTS = MODULE.resolve("target/e2e-screenshots");

  @TempDir Path dir;

  @Test
  void anAnalystBuildsTestsDeploysAndExportsScenariosInTheBrowser() throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("WALNUT_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as(
            "no Chromium at %s: install Debian's chromium (run scripts/setup.sh) or set WALNUT_CHROMIUM",
            chromium)
        .isTrue();
    assertThat(MODULE.resolve("ui/node_modules/playwright-core"))
        .as("playwright-core is not installed: run `npm ci` in designer/ui (scripts/setup.sh)")
        .isDirectory();
    assertThat(getClass().getClassLoader().getResource("designer-ui/index.html"))
        .as(
            "the web UI is not built: run `mvn -f designer/pom.xml verify` without -Dwalnut.ui.skip")
        .isNotNull();

    Path clicks = dir.resolve("clickstream-500.jsonl");
    String lines = DesignerApiTest.clickstreamHead(500);
    Files.writeString(clicks, lines);
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("clickstream", 1);
      kafka.createTopic("recommendations", 1);
      KafkaRecords.of(kafka).produce("clickstream", lines.lines().toList());
      try (DesignerServer server =
          DesignerServer.start(
              TestServers.config(
                  dir,
                  8 * 1024 * 1024,
                  Map.of("kafka.bootstrap.servers", kafka.bootstrapServers())))) {
        Path log = MODULE.resolve("target/e2e.log");
        Files.createDirectories(SHOTS);
        ProcessBuilder pb =
            new ProcessBuilder("node", "e2e/designer-e2e.mjs")
                .directory(MODULE.resolve("ui").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("WALNUT_URL", server.url());
        pb.environment().put("WALNUT_USER", "analyst");
        pb.environment().put("WALNUT_PASSWORD", TestServers.PASSWORD);
        pb.environment().put("WALNUT_CHROMIUM", chromium.toString());
        pb.environment().put("WALNUT_SHOTS", SHOTS.toString());
        pb.environment().put("WALNUT_CLICKS", clicks.toString());
        pb.environment().put("WALNUT_NU_SAMPLE", DesignerApiTest.NU_SAMPLE.toString());
        Process node = pb.start();
        node.getOutputStream().close();
        boolean done = node.waitFor(8, TimeUnit.MINUTES);
        if (!done) {
          node.destroyForcibly();
        }
        assertThat(done).as("the browser flow did not finish in 8 minutes; see %s", log).isTrue();
        assertThat(node.exitValue())
            .as("the browser flow failed:\n%s", Files.readString(log))
            .isZero();

        // what the analyst built is the reference scenario
        ApiClient api = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
        JsonNode built = api.get("/api/scenarios/datasqrl-covisit").json();
        assertThat(built.get("version").asInt()).isEqualTo(2);
        JsonNode nodes = built.at("/scenario/nodes");
        assertThat(nodes).hasSize(3);
        assertThat(nodes.at("/1/nodeType").asText()).isEqualTo("co-visit");
        assertThat(nodes.at("/1/outputVar").asText()).isEqualTo("covisit");
        assertThat(nodes.at("/2/ref/typ").asText()).isEqualTo("kafka");
        assertThat(api.post("/api/validate", built.get("scenario")).json().get("valid").asBoolean())
            .isTrue();

        // the join's branch parameters follow the branches (one renamed); the switch lost a case
        JsonNode union = api.get("/api/scenarios/union-switch").json();
        assertThat(union.get("version").asInt()).isEqualTo(2);
        assertThat(api.post("/api/validate", union.get("scenario")).json().get("valid").asBoolean())
            .isTrue();
        JsonNode join = node(union.get("scenario"), "both");
        assertThat(join.get("branchParameters").findValuesAsText("branchId"))
            .containsExactlyInAnyOrder("views", "purchases");
        JsonNode route = node(union.get("scenario"), "route");
        assertThat(route.get("exprVal").asText()).isEqualTo("page");
        assertThat(route.at("/expression/expression").asText()).isEqualTo("#merged");
        assertThat(route.get("nexts")).hasSize(1);
        assertThat(route.at("/nexts/0/expression/expression").asText()).isEqualTo("#page != null");
        assertThat(route.at("/nexts/0/nodes/0/id").asText()).isEqualTo("out");
      }
    }
    assertThat(SHOTS.resolve("result.txt")).exists();
  }

  /** A node anywhere in a scenario's branches, by id. */
  private static JsonNode node(JsonNode scenario, String id) {
    List<JsonNode> found = scenario.findParents("id");
    return found.stream()
        .filter(n -> n.get("id").asText().equals(id) && n.has("type"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no node `" + id + "` in " + scenario));
  }
}
