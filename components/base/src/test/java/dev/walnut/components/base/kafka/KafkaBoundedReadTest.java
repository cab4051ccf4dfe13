package dev.walnut.components.base.kafka;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/** `Stop at: latest offsets at start` reads what the topic holds, then the job finishes. */
class KafkaBoundedReadTest {

  @Test
  void aBoundedReadProcessesTheTopicAndFinishes() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("backfill-in", 2);
      kafka.createTopic("backfill-out", 1);
      KafkaRecords data = KafkaRecords.of(kafka);
      data.produce("backfill-in", List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3}"));
      Scenario scenario =
          ScenarioBuilder.id("backfill")
              .parallelism(1)
              .source(
                  "in",
                  "kafka",
                  param("Topic", "'backfill-in'"),
                  param("Stop at", "'latest offsets at start'"))
              .sink(
                  "out",
                  "kafka",
                  param("Topic", "'backfill-out'"),
                  param("Value", "#input.n * 10"));

      try (DeployedScenario job =
          DeployedScenario.deploy(
              scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))) {
        job.client().getJobExecutionResult().get(90, TimeUnit.SECONDS);

        assertThat(job.status()).isEqualTo(JobStatus.FINISHED);
        assertThat(data.consumeAllValues("backfill-out", Duration.ofSeconds(30)))
            .containsExactlyInAnyOrder("10", "20", "30");
      }
    }
  }
}
