package dev.walnut.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

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
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code scenarios/datasqrl-covisit.json}, unchanged, deployed on a local Flink cluster: clicks
 * from the {@code clickstream} topic of a real KRaft broker, counts to {@code recommendations}.
 */
class DatasqrlCovisitEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(120);
  private static final Instant START = Instant.parse("2024-01-02T00:00:00Z");
  private static final int PARTITIONS = 2;

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    // one partition per source subtask (the scenario's parallelism is 2), keyed by user
    kafka.createTopic("clickstream", PARTITIONS);
    kafka.createTopic("recommendations", 1);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static Click click(String user, String url, int minutes) {
    return new Click(user, url, START.plus(Duration.ofMinutes(minutes)));
  }

  @Test
  void countsTheCoVisitsOfClicksReadFromKafka() {
    List<Click> clicks =
        List.of(
            click("u1", "A", 0),
            click("u3", "C", 0),
            click("u2", "A", 2),
            click("u1", "B", 1),
            click("u2", "B", 3),
            click("u2", "B", 3),
            click("u3", "C", 4),
            click("u1", "C", 5),
            click("u1", "A", 20));
    List<String> records = new ArrayList<>();
    clicks.forEach(c -> records.add(json(c)));
    // co-visit counts a click once the watermark passes it: a click an hour later on every
    // partition moves the watermark past all of the above (and pairs with nothing)
    for (String user : oneUserPerPartition()) {
      records.add(json(new Click(user, "flush", START.plus(Duration.ofHours(1)))));
    }
    KafkaRecords.of(kafka)
        .produce("clickstream", records.stream(), DatasqrlCovisitEndToEndTest::userOf);

    Map<String, Long> expected = CoVisitQuery.frequencies(clicks);
    assertThat(expected)
        .containsOnly(
            entry("A -> B", 3L), entry("A -> C", 1L), entry("B -> C", 1L), entry("C -> C", 1L));
    try (DeployedScenario job =
        DeployedScenario.deploy(
            ScenarioJson.read(Repo.scenario("datasqrl-covisit.json")),
            Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () -> assertThat(finalFrequencies()).as("job %s", job.status()).isEqualTo(expected));
    }
  }

  private static Map<String, Long> finalFrequencies() {
    Map<String, Long> last = new HashMap<>();
    for (String value : KafkaRecords.of(kafka).consumeAllValues("recommendations", TIMEOUT)) {
      Map<String, Object> r = parse(value);
      last.merge(
          CoVisitQuery.pair(r.get("url"), r.get("recommendation")),
          ((Number) r.get("frequency")).longValue(),
          Math::max);
    }
    return last;
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

  private static String json(Click c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("userid", c.userid());
    m.put("url", c.url());
    m.put("event_time", c.time().toString());
    return JsonValues.write(m);
  }

  private static String userOf(String json) {
    return (String) parse(json).get("userid");
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
