package dev.walnut.components.base.kafka;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.ConsumedRecord;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.validation.NodeError;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The kafka source and sink deployed on a local Flink cluster against a real KRaft broker. */
class KafkaEndToEndTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

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

  /** payments (topic {@code <prefix>-payments}) → amount > 20 → {@code <prefix>-large}. */
  private static Scenario largePayments(String prefix) {
    return ScenarioBuilder.id(prefix + "-large-payments")
        .parallelism(1)
        .source("payments", "kafka", param("Topic", "'" + prefix + "-payments'"))
        .filter("large", "#input.amount > 20")
        .sink(
            "large payments",
            "kafka",
            param("Topic", "'" + prefix + "-large'"),
            param("Key", "#input.id"),
            param("Value", "{id: #input.id, amount: #input.amount, large: true}"));
  }

  private static DeployedScenario deploy(Scenario scenario) {
    return DeployedScenario.deploy(
        scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()));
  }

  private static String payment(String id, int amount) {
    return JsonValues.write(Map.of("id", id, "amount", amount));
  }

  @Test
  void recordsOfATopicGoThroughTheScenarioToTheSinksTopic() {
    kafka.createTopic("e2e-payments", 1);
    kafka.createTopic("e2e-large", 1);
    data.produce(
        "e2e-payments",
        List.of(payment("p1", 30), payment("p2", 10), payment("p3", 21), payment("last", 99)));

    try (DeployedScenario job = deploy(largePayments("e2e"))) {
      job.awaitRunning(TIMEOUT);
      // one partition, parallelism 1: once the last record is out, every earlier one was processed
      List<ConsumedRecord> out = data.consume("e2e-large", 3, TIMEOUT);
      assertThat(out).extracting(ConsumedRecord::key).containsExactly("p1", "p3", "last");
      assertThat(out)
          .extracting(r -> parse(r.value()))
          .containsExactly(
              Map.of("id", "p1", "amount", 30, "large", true),
              Map.of("id", "p3", "amount", 21, "large", true),
              Map.of("id", "last", "amount", 99, "large", true));
      assertThat(data.consumeAllValues("e2e-large", TIMEOUT)).hasSize(3);
    }
  }

  @Test
  void recordsThatAreNotJsonGoToTheBadTopicWithTheReasonAndTheRawPayload() {
    kafka.createTopic("bad-payments", 1);
    kafka.createTopic("bad-large", 1);
    kafka.createTopic("bad-payments-bad", 1);
    data.produce(
        "bad-payments",
        List.of(payment("p1", 30), "not json", "{\"id\": \"p2\", ", payment("p3", 40)));

    try (DeployedScenario job = deploy(largePayments("bad"))) {
      job.awaitRunning(TIMEOUT);
      List<ConsumedRecord> bad = data.consume("bad-payments-bad", 2, TIMEOUT);
      Map<String, Object> first = parse(bad.get(0).value());
      Map<String, Object> second = parse(bad.get(1).value());
      assertThat(first)
          .containsEntry("raw", "not json")
          .containsEntry("topic", "bad-payments")
          .containsEntry("partition", 0)
          .containsEntry("offset", 1)
          .containsEntry("truncated", false);
      assertThat((String) first.get("reason"))
          .startsWith("value is not valid JSON: Unrecognized token 'not'");
      assertThat(second).containsEntry("raw", "{\"id\": \"p2\", ").containsEntry("offset", 2);
      assertThat((String) second.get("reason")).startsWith("value is not valid JSON: ");
      // the good records around them still flow
      assertThat(data.consumeValues("bad-large", 2, TIMEOUT))
          .extracting(KafkaEndToEndTest::parse)
          .extracting(r -> r.get("id"))
          .containsExactly("p1", "p3");
    }
  }

  @Test
  void aRecordWhoseKeyOrValueFailsDoesNotStopTheJobAndTheOthersAreWritten() {
    kafka.createTopic("poison-payments", 1);
    kafka.createTopic("poison-out", 1);
    Scenario scenario =
        ScenarioBuilder.id("poison-sink")
            .parallelism(1)
            .source("payments", "kafka", param("Topic", "'poison-payments'"))
            .sink(
                "out",
                "kafka",
                param("Topic", "'poison-out'"),
                param("Key", "'k' + (10 / #input.k)"),
                param("Value", "{id: #input.id, r: 10 / #input.v}"));
    data.produce(
        "poison-payments",
        List.of(
            "{\"id\":1,\"k\":1,\"v\":1}",
            "{\"id\":2,\"k\":0,\"v\":1}",
            "{\"id\":3,\"k\":1,\"v\":0}",
            "{\"id\":4,\"k\":2,\"v\":5}"));

    try (DeployedScenario job = deploy(scenario)) {
      job.awaitRunning(TIMEOUT);
      List<ConsumedRecord> out = data.consume("poison-out", 2, TIMEOUT);
      assertThat(out).extracting(ConsumedRecord::key).containsExactly("k10", "k5");
      assertThat(out)
          .extracting(r -> parse(r.value()))
          .containsExactly(Map.of("id", 1, "r", 10), Map.of("id", 4, "r", 2));
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }
  }

  @Test
  void topicNamesAndSinkOptionsAreCheckedBeforeDeployment() {
    Scenario scenario =
        ScenarioBuilder.id("invalid-kafka")
            .source(
                "in",
                "kafka",
                param("Topic", "'no spaces allowed'"),
                param("Schema version", "'3'"))
            .sink("out", "kafka", param("Topic", "'out'"), param("Raw editor", "false"));

    assertThat(ScenarioTestRun.validate(scenario).errors())
        .containsExactlyInAnyOrder(
            new NodeError(
                "in",
                "Topic",
                "parameter `Topic` must be a Kafka topic name, got `no spaces allowed`"),
            new NodeError(
                "in",
                "Schema version",
                "parameter `Schema version` must be 'latest' (Walnut reads schemaless JSON; there is"
                    + " no schema registry), got `3`"),
            new NodeError(
                "out",
                "Raw editor",
                "parameter `Raw editor` must be true (the value is always given as one expression),"
                    + " got `false`"));
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
