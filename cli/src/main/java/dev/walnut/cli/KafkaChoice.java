package dev.walnut.cli;

import dev.walnut.embedded.kafka.EmbeddedKafka;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The command-line options {@code --kafka HOST:PORT | --embedded-kafka [--kafka-port N]}: where a
 * command's Kafka is. A picocli mixin shared by the commands that need Kafka ({@code run}, {@code
 * collector}).
 */
public final class KafkaChoice {
  @ArgGroup(exclusive = true)
  Where where = new Where();

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Port of the embedded broker. Default: ${DEFAULT-VALUE}.")
  int embeddedPort;

  /** The two exclusive choices. */
  public static final class Where {
    @Option(names = "--kafka", paramLabel = "HOST:PORT", description = "An existing Kafka cluster.")
    String bootstrap;

    @Option(
        names = "--embedded-kafka",
        description = "Start a real single-node Kafka broker (KRaft) in this process.")
    boolean embedded;
  }

  /** Starts the embedded broker when asked; returns it (or null) — the caller closes it. */
  public EmbeddedKafka startIfEmbedded() {
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
  public String bootstrap(EmbeddedKafka embedded) {
    return embedded != null ? embedded.bootstrapServers() : where.bootstrap;
  }
}
