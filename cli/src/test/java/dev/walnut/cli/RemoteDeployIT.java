package dev.walnut.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.deploy.Deployer;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.registry.ComponentRegistry;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.engine.validation.ScenarioValidator;
import dev.walnut.engine.validation.ValidationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;

/**
 * The remote deployment path for real: the Nussknacker sample scenario, unchanged, submitted with
 * Walnut's shaded jar through the REST API of a Flink cluster acting as a session cluster, reading
 * and writing a real Kafka broker.
 */
class RemoteDeployIT {
  private static final Path JAR = Path.of("target/walnut.jar");

  @Test
  void theNussknackerSampleRunsOnASessionClusterFromTheShadedJar() throws Exception {
    assertThat(JAR).as("the shaded jar is built by `mvn package` before this test").exists();
    Path sample = Path.of("../../shared/reference/nussknacker-scenario-sample.json");
    assertThat(sample).as("../shared must be beside the repository").exists();
    ValidationResult validated =
        new ScenarioValidator(ComponentRegistry.load())
            .validate(ScenarioJson.read(Files.readString(sample)));
    assertThat(validated.errors()).isEmpty();

    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build();
        // the cluster shares this JVM with the test's own Kafka client, which a real session
        // cluster does not have: Kafka classes must then come from one loader only
        LocalFlinkCluster cluster =
            LocalFlinkCluster.start(
                0,
                4,
                Map.of("classloader.parent-first-patterns.additional", "org.apache.kafka."))) {
      kafka.start();
      kafka.createTopic("Transactions", 1);
      kafka.createTopic("ProcessedTransactions", 1);
      KafkaRecords data = KafkaRecords.of(kafka);
      data.produce(
          "Transactions",
          List.of(
              "{\"id\":1,\"amount\":5}",
              "{\"id\":2,\"amount\":25}",
              "not json",
              "{\"id\":3,\"amount\":40.5}"));

      JobClient job =
          new Deployer()
              .deployRemote(
                  validated,
                  Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()),
                  "127.0.0.1",
                  cluster.restPort(),
                  JAR);
      try {
        assertThat(data.consumeValues("ProcessedTransactions", 2, Duration.ofSeconds(90)))
            .containsExactly("{\"id\":2,\"amount\":25}", "{\"id\":3,\"amount\":40.5}");
        assertThat(data.consumeValues("Transactions-bad", 1, Duration.ofSeconds(30)))
            .singleElement()
            .asString()
            .contains("\"reason\":\"value is not valid JSON")
            .contains("\"raw\":\"not json\"");
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
      } finally {
        job.cancel().get();
      }
    }
  }
}
