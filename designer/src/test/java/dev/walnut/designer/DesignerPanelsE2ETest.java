package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The designer's panels in headless Chromium at 1366 × 768 ({@code ui/e2e/designer-panels-e2e.mjs},
 * playwright-core): toolbar and auto-layout, the string editor, messages, the test panel beside the
 * node form, a disabled node passed through in a test run, scenario properties used by validation,
 * the deployment state and the live view of a collect sink receiving the deployed job's records.
 * With {@code -Dwalnut.docShots} the README's screenshots are refreshed in {@code docs/}.
 */
class DesignerPanelsE2ETest {
  static final Path MODULE = Path.of("").toAbsolutePath();

  /** clicks (kafka) → a filter no click passes → a collect sink. */
  static final String SCENARIO =
      """
      {"metaData": {"id": "panels", "additionalFields": {"description": null,
         "properties": {"parallelism": "1"}, "metaDataType": "StreamMetaData"}},
       "nodes": [
        {"id": "clicks", "ref": {"typ": "kafka", "parameters": [
           {"name": "Topic", "expression": {"language": "spel", "expression": "'clickstream'"}},
           {"name": "Timestamp field", "expression": {"language": "spel", "expression": "'event_time'"}}]},
         "additionalFields": {"description": null, "layoutData": {"x": 0, "y": 0}}, "type": "Source"},
        {"nextFalse": [], "id": "no-url", "expression": {"language": "spel", "expression": "#input.url == 'never'"},
         "isDisabled": null, "additionalFields": {"description": null, "layoutData": {"x": 0, "y": 150}},
         "type": "Filter"},
        {"id": "seen", "ref": {"typ": "collect", "parameters": [
           {"name": "Value", "expression": {"language": "spel", "expression": "{url: #input.url, user: #input.userid}"}}]},
         "endResult": null, "isDisabled": null,
         "additionalFields": {"description": null, "layoutData": {"x": 0, "y": 300}}, "type": "Sink"}],
       "additionalBranches": []}
      """;

  @TempDir Path dir;

  @Test
  void panelsWorkInTheBrowserAt1366PixelsWide() throws Exception {
    Path chromium = Path.of(System.getenv().getOrDefault("WALNUT_CHROMIUM", "/usr/bin/chromium"));
    assertThat(Files.isExecutable(chromium))
        .as("no Chromium at %s: install Debian's chromium (scripts/setup.sh)", chromium)
        .isTrue();
    assertThat(getClass().getClassLoader().getResource("designer-ui/index.html"))
        .as("the web UI is not built: run the build without -Dwalnut.ui.skip")
        .isNotNull();
    Path clicks = dir.resolve("clickstream-500.jsonl");
    String lines = DesignerApiTest.clickstreamHead(500);
    Files.writeString(clicks, lines);
    Path scenario = dir.resolve("panels.json");
    Files.writeString(scenario, SCENARIO);
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("clickstream", 1);
      KafkaRecords.of(kafka).produce("clickstream", lines.lines().toList());
      try (DesignerServer server =
          DesignerServer.start(
              TestServers.config(
                  dir,
                  8 * 1024 * 1024,
                  Map.of("kafka.bootstrap.servers", kafka.bootstrapServers())))) {
        Path shots = MODULE.resolve("target/e2e-screenshots");
        Path log = MODULE.resolve("target/e2e-panels.log");
        Files.createDirectories(shots);
        ProcessBuilder pb =
            new ProcessBuilder("node", "e2e/designer-panels-e2e.mjs")
                .directory(MODULE.resolve("ui").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("WALNUT_URL", server.url());
        pb.environment().put("WALNUT_USER", "analyst");
        pb.environment().put("WALNUT_PASSWORD", TestServers.PASSWORD);
        pb.environment().put("WALNUT_CHROMIUM", chromium.toString());
        pb.environment().put("WALNUT_SHOTS", shots.toString());
        pb.environment().put("WALNUT_CLICKS", clicks.toString());
        pb.environment().put("WALNUT_PANELS_SCENARIO", scenario.toString());
        if (Boolean.getBoolean("walnut.docShots")) {
          pb.environment().put("WALNUT_DOC_SHOTS", MODULE.resolve("docs").toString());
        }
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

        // what the analyst saved: the filter disabled, the properties set
        ApiClient api = new ApiClient(server.url()).login("analyst", TestServers.PASSWORD);
        JsonNode saved = api.get("/api/scenarios/panels").json();
        assertThat(saved.get("version").asInt()).isEqualTo(2);
        JsonNode filter = saved.at("/scenario/nodes/1");
        assertThat(filter.get("id").asText()).isEqualTo("no-url");
        assertThat(filter.get("isDisabled").asBoolean()).isTrue();
        assertThat(saved.at("/scenario/nodes/0/ref/parameters/0/expression/expression").asText())
            .isEqualTo("'clickstream'");
        JsonNode properties = saved.at("/scenario/metaData/additionalFields/properties");
        assertThat(properties.get("parallelism").asText()).isEqualTo("1");
        assertThat(properties.get("kafka.client.id").asText()).isEqualTo("walnut-e2e");

        // the saved version test-runs through the API with the filter passed through
        ObjectNode run = ApiClient.MAPPER.createObjectNode();
        run.set("scenario", saved.get("scenario"));
        run.putObject("inputs").put("clicks", DesignerApiTest.clickstreamHead(20));
        JsonNode result = api.post("/api/test-run", run).json();
        assertThat(result.at("/sinkOutputs/seen")).hasSize(20);
        assertThat(result.at("/counts/no-url/out").asInt()).isEqualTo(20);
      }
    }
  }
}
