package dev.walnut.components.table;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.embedded.postgres.EmbeddedPostgres;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import dev.walnut.testkit.scenario.SharedFlinkCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code table} sink deployed on a real local Flink cluster, reading a real Kafka broker and
 * writing a real PostgreSQL server.
 */
class TableSinkTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final String WRITER = "walnut_writer";
  private static final String WRITER_PASSWORD = "writer-secret";

  private static EmbeddedKafka kafka;
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws SQLException {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    postgres = EmbeddedPostgres.builder().build().start();
    try (Connection c = postgres.superuserConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE ROLE " + WRITER + " LOGIN PASSWORD '" + WRITER_PASSWORD + "'");
      s.execute("GRANT CREATE, USAGE ON SCHEMA public TO " + WRITER);
    }
    // the credentials travel as references, resolved where the job runs (this JVM)
    System.setProperty("walnut.secret.pg-user", WRITER);
    System.setProperty("walnut.secret.pg-password", WRITER_PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (postgres != null) {
      postgres.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Scenario scenario(String id, String topic, String table) {
    return ScenarioBuilder.id(id)
        .parallelism(2)
        .property("checkpointInterval", "PT1S")
        .source(
            "events", "kafka", param("Topic", "'" + topic + "'"), param("Start from", "'earliest'"))
        .sink(
            "table",
            "table",
            param("Table", "'" + table + "'"),
            param("Key", "{'shopper'}"),
            param(
                "Columns",
                "{shopper: #input.shopper, seq: #input.seq, products: #input.products,"
                    + " score: 0.5, active: true, source: 'kafka'}"),
            param("Column types", "{shopper: 'text', seq: 'bigint', products: 'jsonb'}"),
            param("User", "'${sys:walnut.secret.pg-user}'"),
            param("Password", "'${sys:walnut.secret.pg-password}'"),
            param("Batch size", "50"),
            param("Flush interval", "'PT0.2S'"),
            param("Max retries", "0"));
  }

  private static Map<String, String> properties() {
    return Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "table.jdbc.url", postgres.jdbcUrl());
  }

  private static String event(String shopper, long seq) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("shopper", shopper);
    m.put("seq", seq);
    m.put("products", List.of("p" + seq, "p" + (seq + 1)));
    return JsonValues.write(m);
  }

  @Test
  void aTestRunShowsTheRowWithoutADatabase() {
    var result =
        ScenarioTestRun.of(scenario("table-test-run", "unused", "never_written"))
            .input("events", Map.of("shopper", "s1", "seq", 3, "products", List.of("a", "b")))
            .run();
    assertThat(result.records("table"))
        .containsExactly(
            Map.of(
                "table",
                "never_written",
                "row",
                new LinkedHashMap<>(
                    Map.of(
                        "shopper", "s1",
                        "seq", "3",
                        "products", "[\"a\",\"b\"]",
                        "score", "0.5",
                        "active", "true",
                        "source", "kafka"))));
  }

  @Test
  void createsTheTableAndUpsertsTheLatestRowPerKey() throws Exception {
    kafka.createTopic("upserts", 2);
    List<String> events = new ArrayList<>();
    for (long seq = 1; seq <= 40; seq++) {
      events.add(event("s" + (seq % 7), seq));
    }
    KafkaRecords.of(kafka).produce("upserts", events.stream(), TableSinkTest::shopperOf);
    try (DeployedScenario job =
        DeployedScenario.deploy(scenario("table-upserts", "upserts", "upserted"), properties())) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(rows("upserted"))
                      .as("job %s", job.status())
                      .isEqualTo(expected(events)));
    }
    assertThat(columnTypes("upserted"))
        .containsExactly(
            Map.entry("active", "boolean"),
            Map.entry("products", "jsonb"),
            Map.entry("score", "double precision"),
            Map.entry("seq", "bigint"),
            Map.entry("shopper", "text"),
            Map.entry("source", "text"));
  }

  @Test
  void addsMissingColumnsToAnExistingTable() throws Exception {
    try (Connection c = postgres.superuserConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE widened (shopper text PRIMARY KEY, seq bigint)");
      s.execute("ALTER TABLE widened OWNER TO " + WRITER);
      s.execute("INSERT INTO widened VALUES ('old', 1)");
    }
    kafka.createTopic("widen", 2);
    List<String> events = List.of(event("a", 1), event("b", 2));
    KafkaRecords.of(kafka).produce("widen", events.stream(), TableSinkTest::shopperOf);
    try (DeployedScenario job =
        DeployedScenario.deploy(scenario("table-widen", "widen", "widened"), properties())) {
      await()
          .atMost(TIMEOUT)
          // the column `products` exists once the sink has started
          .ignoreExceptions()
          .untilAsserted(
              () ->
                  assertThat(rows("widened"))
                      .as("job %s", job.status())
                      .containsKeys("a", "b", "old"));
    }
    assertThat(rows("widened").get("old")).isEqualTo("1 null");
    assertThat(columnTypes("widened")).containsKeys("products", "score", "active", "source");
  }

  @Test
  void aColumnOfAnotherTypeFailsTheJobSayingWhatToChange() throws Exception {
    try (Connection c = postgres.superuserConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE conflicting (shopper text PRIMARY KEY, seq integer)");
      s.execute("ALTER TABLE conflicting OWNER TO " + WRITER);
    }
    kafka.createTopic("conflict", 2);
    KafkaRecords.of(kafka)
        .produce("conflict", List.of(event("a", 1)).stream(), TableSinkTest::shopperOf);
    try (DeployedScenario job =
        DeployedScenario.deploy(
            scenario("table-conflict", "conflict", "conflicting"), properties())) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(exceptions(job))
                      .contains(
                          "table `conflicting` does not match the sink: column `seq` is integer in"
                              + " the database but declared bigint (change its entry in `Column"
                              + " types` to 'integer', or migrate it: ALTER TABLE conflicting"
                              + " ALTER COLUMN seq TYPE bigint)"));
    }
    try (Connection c = postgres.superuserConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM conflicting")) {
      r.next();
      assertThat(r.getLong(1)).isZero();
    }
  }

  @Test
  void credentialsInTheUrlAreRefused() {
    kafka.createTopic("bad-url", 2);
    Scenario scenario = scenario("table-bad-url", "bad-url", "never");
    assertThatThrownBy(
            () ->
                DeployedScenario.deploy(
                    scenario,
                    Map.of(
                        "kafka.bootstrap.servers",
                        kafka.bootstrapServers(),
                        "table.jdbc.url",
                        postgres.jdbcUrl() + "?user=postgres&password=x")))
        .hasMessageContaining(
            "`Database` must not carry credentials: give them as secret references in `User` and"
                + " `Password`");
  }

  /**
   * The database refuses writes mid-stream: the sink's flush fails, the job restarts from its last
   * checkpoint and replays what followed it; the table ends as a run without the fault would.
   */
  @Test
  void aReplayAfterAFailureLeavesTheTableAsACleanRun() throws Exception {
    kafka.createTopic("replayed", 2);
    List<String> first = new ArrayList<>();
    List<String> second = new ArrayList<>();
    for (long seq = 1; seq <= 400; seq++) {
      (seq <= 200 ? first : second).add(event("s" + (seq % 13), seq));
    }
    KafkaRecords.of(kafka).produce("replayed", first.stream(), TableSinkTest::shopperOf);
    try (DeployedScenario job =
        DeployedScenario.deploy(scenario("table-replay", "replayed", "replayed"), properties())) {
      await().atMost(TIMEOUT).until(() -> rows("replayed").equals(expected(first)));
      try (Connection c = postgres.superuserConnection();
          Statement s = c.createStatement()) {
        s.execute("REVOKE INSERT, UPDATE ON replayed FROM " + WRITER);
      }
      KafkaRecords.of(kafka).produce("replayed", second.stream(), TableSinkTest::shopperOf);
      await().atMost(TIMEOUT).until(() -> job.restarts() >= 1);
      assertThat(rows("replayed")).isEqualTo(expected(first));
      try (Connection c = postgres.superuserConnection();
          Statement s = c.createStatement()) {
        s.execute("GRANT INSERT, UPDATE ON replayed TO " + WRITER);
      }
      List<String> all = new ArrayList<>(first);
      all.addAll(second);
      await()
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(rows("replayed")).isEqualTo(expected(all)));
    }
  }

  /** The last event per shopper, as "seq products". */
  private static Map<String, String> expected(List<String> events) {
    Map<String, String> out = new TreeMap<>();
    for (String e : events) {
      Map<String, Object> m = parse(e);
      out.put((String) m.get("shopper"), m.get("seq") + " " + JsonValues.write(m.get("products")));
    }
    return out;
  }

  private static Map<String, String> rows(String table) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = postgres.superuserConnection();
        Statement s = c.createStatement()) {
      try (ResultSet exists = s.executeQuery("SELECT to_regclass('" + table + "')")) {
        exists.next();
        if (exists.getString(1) == null) {
          return out;
        }
      }
      try (ResultSet r = s.executeQuery("SELECT shopper, seq, products FROM " + table)) {
        while (r.next()) {
          String products = r.getString(3);
          out.put(
              r.getString(1),
              r.getLong(2)
                  + " "
                  + (products == null ? "null" : JsonValues.write(JsonValues.parse(products))));
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(e);
    }
    return out;
  }

  private static Map<String, String> columnTypes(String table) throws SQLException {
    Map<String, String> out = new TreeMap<>();
    try (Connection c = DriverManager.getConnection(postgres.jdbcUrl(), WRITER, WRITER_PASSWORD);
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '"
                    + table
                    + "'")) {
      while (r.next()) {
        out.put(r.getString(1), r.getString(2));
      }
    }
    return out;
  }

  /** The job's exception history, as the Flink REST API reports it. */
  private static String exceptions(DeployedScenario job) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            SharedFlinkCluster.get().webUrl()
                                + "/jobs/"
                                + job.client().getJobID()
                                + "/exceptions"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.body().replace("\\n", "\n").replace("\\t", "\t").replace("\\u0060", "`");
  }

  private static String shopperOf(String json) {
    return (String) parse(json).get("shopper");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return (Map<String, Object>) JsonValues.parse(json);
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}
