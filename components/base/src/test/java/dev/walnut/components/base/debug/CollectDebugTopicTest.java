package dev.walnut.components.base.debug;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.debug.CollectedRecords;
import dev.walnut.embedded.kafka.ConsumedRecord;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.engine.scenario.ScenarioProperties;
import dev.walnut.testkit.scenario.Branch;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A deployed job whose scenario sets {@code debug.topic}: its {@code collect} sinks also write the
 * values they keep to that topic, keyed by node, which the job creates (the broker here does not
 * auto-create topics).
 */
class CollectDebugTopicTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().brokerProperty("auto.create.topics.enable", "false").build();
    kafka.start();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void theScenarioPropertyIsTheOneTheSinkReads() {
    assertThat(CollectComponent.DEBUG_TOPIC).isEqualTo(ScenarioProperties.DEBUG_TOPIC);
    assertThat(ScenarioProperties.validate(Map.of("debug.topic", "no spaces please")))
        .extracting(ScenarioProperties.PropertyError::message)
        .containsExactly(
            "property `debug.topic` must be a Kafka topic name (letters, digits, . _ -), got"
                + " `no spaces please`");
  }

  @Test
  void everyCollectSinkWritesItsValuesToTheDebugTopicKeyedByItsNode() throws Exception {
    kafka.createTopic("debug-events", 1);
    Scenario scenario =
        ScenarioBuilder.id("collect-debug-topic")
            .parallelism(1)
            .property("debug.topic", "walnut-debug-test")
            .source(
                "events",
                "kafka",
                param("Topic", "'debug-events'"),
                param("Start from", "'earliest'"))
            .split(
                "both",
                Branch.start()
                    .sink("ids", "collect", param("Value", "#input.n"), param("Capacity", "2")),
                Branch.start().sink("names", "collect", param("Value", "{name: #input.name}")));
    KafkaRecords.of(kafka)
        .produce(
            "debug-events",
            List.of(
                "{\"n\":1,\"name\":\"a\"}",
                "{\"n\":2,\"name\":\"b\"}",
                "{\"n\":3,\"name\":\"c\"}"));

    try (DeployedScenario job =
        DeployedScenario.deploy(
                scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))
            .awaitRunning(TIMEOUT)) {
      List<ConsumedRecord> written =
          KafkaRecords.of(kafka).consume("walnut-debug-test", 6, TIMEOUT);
      assertThat(written)
          .filteredOn(r -> r.key().equals("ids"))
          .extracting(ConsumedRecord::value)
          .containsExactly("1", "2", "3");
      assertThat(written)
          .filteredOn(r -> r.key().equals("names"))
          .extracting(ConsumedRecord::value)
          .containsExactly("{\"name\":\"a\"}", "{\"name\":\"b\"}", "{\"name\":\"c\"}");
      assertThat(written).extracting(ConsumedRecord::key).containsOnly("ids", "names");

      // the in-memory buffer is kept as before, with its capacity
      await()
          .atMost(TIMEOUT)
          .untilAsserted(
              () ->
                  assertThat(CollectedRecords.snapshot("collect-debug-topic", "ids"))
                      .as("job %s", job.status())
                      .containsExactly("2", "3"));
    }

    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      assertThat(
              admin
                  .describeTopics(List.of("walnut-debug-test"))
                  .allTopicNames()
                  .get(10, TimeUnit.SECONDS)
                  .get("walnut-debug-test")
                  .partitions())
          .hasSize(1);
      ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "walnut-debug-test");
      Config config =
          admin.describeConfigs(List.of(topic)).all().get(10, TimeUnit.SECONDS).get(topic);
      assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
    }
  }
}
