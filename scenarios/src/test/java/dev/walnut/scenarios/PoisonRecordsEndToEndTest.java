package dev.walnut.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.debug.CollectedRecords;
import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.scenarios.CoVisitQuery.Click;
import dev.walnut.testkit.scenario.DeployedScenario;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every shipped scenario, deployed as production runs it (Kafka in, Kafka or collect out), fed the
 * poison records a careless producer sends: the job keeps running without a restart, the good
 * records' outputs are exactly what they would be without the poison, and each poison record is in
 * the scenario's dead-letter topic with the node that refused it and why, counted per node.
 */
class PoisonRecordsEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Instant START = Instant.parse("2024-01-02T00:00:00Z");
  private static final int PARTITIONS = 2;

  private EmbeddedKafka kafka;

  @BeforeEach
  void startKafka() {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
  }

  @AfterEach
  void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** Records with an event time no reader should turn into a watermark, or no usable key. */
  private static List<String> clickPoison() {
    String valid = START.plus(Duration.ofMinutes(3)).toString();
    return List.of(
        "{\"userid\":\"p1\",\"url\":\"https://a\",\"event_time\":\"yesterday\"}",
        "{\"userid\":\"p2\",\"url\":\"https://a\",\"event_time\":1e300}",
        "{\"userid\":\"p3\",\"url\":\"https://a\",\"event_time\":\"2999-01-01T00:00:00Z\"}",
        "{\"url\":\"https://a\",\"event_time\":\"" + valid + "\"}",
        "{\"userid\":null,\"url\":\"https://a\",\"event_time\":\"" + valid + "\"}",
        "42");
  }

  @Test
  void datasqrlCovisitSurvivesPoisonAndCountsExactly() {
    kafka.createTopic("clickstream", PARTITIONS);
    kafka.createTopic("recommendations", 1);
    List<Click> clicks =
        List.of(
            click("u1", "A", 0),
            click("u3", "C", 0),
            click("u2", "A", 2),
            click("u1", "B", 1),
            click("u2", "B", 3),
            click("u3", "C", 4),
            click("u1", "C", 5));
    List<String> records = new ArrayList<>();
    clicks.forEach(c -> records.add(clickJson(c.userid(), c.url(), c.time())));
    records.addAll(2, clickPoison());
    records.add("{{ not json");
    flushEveryPartition(records, "flush");
    Map<String, Long> expected = CoVisitQuery.frequencies(clicks);

    try (DeployedScenario job =
        DeployedScenario.deploy(
            ScenarioJson.read(Repo.scenario("datasqrl-covisit.json")),
            Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))) {
      job.awaitRunning(TIMEOUT);
      KafkaRecords.of(kafka)
          .produce("clickstream", records.stream(), PoisonRecordsEndToEndTest::keyOf);

      await()
          .atMost(TIMEOUT)
          .untilAsserted(() -> assertThat(finalFrequencies()).isEqualTo(expected));
      List<Map<String, Object>> dead = deadLetters("walnut-errors-datasqrl-covisit", 6);
      assertThat(dead)
          .extracting(d -> d.get("nodeId"))
          .containsExactlyInAnyOrder(
              "clicks", "clicks", "clicks", "co-visits", "co-visits", "co-visits");
      assertThat(messages(dead, "clicks"))
          .containsExactlyInAnyOrder(
              "field `event_time` must be an ISO-8601 time or epoch milliseconds, got `yesterday`",
              "field `event_time` holds epoch milliseconds out of range: `1.0E300`",
              "field `event_time` holds the event time `2999-01-01T00:00:00Z`, which is not"
                  + " accepted: it is more than PT10M after the record's ingestion time "
                  + ingestionTimeOf(dead, "p3"));
      assertThat(dead)
          .allSatisfy(
              d -> assertThat(((Map<?, ?>) d.get("variables")).containsKey("input")).isTrue());
      assertThat(KafkaRecords.of(kafka).consumeValues("clickstream-bad", 1, TIMEOUT))
          .singleElement()
          .asString()
          .contains("{{ not json");
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(job.counters())
                      .containsEntry("walnut.errors.clicks", 3L)
                      .containsEntry("walnut.errors.co-visits", 3L));
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(job.restarts()).isZero();
    }
  }

  @Test
  void clickstreamSessionsSurvivesPoisonAndKeepsEveryGoodSession() {
    kafka.createTopic("clickstream", PARTITIONS);
    List<String> records = new ArrayList<>();
    records.add(clickJson("u1", "https://a", at(0)));
    records.add(clickJson("u2", "https://x", at(1)));
    records.addAll(clickPoison());
    records.add("\"a text, not an object\"");
    records.add(clickJson("u1", "https://b", at(2)));
    records.add(clickJson("u1", "https://c", at(6)));
    flushEveryPartition(records, "https://flush");

    CollectedRecords.clear("clickstream-sessions");
    try (DeployedScenario job =
        DeployedScenario.deploy(
            ScenarioJson.read(Repo.scenario("clickstream-sessions.json")),
            Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))) {
      job.awaitRunning(TIMEOUT);
      KafkaRecords.of(kafka)
          .produce("clickstream", records.stream(), PoisonRecordsEndToEndTest::keyOf);

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(sessions("u1"))
                      .containsExactly(
                          List.of("https://a"),
                          List.of("https://a", "https://b"),
                          List.of("https://b", "https://c")));
      assertThat(sessions("u2")).containsExactly(List.of("https://x"));
      List<Map<String, Object>> dead = deadLetters("walnut-errors-clickstream-sessions", 5);
      // the records without a user (or not an object) are what the filter is for: it drops
      // them; the two that are not objects fail its expression
      assertThat(dead)
          .extracting(d -> d.get("nodeId"))
          .containsExactlyInAnyOrder(
              "clicks", "clicks", "clicks", "page views only", "page views only");
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(job.counters())
                      .containsEntry("walnut.errors.clicks", 3L)
                      .containsEntry("walnut.errors.page views only", 2L));
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(job.restarts()).isZero();
    }
  }

  @Test
  void snowplowLastViewedSurvivesRecordsThatAreNotCollectorEvents() {
    kafka.createTopic("snowplow-good", 1);
    List<String> records = new ArrayList<>();
    records.add(
        JsonValues.write(
            SnowplowLastViewedScenarioTest.event("e1", "s1", "product_view", "p1", 0)));
    records.add("{\"not\":\"a collector record\"}");
    records.add("42");
    records.add("{{ not json");
    records.add(
        JsonValues.write(
            SnowplowLastViewedScenarioTest.event("e2", "s1", "product_view", "p2", 10)));
    records.add(
        JsonValues.write(
            SnowplowLastViewedScenarioTest.event("e9", "flush", "page_view", "p0", 120)));

    CollectedRecords.clear("snowplow-last-viewed");
    try (DeployedScenario job =
        DeployedScenario.deploy(
            ScenarioJson.read(Repo.scenario("snowplow-last-viewed.json")),
            Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))) {
      job.awaitRunning(TIMEOUT);
      KafkaRecords.of(kafka).produce("snowplow-good", records);

      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(collected("snowplow-last-viewed", "shopper views"))
                      .extracting(r -> r.get("lastViewed"))
                      .containsExactly(List.of("p1"), List.of("p1", "p2")));
      List<Map<String, Object>> dead = deadLetters("walnut-errors-snowplow-last-viewed", 2);
      assertThat(dead).extracting(d -> d.get("nodeId")).containsOnly("snowplow");
      assertThat(messages(dead, "snowplow"))
          .allSatisfy(m -> assertThat(m).startsWith("not a Snowplow collector record"));
      assertThat(KafkaRecords.of(kafka).consumeValues("snowplow-good-bad", 1, TIMEOUT))
          .singleElement()
          .asString()
          .contains("{{ not json");
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
      assertThat(job.restarts()).isZero();
    }
  }

  private static Instant at(int minutes) {
    return START.plus(Duration.ofMinutes(minutes));
  }

  private static Click click(String user, String url, int minutes) {
    return new Click(user, url, at(minutes));
  }

  private static String clickJson(String user, String url, Instant time) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("userid", user);
    m.put("url", url);
    m.put("event_time", time.toString());
    return JsonValues.write(m);
  }

  /** A click an hour later on every partition moves the watermark past everything before. */
  private static void flushEveryPartition(List<String> records, String url) {
    Map<Integer, String> byPartition = new LinkedHashMap<>();
    for (int i = 0; byPartition.size() < PARTITIONS; i++) {
      String user = "flush-" + i;
      byPartition.putIfAbsent(
          Utils.toPositive(Utils.murmur2(user.getBytes(StandardCharsets.UTF_8))) % PARTITIONS,
          user);
    }
    byPartition.values().forEach(u -> records.add(clickJson(u, url, at(60))));
  }

  private static String keyOf(String json) {
    try {
      return JsonValues.parse(json) instanceof Map<?, ?> m && m.get("userid") instanceof String u
          ? u
          : null;
    } catch (Exception e) {
      return null;
    }
  }

  private Map<String, Long> finalFrequencies() {
    Map<String, Long> last = new HashMap<>();
    for (String value : KafkaRecords.of(kafka).consumeAllValues("recommendations", TIMEOUT)) {
      Map<String, Object> r = parse(value);
      last.merge(
          CoVisitQuery.pair(r.get("url"), r.get("recommendation")),
          ((Number) r.get("frequency")).longValue(),
          Math::max);
    }
    last.keySet().removeIf(k -> k.contains("flush"));
    return last;
  }

  private List<List<Object>> sessions(String user) {
    return collected("clickstream-sessions", "sessions").stream()
        .filter(s -> user.equals(s.get("userid")))
        .map(
            s -> List.copyOf((List<?>) s.get("recentViews")).stream().map(o -> (Object) o).toList())
        .toList();
  }

  private static List<Map<String, Object>> collected(String scenario, String sink) {
    return CollectedRecords.snapshot(scenario, sink).stream()
        .map(PoisonRecordsEndToEndTest::parse)
        .toList();
  }

  private List<Map<String, Object>> deadLetters(String topic, int count) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String v : KafkaRecords.of(kafka).consumeValues(topic, count, TIMEOUT)) {
      out.add(parse(v));
    }
    return out;
  }

  private static List<String> messages(List<Map<String, Object>> dead, String nodeId) {
    return dead.stream()
        .filter(d -> nodeId.equals(d.get("nodeId")))
        .map(d -> (String) d.get("message"))
        .toList();
  }

  /** The ingestion time the refusal of user {@code user}'s record names (its Kafka timestamp). */
  private static String ingestionTimeOf(List<Map<String, Object>> dead, String user) {
    for (Map<String, Object> d : dead) {
      Object input = ((Map<?, ?>) d.get("variables")).get("input");
      if (input instanceof Map<?, ?> m && user.equals(m.get("userid"))) {
        String message = (String) d.get("message");
        return message.substring(message.lastIndexOf(' ') + 1);
      }
    }
    throw new AssertionError("no dead letter for user " + user + " in " + dead);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return (Map<String, Object>) JsonValues.parse(json);
    } catch (Exception e) {
      throw new AssertionError("not a JSON object: " + json, e);
    }
  }
}
