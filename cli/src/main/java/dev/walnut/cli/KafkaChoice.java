package dev.walnut.cli;

import dev.walnut.testkit.kafka.EmbeddedKafka;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code --kafka HOST:PORT | --embedded-kafka [--kafka-port N]}: where the scenario's Kafka is. */
final class KafkaChoice {
  @ArgGroup(exclusive = true)
  Where where = new Where();

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Port of the embedded broker. Default: ${DEFAULT-VALUE}.")
  int embeddedPort;

  static final class Where {
    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "An existing Kafka cluster.")
    String bootstrap;

    @Option(
        names = "--embedded-kafka",
        description = "Start a real single-node Kafka broker (KRaft) in this process.")
    boolean embedded;
  }

  /** Starts the embedded broker when asked; returns it (or null) — the caller closes it. */
  EmbeddedKafka startIfEmbedded() {
    if (!where.embedded) {
      return null;
    }
    EmbeddedKafka kafka =
        EmbeddedKafka.builder().port(embeddedPort).logDir(Path.of(".walnut", "kafka")).build();
    kafka.start();
    System.out.println("Kafka broker (KRaft) ready at " + kafka.bootstrapServers());
    return kafka;
  }

  /** The bootstrap servers, or null when neither option was given. */
  String bootstrap(EmbeddedKafka embedded) {
    return embedded != null ? embedded.bootstrapServers() : where.bootstrap;
  }
}
