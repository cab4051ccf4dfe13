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

  @Option(
      names = "--fresh-kafka",
      description =
          "With --embedded-kafka: delete the broker's data (.walnut/kafka) first, so topics and"
              + " records of earlier runs are gone.")
  boolean fresh;

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
    Path data = Path.of(".walnut", "kafka");
    if (fresh) {
      deleteTree(data);
    }
    EmbeddedKafka kafka = EmbeddedKafka.builder().port(embeddedPort).logDir(data).build();
    kafka.start();
    System.out.println(
        "Kafka broker (KRaft) ready at "
            + kafka.bootstrapServers()
            + "; its topics and records are kept in "
            + data.toAbsolutePath()
            + " across runs (start clean with --fresh-kafka)");
    return kafka;
  }

  private static void deleteTree(Path dir) {
    if (!java.nio.file.Files.exists(dir)) {
      return;
    }
    try (var paths = java.nio.file.Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        java.nio.file.Files.delete(p);
      }
    } catch (java.io.IOException e) {
      throw new IllegalStateException("cannot delete the embedded broker's data in " + dir, e);
    }
  }

  /** The bootstrap servers, or null when neither option was given. */
  public String bootstrap(EmbeddedKafka embedded) {
    return embedded != null ? embedded.bootstrapServers() : where.bootstrap;
  }
}
