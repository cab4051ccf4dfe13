package dev.walnut.embedded.kafka;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafka} until the JVM is stopped; behind {@code ./walnut kafka [--port N]}.
 *
 * <pre>
 * KafkaBrokerMain [--port N] [--log-dir DIR]
 *   --port N         broker port on 127.0.0.1 (default 9092, 0 for a free one)
 *   --log-dir DIR    where the records live, kept across runs (default .walnut/kafka)
 * </pre>
 */
public final class KafkaBrokerMain {

  static final int DEFAULT_PORT = 9092;
  static final Path DEFAULT_LOG_DIR = Path.of(".walnut", "kafka");

  private KafkaBrokerMain() {}

  public static void main(String[] args) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(Options.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      System.out.println(Options.USAGE);
      return;
    }
    EmbeddedKafka kafka;
    try {
      if (options.port() != 0) {
        FreePorts.requireFree(
            EmbeddedKafka.HOST,
            options.port(),
            "port " + options.port() + " is in use; pass --port N, or --port 0 for a free port");
      }
      kafka = EmbeddedKafka.builder().port(options.port()).logDir(options.logDir()).build();
      kafka.start();
    } catch (RuntimeException e) {
      System.err.println(e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  stopped.countDown();
                },
                "walnut-kafka-shutdown"));
    System.out.println("Kafka broker (KRaft) ready at " + kafka.bootstrapServers());
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The parsed command line. */
  record Options(int port, Path logDir, boolean help) {

    static final String USAGE =
        "usage: KafkaBrokerMain [--port N] [--log-dir DIR]\n"
            + "  --port N         broker port on 127.0.0.1 (default 9092, 0 for a free one)\n"
            + "  --log-dir DIR    where the records live, kept across runs (default .walnut/kafka)";

    static Options parse(String... args) {
      int port = DEFAULT_PORT;
      Path logDir = DEFAULT_LOG_DIR;
      boolean help = false;
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--port" -> port = parsePort(valueOf(args, ++i, arg));
          case "--log-dir" -> logDir = Path.of(valueOf(args, ++i, arg));
          case "-h", "--help" -> help = true;
          default -> throw new IllegalArgumentException("unknown option `" + arg + "`");
        }
      }
      return new Options(port, logDir.toAbsolutePath(), help);
    }

    private static String valueOf(String[] args, int index, String option) {
      if (index >= args.length || args[index].startsWith("--")) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      return args[index];
    }

    private static int parsePort(String value) {
      try {
        int port = Integer.parseInt(value);
        if (port < 0 || port > 65_535) {
          throw new NumberFormatException();
        }
        return port;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--port must be a number between 0 and 65535 (0 picks a free port), got `"
                + value
                + "`");
      }
    }
  }
}
