package dev.walnut.embedded.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.builder().port(0).build();
    long started = System.nanoTime();
    kafka.start();
    System.out.printf(
        "EmbeddedKafka startup to ready: %d ms%n", (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  static void closeBroker() {
    kafka.close();
  }

  @Test
  void startsOnAFreePortAndGivesBackTenThousandRecordsExactlyInPartitionOrder() {
    kafka.createTopic("round-trip", 3);
    List<String> produced =
        IntStream.range(0, 10_000)
            .mapToObj(i -> "{\"user\":\"u" + (i % 7) + "\",\"seq\":" + i + "}")
            .toList();

    long sent =
        KafkaRecords.of(kafka)
            .produce("round-trip", produced.stream(), value -> value.substring(9, 11));
    List<ConsumedRecord> consumed = KafkaRecords.of(kafka).consume("round-trip", 10_000, TIMEOUT);

    assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.port());
    assertThat(kafka.port()).isPositive();
    assertThat(sent).isEqualTo(10_000);
    assertThat(consumed).hasSize(10_000);
    assertThat(consumed).extracting(ConsumedRecord::value).hasSameElementsAs(produced);
    Map<Integer, List<ConsumedRecord>> byPartition =
        consumed.stream().collect(Collectors.groupingBy(ConsumedRecord::partition));
    assertThat(byPartition).hasSize(3);
    byPartition.forEach(
        (partition, records) -> {
          List<String> values = records.stream().map(ConsumedRecord::value).toList();
          assertThat(values)
              .as("partition %d", partition)
              .isEqualTo(inProducedOrder(values, produced));
          assertThat(records).extracting(ConsumedRecord::offset).isSorted();
          assertThat(records)
              .allSatisfy(r -> assertThat(r.value()).contains("\"user\":\"" + r.key() + "\""));
        });
  }

  @Test
  void readsEveryRecordOfATopicWithConsumeAll() {
    KafkaRecords data = KafkaRecords.of(kafka);
    data.produce("consume-all", List.of("a", "b", "c"));

    assertThat(data.consumeAllValues("consume-all", TIMEOUT)).containsExactly("a", "b", "c");
  }

  @Test
  void createsATopicIdempotentlyAndDeletesIt() {
    kafka.createTopic("twice", 2);
    kafka.createTopic("twice", 2);
    assertThat(kafka.topics()).contains("twice");

    assertThatThrownBy(() -> kafka.createTopic("twice", 4))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "topic `twice` already exists with 2 partitions, not 4; delete it first or use 2");

    kafka.deleteTopic("twice");
    kafka.deleteTopic("twice");
    assertThat(kafka.topics()).doesNotContain("twice");
  }

  @Test
  void rejectsBadTopicArguments() {
    assertThatThrownBy(() -> kafka.createTopic("none", 0))
        .hasMessage("topic `none` needs at least 1 partition, got 0");
    assertThatThrownBy(() -> kafka.createTopic(" ", 1))
        .hasMessage("topic name must not be blank, got ` `");
  }

  @Test
  void failsWithTheCountSoFarWhenTooFewRecordsArrive() {
    KafkaRecords data = KafkaRecords.of(kafka);
    data.produce("too-few", List.of("only one"));

    assertThatThrownBy(() -> data.consume("too-few", 2, Duration.ofMillis(500)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected 2 records on topic `too-few` within PT0.5S, got 1");
    assertThatThrownBy(() -> data.consumeAll("never-created", Duration.ofMillis(300)))
        .isInstanceOf(AssertionError.class)
        .hasMessage("topic `never-created` does not exist after PT0.3S");
  }

  @Test
  void keepsTheRecordsAcrossAStopAndAStartOnTheSameLogDir(@TempDir Path logDir) {
    try (EmbeddedKafka restartable = EmbeddedKafka.builder().logDir(logDir).build()) {
      restartable.start();
      String bootstrapServers = restartable.bootstrapServers();
      KafkaRecords.of(restartable).produce("durable", List.of("before", "the", "outage"));

      restartable.stop();
      assertThat(restartable.isRunning()).isFalse();
      assertThatThrownBy(() -> restartable.createTopic("down", 1))
          .hasMessage("the broker at " + bootstrapServers + " is not running; call start() first");
      restartable.start();

      assertThat(restartable.bootstrapServers()).isEqualTo(bootstrapServers);
      KafkaRecords.of(restartable).produce("durable", List.of("after"));
      assertThat(KafkaRecords.of(restartable).consumeAllValues("durable", TIMEOUT))
          .containsExactly("before", "the", "outage", "after");
    }
    assertThat(logDir).as("a given log dir is kept").isDirectory();
  }

  @Test
  void runsTwoBrokersAtOnceInOneJvm() {
    try (EmbeddedKafka second = EmbeddedKafka.builder().build()) {
      second.start();
      KafkaRecords.of(kafka).produce("which-broker", List.of("first"));
      KafkaRecords.of(second).produce("which-broker", List.of("second"));

      assertThat(second.port()).isNotEqualTo(kafka.port());
      assertThat(KafkaRecords.of(kafka).consumeAllValues("which-broker", TIMEOUT))
          .containsExactly("first");
      assertThat(KafkaRecords.of(second).consumeAllValues("which-broker", TIMEOUT))
          .containsExactly("second");
    }
  }

  @Test
  void deletesItsTempLogDirOnCloseAndCannotStartAgain() {
    EmbeddedKafka unstarted = EmbeddedKafka.builder().build();
    Path logDir = unstarted.logDir();
    assertThat(logDir).isDirectory();

    unstarted.close();

    assertThat(Files.exists(logDir)).isFalse();
    assertThatThrownBy(unstarted::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("this EmbeddedKafka is closed; build a new one to start again");
  }

  @Test
  void saysWhatToDoWhenItsPortIsTaken() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
        EmbeddedKafka blocked = EmbeddedKafka.builder().port(taken.getLocalPort()).build()) {
      assertThatThrownBy(blocked::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is in use (is another Kafka broker running?); choose another"
                  + " port, or 0 for a free one");
      assertThat(blocked.isRunning()).isFalse();
    }
  }

  @Test
  void movesToAFreshPortWhenItsAutomaticallyChosenPortIsTakenBeforeStart() throws IOException {
    try (EmbeddedKafka moved = EmbeddedKafka.builder().build()) {
      int chosen = moved.port();
      // another process binds the port between build() and start(), as happens on a busy box
      try (ServerSocket taken = new ServerSocket()) {
        taken.bind(new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), chosen), 1);
        moved.start();

        assertThat(moved.port()).isNotEqualTo(chosen);
        assertThat(moved.bootstrapServers()).isEqualTo("127.0.0.1:" + moved.port());
        KafkaRecords.of(moved).produce("moved", List.of("here"));
        assertThat(KafkaRecords.of(moved).consumeAllValues("moved", TIMEOUT))
            .containsExactly("here");
      }
    }
  }

  /** The produced values that landed in one partition, in the order they were produced. */
  private static List<String> inProducedOrder(List<String> partitionValues, List<String> produced) {
    var inPartition = new java.util.HashSet<>(partitionValues);
    List<String> expected = new ArrayList<>();
    for (String value : produced) {
      if (inPartition.contains(value)) {
        expected.add(value);
      }
    }
    return expected;
  }
}
