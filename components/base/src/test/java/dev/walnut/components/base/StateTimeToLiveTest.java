package dev.walnut.components.base;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The time to live of {@code co-visit}'s counts and {@code top-n}'s scores, in deployed jobs: Flink
 * measures it in processing time, so the tests wait it out for real (a second).
 */
class StateTimeToLiveTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final long PAST_TTL_MS = 2_500;

  private static EmbeddedKafka kafka;
  private static KafkaRecords data;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    data = KafkaRecords.of(kafka);
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static DeployedScenario deploy(Scenario scenario) {
    return DeployedScenario.deploy(
            scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))
        .awaitRunning(TIMEOUT);
  }

  private static String click(String user, String url, double minutes) {
    return JsonValues.write(Clicks.click(user, url, minutes));
  }

  @Test
  void aPairNotCoVisitedForCountTtlCountsFromOneAgain() throws Exception {
    kafka.createTopic("ttl-clicks", 1);
    kafka.createTopic("ttl-covisits", 1);
    Scenario scenario =
        ScenarioBuilder.id("co-visit-ttl")
            .parallelism(1)
            .source(
                "clicks",
                "kafka",
                param("Topic", "'ttl-clicks'"),
                param("Start from", "'earliest'"),
                param("Timestamp field", "'t'"),
                param("Max out of orderness", "'PT1S'"))
            .customNode(
                "co-visits",
                "co-visit",
                "covisit",
                param("userKey", "#input.userid"),
                param("item", "#input.url"),
                param("countTtl", "'PT1S'"))
            .sink(
                "out",
                "kafka",
                param("Topic", "'ttl-covisits'"),
                param("Value", "#covisit.frequency"));

    try (DeployedScenario job = deploy(scenario)) {
      // a later click of another user moves the watermark past each pair
      data.produce(
          "ttl-clicks", List.of(click("u1", "A", 0), click("u1", "B", 1), click("t1", "T", 2)));
      assertThat(data.consumeValues("ttl-covisits", 1, TIMEOUT)).containsExactly("1");
      Thread.sleep(PAST_TTL_MS);
      data.produce(
          "ttl-clicks", List.of(click("u2", "A", 3), click("u2", "B", 4), click("t2", "T", 5)));

      // without the time to live: 2
      assertThat(data.consumeValues("ttl-covisits", 2, TIMEOUT))
          .as("job %s", job.status())
          .containsExactly("1", "1");
    }
  }

  @Test
  void anItemWhoseScoreWasNotUpdatedForScoreTtlLeavesTheRanking() throws Exception {
    kafka.createTopic("ttl-scores", 1);
    kafka.createTopic("ttl-best", 1);
    Scenario scenario =
        ScenarioBuilder.id("top-n-ttl")
            .parallelism(1)
            .source(
                "scores",
                "kafka",
                param("Topic", "'ttl-scores'"),
                param("Start from", "'earliest'"))
            .customNode(
                "best",
                "top-n",
                "best",
                param("groupBy", "#input.page"),
                param("item", "#input.item"),
                param("score", "#input.score"),
                param("scoreTtl", "'PT1S'"))
            .sink("out", "kafka", param("Topic", "'ttl-best'"), param("Value", "#best"));

    try (DeployedScenario job = deploy(scenario)) {
      data.produce(
          "ttl-scores", List.of(JsonValues.write(Map.of("page", "p", "item", "x", "score", 1))));
      assertThat(data.consumeValues("ttl-best", 1, TIMEOUT))
          .containsExactly("[{\"item\":\"x\",\"score\":1.0}]");
      Thread.sleep(PAST_TTL_MS);
      data.produce(
          "ttl-scores", List.of(JsonValues.write(Map.of("page", "p", "item", "y", "score", 2))));

      // without the time to live: y, then x
      assertThat(data.consumeValues("ttl-best", 2, TIMEOUT))
          .as("job %s", job.status())
          .last()
          .isEqualTo("[{\"item\":\"y\",\"score\":2.0}]");
    }
  }
}
