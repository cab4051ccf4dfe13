package dev.walnut.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.embedded.postgres.EmbeddedPostgres;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.testkit.scenario.DeployedScenario;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * DataSQRL's {@code Recommendation(url, limit)} end to end: its real clickstream through Kafka, the
 * shipped co-visit scenario with a {@code table} sink in place of its Kafka sink, a real
 * PostgreSQL, and the API with read-only credentials; for every url the answer equals an
 * independent computation of DataSQRL's SQL.
 */
class DatasqrlRecommendationEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration TIMEOUT = Duration.ofMinutes(5);
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final int PARTITIONS = 2;

  record Click(String userid, String url, Instant time) {}

  @Test
  void everyUrlAnswersAsDatasqrlsQueryDefinesIt() throws Exception {
    List<Click> clicks = read(shared("data/datasqrl-clickstream/clickstream.json.gz"));
    assertThat(clicks).hasSize(19_855);
    Map<String, Map<String, Long>> expected = frequencies(clicks);

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().build().start()) {
      kafka.start();
      kafka.createTopic("clickstream", PARTITIONS);
      postgres.createReadOnlyRole("walnut_api", "api-secret");
      System.setProperty("walnut.secret.e2e-pg-password", postgres.superuserPassword());

      List<String> records = new ArrayList<>();
      Instant last = Instant.EPOCH;
      for (Click c : clicks) {
        records.add(json(c));
        last = c.time().isAfter(last) ? c.time() : last;
      }
      // co-visit counts a click once the watermark passes it: a click an hour after the last on
      // every partition moves the watermark past all of them (and pairs with nothing)
      for (String user : oneUserPerPartition()) {
        records.add(json(new Click(user, "flush", last.plus(Duration.ofHours(1)))));
      }
      KafkaRecords.of(kafka).produce("clickstream", records.stream(), r -> field(r, "userid"));

      Map<String, String> properties =
          Map.of(
              "kafka.bootstrap.servers",
              kafka.bootstrapServers(),
              "table.jdbc.url",
              postgres.jdbcUrl(),
              "table.jdbc.user",
              "${sys:walnut.secret.e2e-pg-user}",
              "table.jdbc.password",
              "${sys:walnut.secret.e2e-pg-password}");
      System.setProperty("walnut.secret.e2e-pg-user", EmbeddedPostgres.SUPERUSER);
      long pairs = expected.values().stream().mapToLong(Map::size).sum();
      long total =
          expected.values().stream().flatMap(m -> m.values().stream()).mapToLong(l -> l).sum();
      try (DeployedScenario job =
          DeployedScenario.deploy(ScenarioJson.fromTree(scenarioWithTable()), properties)) {
        await()
            .atMost(TIMEOUT)
            .pollInterval(Duration.ofSeconds(1))
            .ignoreExceptions()
            .untilAsserted(
                () ->
                    assertThat(countAndSum(postgres))
                        .as("job %s", job.status())
                        .isEqualTo(pairs + " " + total));
      }

      try (ServingServer server =
          ServingServer.builder()
              .port(0)
              .database(postgres.jdbcUrl(), "walnut_api", "api-secret")
              .rateLimit(1_000_000, 1_000_000)
              .build()
              .start()) {
        HttpClient http = HttpClient.newHttpClient();
        int checked = 0;
        for (Map.Entry<String, Map<String, Long>> e : new TreeMap<>(expected).entrySet()) {
          String url = e.getKey();
          List<String> want =
              e.getValue().entrySet().stream()
                  .sorted(
                      Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                          .thenComparing(Map.Entry.comparingByKey()))
                  .limit(RecommendationTables.MAX_LIMIT)
                  .map(r -> r.getKey() + "=" + r.getValue())
                  .toList();
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              server.baseUrl()
                                  + "/api/recommendation?limit=100&url="
                                  + URLEncoder.encode(url, StandardCharsets.UTF_8)))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(url).isEqualTo(200);
          List<String> got = new ArrayList<>();
          for (JsonNode n : JSON.readTree(r.body())) {
            assertThat(n.get("url").asText()).isEqualTo(url);
            got.add(n.get("recommendation").asText() + "=" + n.get("frequency").asLong());
          }
          assertThat(got).as(url).isEqualTo(want);
          checked++;
        }
        assertThat(checked).isEqualTo(expected.size()).isGreaterThan(1_000);
      }
    }
  }

  /** The shipped scenario, its Kafka sink replaced by a {@code table} sink. */
  private static JsonNode scenarioWithTable() throws Exception {
    ObjectNode tree = (ObjectNode) JSON.readTree(shippedScenario().toFile());
    ArrayNode nodes = (ArrayNode) tree.get("nodes");
    ObjectNode sink = (ObjectNode) nodes.get(nodes.size() - 1);
    assertThat(sink.get("id").asText()).isEqualTo("recommendations");
    ObjectNode ref = JSON.createObjectNode().put("typ", "table");
    ArrayNode params = ref.putArray("parameters");
    Map<String, String> values = new LinkedHashMap<>();
    values.put("Table", "'recommendations'");
    values.put("Key", "{'url', 'recommendation'}");
    values.put(
        "Columns",
        "{url: #covisit.item, recommendation: #covisit.recommendation, frequency:"
            + " #covisit.frequency}");
    values.put("Column types", "{url: 'text', recommendation: 'text', frequency: 'bigint'}");
    values.put("Batch size", "1000");
    values.put("Flush interval", "'PT0.5S'");
    values.forEach(
        (name, expression) ->
            params
                .addObject()
                .put("name", name)
                .putObject("expression")
                .put("language", "spel")
                .put("expression", expression));
    sink.set("ref", ref);
    return tree;
  }

  private static String countAndSum(EmbeddedPostgres postgres) throws Exception {
    try (Connection c = postgres.superuserConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*), sum(frequency) FROM recommendations")) {
      r.next();
      return r.getLong(1) + " " + r.getLong(2);
    }
  }

  /**
   * DataSQRL's query, from its definition: per user, every pair of clicks (b, a) with {@code b.t <
   * a.t} and {@code b.t >= a.t - 10 min} counts once for {@code (b.url, a.url)}.
   */
  private static Map<String, Map<String, Long>> frequencies(List<Click> clicks) {
    Map<String, List<Click>> byUser = new HashMap<>();
    clicks.forEach(c -> byUser.computeIfAbsent(c.userid(), u -> new ArrayList<>()).add(c));
    Map<String, Map<String, Long>> out = new HashMap<>();
    for (List<Click> user : byUser.values()) {
      for (Click a : user) {
        for (Click b : user) {
          if (b.time().isBefore(a.time()) && !b.time().isBefore(a.time().minus(WINDOW))) {
            out.computeIfAbsent(b.url(), u -> new HashMap<>()).merge(a.url(), 1L, Long::sum);
          }
        }
      }
    }
    return out;
  }

  private static List<Click> read(Path gz) throws Exception {
    List<Click> out = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (!line.isBlank()) {
          JsonNode n = JSON.readTree(line);
          out.add(
              new Click(
                  n.get("userid").asText(),
                  n.get("url").asText(),
                  Instant.parse(n.get("event_time").asText())));
        }
      }
    }
    return out;
  }

  private static String json(Click c) throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("userid", c.userid());
    m.put("url", c.url());
    m.put("event_time", c.time().toString());
    return JSON.writeValueAsString(m);
  }

  private static String field(String json, String name) {
    try {
      return JSON.readTree(json).get(name).asText();
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  /** Users whose records the default partitioner puts on partitions 0, 1, … */
  private static List<String> oneUserPerPartition() {
    Map<Integer, String> byPartition = new LinkedHashMap<>();
    for (int i = 0; byPartition.size() < PARTITIONS; i++) {
      String user = "flush-" + i;
      byPartition.putIfAbsent(
          Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % PARTITIONS,
          user);
    }
    return List.copyOf(byPartition.values());
  }

  private static Path repoRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("scenarios").resolve("pom.xml"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new AssertionError(
          "cannot find the repository root above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  private static Path shippedScenario() {
    return repoRoot().resolve("scenarios").resolve("datasqrl-covisit.json");
  }

  private static Path shared(String relative) {
    Path p = repoRoot().resolve("..").resolve("shared").resolve(relative).normalize();
    if (!Files.isRegularFile(p)) {
      throw new AssertionError("../shared/" + relative + " is missing: expected " + p);
    }
    return p;
  }
}
