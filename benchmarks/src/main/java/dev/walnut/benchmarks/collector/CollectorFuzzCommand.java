package dev.walnut.benchmarks.collector;

import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.fuzz.CollectorFuzzer;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code walnut bench collector-fuzz}: {@code --requests} generated malformed requests ({@link
 * CollectorFuzzer}'s mix) at the collector with its default settings, on a real embedded broker in
 * this JVM; prints requests, answered, crashes, the statuses, the records the 200s stand for
 * against the records in the good and bad topics, and the peak RSS and heap of the process (broker,
 * collector and fuzzer together). Exit 1 when a request crashed or went unanswered, or a record is
 * missing or extra.
 */
@Command(
    name = "collector-fuzz",
    mixinStandardHelpOptions = true,
    description =
        "Fuzz the Snowplow collector on a real broker: malformed requests, every one answered,"
            + " every record accounted for, peak memory.")
public final class CollectorFuzzCommand implements Callable<Integer> {

  @Option(
      names = "--requests",
      defaultValue = "1000000",
      description = "Requests to send. Default: 1000000.")
  long requests;

  @Option(
      names = "--connections",
      defaultValue = "16",
      description = "Keep-alive connections (one sender thread each). Default: 16.")
  int connections;

  @Option(names = "--seed", defaultValue = "1", description = "Generator seed. Default: 1.")
  long seed;

  /** Runs the command on its own (the {@code walnut} CLI mounts it as a subcommand). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new CollectorFuzzCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("snowplow-good", 2);
      kafka.createTopic("snowplow-bad", 1);
      CollectorConfig config =
          CollectorConfig.builder()
              .host("127.0.0.1")
              .port(0)
              .bootstrapServers(kafka.bootstrapServers())
              .build();
      CollectorFuzzer.Result result;
      long rssBefore = CollectorFuzzer.rssBytes();
      try (CollectorServer server = CollectorServer.start(config)) {
        result =
            CollectorFuzzer.of(
                    "127.0.0.1",
                    server.port(),
                    config.maxBodyBytes(),
                    config.maxEventsPerRequest(),
                    seed)
                .run(requests, connections);
      }
      long good = CollectorFuzzer.recordsIn(kafka.bootstrapServers(), "snowplow-good");
      long bad = CollectorFuzzer.recordsIn(kafka.bootstrapServers(), "snowplow-bad");
      long maxHeap = Runtime.getRuntime().maxMemory();
      System.out.printf(
          "collector defaults (body %,d bytes, %,d events/request, %,d connections) on an"
              + " embedded broker; %d connections; seed %d; %d cores; -Xmx %,d MB%n%n",
          config.maxBodyBytes(),
          config.maxEventsPerRequest(),
          config.maxConnections(),
          connections,
          seed,
          Runtime.getRuntime().availableProcessors(),
          maxHeap / (1024 * 1024));
      System.out.printf(
          "%12s %12s %8s %11s %14s %12s %10s %10s %10s %12s %12s %8s%n",
          "requests",
          "answered",
          "crashes",
          "unanswered",
          "expected rec",
          "good",
          "bad",
          "missing",
          "RSS start",
          "max RSS MB",
          "max heap MB",
          "seconds");
      long missing = result.expectedRecords() - (good + bad);
      System.out.printf(
          "%,12d %,12d %,8d %,11d %,14d %,12d %,10d %,10d %,10d %,12d %,12d %,8d%n",
          result.requests(),
          result.answered(),
          result.crashes(),
          result.unanswered(),
          result.expectedRecords(),
          good,
          bad,
          missing,
          rssBefore / (1024 * 1024),
          result.maxRssBytes() / (1024 * 1024),
          result.maxHeapUsedBytes() / (1024 * 1024),
          result.seconds());
      System.out.println();
      System.out.println("statuses: " + statuses(result.statuses()));
      System.out.println(
          "GC: "
              + ManagementFactory.getGarbageCollectorMXBeans().stream()
                  .map(g -> g.getName() + " " + g.getCollectionCount() + "×")
                  .toList());
      boolean ok =
          result.crashes() == 0
              && result.unanswered() == 0
              && result.answered() == result.requests()
              && missing == 0;
      System.out.println(ok ? "OK" : "FAILED");
      return ok ? 0 : 1;
    }
  }

  private static String statuses(Map<Integer, Long> statuses) {
    StringBuilder sb = new StringBuilder();
    statuses.forEach(
        (k, v) -> sb.append(k).append(": ").append(String.format("%,d", v)).append("  "));
    return sb.toString().trim();
  }
}
