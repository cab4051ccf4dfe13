package dev.walnut.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaBuilderTest {

  @Test
  void rejectsAPortOutsideTheTcpRange() {
    assertThatThrownBy(() -> EmbeddedKafka.builder().port(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be between 0 and 65535 (0 picks a free port), got -1");
    assertThatThrownBy(() -> EmbeddedKafka.builder().port(65_536))
        .hasMessage("port must be between 0 and 65535 (0 picks a free port), got 65536");
  }

  @Test
  void rejectsAMissingLogDirOrAFileAsLogDir(@TempDir Path dir) throws IOException {
    Path file = Files.createFile(dir.resolve("not-a-dir"));

    assertThatThrownBy(() -> EmbeddedKafka.builder().logDir(null))
        .hasMessage("logDir must not be null; leave it unset for a temp dir deleted on close");
    assertThatThrownBy(() -> EmbeddedKafka.builder().logDir(file))
        .hasMessage("logDir " + file + " is a file, not a directory");
  }

  @Test
  void refusesBrokerPropertiesItManagesItself() {
    assertThatThrownBy(() -> EmbeddedKafka.builder().brokerProperty("listeners", "PLAINTEXT://:1"))
        .hasMessage(
            "broker property `listeners` is managed by EmbeddedKafka; use port(...) or logDir(...)"
                + " instead");
    assertThatThrownBy(() -> EmbeddedKafka.builder().brokerProperty(" ", "x"))
        .hasMessage("broker property key must not be blank");
    assertThatThrownBy(() -> EmbeddedKafka.builder().brokerProperty("num.partitions", null))
        .hasMessage("broker property `num.partitions` must have a value, got null");
  }

  @Test
  void reportsABrokerPropertyKafkaRejectsWhenBuilding() {
    assertThatThrownBy(
            () -> EmbeddedKafka.builder().brokerProperty("num.partitions", "many").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid broker properties: ")
        .hasMessageContaining("num.partitions");
  }

  @Test
  void rejectsANonPositiveStartupTimeout() {
    assertThatThrownBy(() -> EmbeddedKafka.builder().startupTimeout(Duration.ZERO))
        .hasMessage("startupTimeout must be a positive duration, got PT0S");
    assertThatThrownBy(() -> EmbeddedKafka.builder().startupTimeout(null))
        .hasMessage("startupTimeout must be a positive duration, got null");
  }

  @Test
  void rejectsBadTestDataArguments() {
    assertThatThrownBy(() -> KafkaRecords.of(" "))
        .hasMessage("bootstrapServers must be host:port, e.g. 127.0.0.1:9092, got ` `");
    KafkaRecords data = KafkaRecords.of("127.0.0.1:1");
    assertThatThrownBy(() -> data.consume("t", -1, Duration.ofSeconds(1)))
        .hasMessage("expectedCount must be 0 or more, got -1");
    assertThatThrownBy(() -> data.consumeAll("t", Duration.ofSeconds(-1)))
        .hasMessage("timeout must be a positive duration, got PT-1S");
  }
}
