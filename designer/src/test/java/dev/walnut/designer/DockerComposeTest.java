package dev.walnut.designer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production recipe publishes no unauthenticated control plane, and a remote browser can use
 * the designer (its origin is configured), both read from the file itself.
 */
class DockerComposeTest {
  private static final Path COMPOSE = DesignerApiTest.ROOT.resolve("docker-compose.yml");
  private static final Pattern SERVICE = Pattern.compile("^  ([a-z][a-z0-9-]*):\\s*$");
  private static final Pattern PORTS = Pattern.compile("^\\s+ports:\\s*\\[(.*)]\\s*$");

  /** service → its published port mappings, as written. */
  private static Map<String, List<String>> publishedPorts() throws Exception {
    Map<String, List<String>> out = new LinkedHashMap<>();
    String service = null;
    for (String line : Files.readAllLines(COMPOSE)) {
      Matcher s = SERVICE.matcher(line);
      if (s.matches()) {
        service = s.group(1);
        continue;
      }
      Matcher p = PORTS.matcher(line);
      if (p.matches() && service != null) {
        out.put(
            service,
            List.of(p.group(1).replace("\"", "").split("\\s*,\\s*")).stream()
                .map(String::trim)
                .toList());
      }
    }
    return out;
  }

  @Test
  void onlyTheCollectorAndTheDesignerArePublishedBeyondLoopback() throws Exception {
    Map<String, List<String>> ports = publishedPorts();

    assertThat(ports).doesNotContainKey("kafka");
    assertThat(ports.get("jobmanager")).containsExactly("127.0.0.1:8081:8081");
    assertThat(ports.get("mlflow")).containsExactly("127.0.0.1:5000:5000");
    ports.forEach(
        (service, mappings) -> {
          if (!service.equals("collector") && !service.equals("designer")) {
            assertThat(mappings).as(service).allMatch(m -> m.startsWith("127.0.0.1:"));
          }
        });
  }

  @Test
  void theDesignerAllowsTheOriginARemoteBrowserUses(@TempDir Path dir) throws Exception {
    String compose = Files.readString(COMPOSE);
    assertThat(compose)
        .contains("\"--allow-origin\", \"${WALNUT_DESIGNER_ORIGIN:?")
        .contains("\"designer\", \"--host\", \"0.0.0.0\"");

    DesignerConfig base = TestServers.config(dir, 1024 * 1024, Map.of());
    DesignerConfig remote =
        new DesignerConfig(
            base.host(),
            base.port(),
            base.jdbcUrl(),
            base.dbUser(),
            base.dbPassword(),
            base.user(),
            base.password(),
            List.of("https://designer.example.com"),
            base.maxBodyBytes(),
            base.flinkRestPort(),
            base.flinkSlots(),
            base.scenarioProperties(),
            null,
            null);
    try (DesignerServer server = DesignerServer.start(remote)) {
      HttpResponse<String> login =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.url() + "/api/login"))
                      .header("Origin", "https://designer.example.com")
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"user\":\"analyst\",\"password\":\""
                                  + TestServers.PASSWORD
                                  + "\"}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(login.statusCode()).isEqualTo(200);
      assertThat(login.headers().firstValue("Access-Control-Allow-Origin"))
          .hasValue("https://designer.example.com");
    }
    assertThatThrownBy(
            () ->
                new DesignerConfig(
                    "127.0.0.1",
                    0,
                    "jdbc:h2:mem:x",
                    "sa",
                    "",
                    "a",
                    "p",
                    List.of("https://designer.example.com/"),
                    1,
                    0,
                    1,
                    Map.of(),
                    null,
                    null))
        .hasMessage(
            "an allowed origin is a scheme and host with an optional port, like"
                + " https://designer.example.com, got `https://designer.example.com/`");
  }
}
