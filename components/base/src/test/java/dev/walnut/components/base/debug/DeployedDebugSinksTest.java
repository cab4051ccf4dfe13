package dev.walnut.components.base.debug;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.debug.CollectedRecords;
import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.NodeParameter;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code collect} and {@code log} in deployed jobs reading a real KRaft broker. */
class DeployedDebugSinksTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  /** Reads {@code topic} from the start into the sink {@code out}. */
  private static Scenario readingInto(
      String id, String topic, String sink, NodeParameter... params) {
    kafka.createTopic(topic, 1);
    return ScenarioBuilder.id(id)
        .parallelism(1)
        .source(
            "events", "kafka", param("Topic", "'" + topic + "'"), param("Start from", "'earliest'"))
        .sink("out", sink, params);
  }

  private static DeployedScenario deploy(Scenario scenario) {
    return DeployedScenario.deploy(
            scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))
        .awaitRunning(TIMEOUT);
  }

  private static List<String> events(int count) {
    return java.util.stream.IntStream.rangeClosed(1, count)
        .mapToObj(i -> JsonValues.write(Map.of("n", i)))
        .toList();
  }

  @Test
  void collectKeepsTheLastCapacityValuesWhereTheDesignerReadsThem() {
    Scenario scenario =
        readingInto(
            "collect-deployed",
            "collect-events",
            "collect",
            param("Value", "#input.n"),
            param("Capacity", "3"));
    KafkaRecords.of(kafka).produce("collect-events", events(5));

    try (DeployedScenario job = deploy(scenario)) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(CollectedRecords.snapshot("collect-deployed", "out"))
                      .as("job %s", job.status())
                      .containsExactly("3", "4", "5"));
    }
  }

  @Test
  void logWritesEachValueAfterTheMessageToTheScenariosLogger() {
    Scenario scenario =
        readingInto(
            "log-deployed",
            "log-events",
            "log",
            param("Level", "'WARN'"),
            param("Message", "'seen'"),
            param("Value", "{n: #input.n}"));
    KafkaRecords.of(kafka).produce("log-events", events(2));

    try (LogRecorder log = LogRecorder.attach("walnut.scenario.log-deployed.out");
        DeployedScenario job = deploy(scenario)) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(log.lines())
                      .as("job %s", job.status())
                      .containsExactly("WARN seen {\"n\":1}", "WARN seen {\"n\":2}"));
    }
  }

  @Test
  void aValueThatFailsDoesNotStopTheJobAndTheOthersAreCollected() {
    Scenario scenario =
        readingInto(
            "collect-poison",
            "collect-poison-events",
            "collect",
            param("Value", "100 / #input.n"),
            param("Capacity", "3"));
    KafkaRecords.of(kafka)
        .produce(
            "collect-poison-events",
            List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":0}", "{\"n\":4}", "{\"n\":5}"));

    try (DeployedScenario job = deploy(scenario)) {
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(CollectedRecords.snapshot("collect-poison", "out"))
                      .as("job %s", job.status())
                      .containsExactly("50", "25", "20"));
      assertThat(job.status()).isEqualTo(JobStatus.RUNNING);
    }
  }
}
