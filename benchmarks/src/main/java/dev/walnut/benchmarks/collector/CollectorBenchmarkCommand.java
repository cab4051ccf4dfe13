package dev.walnut.benchmarks.collector;

import dev.walnut.benchmarks.BenchRunOptions;
import dev.walnut.benchmarks.Better;
import dev.walnut.benchmarks.Goal;
import dev.walnut.benchmarks.ResultTable;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.CookieSettings;
import io.undertow.Undertow;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code walnut bench collector}: requests per second and latency of the collector against a real
 * embedded broker with acknowledgements ({@code acks=all}), beside a bare Undertow server on the
 * same stack that answers 200 without Kafka (this machine's ceiling), measured in the same run by
 * {@code wrk} on loopback. Each of {@code --runs} runs measures both servers in every scenario,
 * alternating which goes first; the goals ((a) ≥ 20,000 requests/s and ≥ 0.5 × the bare server, p99
 * &lt; 10 ms at 20,000 requests/s; (b) ≥ 100,000 events/s) are judged on the median.
 */
@Command(
    name = CollectorBenchmarkCommand.NAME,
    mixinStandardHelpOptions = true,
    description =
        "Benchmark the Snowplow collector (GET /i and POST batches of 10) against a bare HTTP"
            + " server, with wrk on loopback.")
public final class CollectorBenchmarkCommand implements Callable<Integer> {
  static final String NAME = "collector";
  static final String GOOD = "snowplow-good";
  static final String BAD = "snowplow-bad";

  @Mixin BenchRunOptions options;

  @Option(
      names = "--duration",
      defaultValue = "PT10S",
      description = "Length of each measured wrk run. Default: PT10S.")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "PT15S",
      description =
          "wrk load on each server and scenario before measuring (JIT, producer). Default: PT15S.")
  Duration warmup;

  @Option(
      names = "--connections",
      defaultValue = "256",
      description =
          "Connections of the closed loop. Default: 256: a closed loop carries at most"
              + " connections ÷ latency requests per second (Little's law), and the collector's"
              + " answer waits for Kafka's acknowledgement (~2 ms), so 64 connections cap it near"
              + " 30,000/s before the CPU is used up.")
  int connections;

  @Option(
      names = "--open-connections",
      defaultValue = "256",
      description =
          "Connections of the open-loop runs: enough that a slow answer does not hold back the"
              + " next scheduled request. Default: 256.")
  int openConnections;

  @Option(names = "--threads", defaultValue = "2", description = "wrk threads. Default: 2.")
  int threads;

  @Option(
      names = "--get-rate",
      defaultValue = "20000",
      description = "Offered requests/s of the open-loop GET /i run. Default: 20000.")
  int getRate;

  @Option(
      names = "--post-rate",
      defaultValue = "10000",
      description =
          "Offered requests/s (10 events each) of the open-loop POST run. Default: 10000.")
  int postRate;

  @Option(
      names = "--producer-property",
      description = "Extra producer setting of the collector, KEY=VALUE (repeatable).")
  Map<String, String> producerProperties = new LinkedHashMap<>();

  @Option(
      names = "--broker-property",
      description = "Extra setting of the embedded broker, KEY=VALUE (repeatable).")
  Map<String, String> brokerProperties = new LinkedHashMap<>();

  @Option(
      names = "--io-threads",
      defaultValue = "2",
      description = "Undertow I/O threads of the collector and of the bare server. Default: 2.")
  int ioThreads;

  @Option(names = "--wrk", defaultValue = "wrk", description = "The wrk executable.")
  String wrk;

  /** One run of every scenario on both servers. */
  record Round(
      WrkRun walnutGet,
      WrkRun bareGet,
      WrkRun walnutPost,
      WrkRun barePost,
      WrkRun walnutGetOpen,
      WrkRun bareGetOpen,
      WrkRun walnutPostOpen,
      WrkRun barePostOpen) {}

  /** Runs the command on its own (the {@code walnut} CLI mounts it as a subcommand). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new CollectorBenchmarkCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    int runs = options.runs();
    PrintStream out = System.out;
    Path workDir = Files.createTempDirectory("walnut-bench-collector");
    workDir.toFile().deleteOnExit(); // after the scripts below (deleted in reverse order)
    Path postScript = workDir.resolve("post10.lua");
    postScript.toFile().deleteOnExit();
    Files.writeString(postScript, WrkScripts.post10(), StandardCharsets.UTF_8);
    Path getOpenScript = workDir.resolve("get-open.lua");
    getOpenScript.toFile().deleteOnExit();
    Files.writeString(getOpenScript, WrkScripts.openLoop(), StandardCharsets.UTF_8);
    Path postOpenScript = workDir.resolve("post10-open.lua");
    postOpenScript.toFile().deleteOnExit();
    Files.writeString(
        postOpenScript, WrkScripts.post10() + WrkScripts.openLoop(), StandardCharsets.UTF_8);
    String getPath = "/i?" + WrkScripts.pixelQuery();
    String postPath = "/com.snowplowanalytics.snowplow/tp2";
    // the broker's log (gigabytes after a run) lives in a temp dir the broker deletes on close
    EmbeddedKafka.Builder broker = EmbeddedKafka.builder();
    brokerProperties.forEach(broker::brokerProperty);
    try (EmbeddedKafka kafka = broker.build()) {
      kafka.start();
      kafka.createTopic(GOOD, 2);
      kafka.createTopic(BAD, 1);
      Undertow bare = bareServer(ioThreads);
      int barePort = ((InetSocketAddress) bare.getListenerInfo().get(0).getAddress()).getPort();
      CollectorServer collector =
          CollectorServer.start(
              CollectorConfig.builder()
                  .host("127.0.0.1")
                  .port(0)
                  .ioThreads(ioThreads)
                  .bootstrapServers(kafka.bootstrapServers())
                  .producerProperties(producerProperties)
                  .cookie(CookieSettings.localDevelopment())
                  .build());
      try {
        String bare0 = "http://127.0.0.1:" + barePort;
        String walnut0 = "http://127.0.0.1:" + collector.port();
        out.printf(
            "wrk -t%d -c%d -d%ds --latency on loopback; broker %s (acks=all, idempotent)%s%s;"
                + " %d Undertow I/O threads; %s warm-up per server and scenario%n",
            threads,
            connections,
            duration.toSeconds(),
            kafka.bootstrapServers(),
            brokerProperties.isEmpty() ? "" : " broker " + brokerProperties,
            producerProperties.isEmpty() ? "" : " producer " + producerProperties,
            ioThreads,
            warmup);
        // the JIT, the producer and the broker reach their steady state; same load on the bare
        // server so neither side is measured cold
        for (String base : List.of(walnut0, bare0)) {
          wrk(base + getPath, null, warmup);
          wrk(base + postPath, postScript, warmup);
        }
        List<Round> rounds = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
          // odd runs measure the bare server first, even runs the collector
          boolean walnutFirst = run % 2 == 0;
          long before = endOffset(kafka.bootstrapServers());
          WrkRun[] get = pair(walnut0 + getPath, bare0 + getPath, null, 0, walnutFirst);
          WrkRun[] post = pair(walnut0 + postPath, bare0 + postPath, postScript, 0, walnutFirst);
          WrkRun[] getOpen =
              pair(walnut0 + getPath, bare0 + getPath, getOpenScript, getRate, walnutFirst);
          WrkRun[] postOpen =
              pair(walnut0 + postPath, bare0 + postPath, postOpenScript, postRate, walnutFirst);
          long written = endOffset(kafka.bootstrapServers()) - before;
          Round round =
              new Round(
                  get[0],
                  get[1],
                  post[0],
                  post[1],
                  getOpen[0],
                  getOpen[1],
                  postOpen[0],
                  postOpen[1]);
          rounds.add(round);
          printRound(out, run, runs, round, written);
        }
        ResultTable table = table(rounds, getRate, postRate);
        out.println();
        out.print(table.render());
        out.println("Anchor: Snowplow Mini ≈ 3,000 requests/s.");
        return options.finish(out, table);
      } finally {
        collector.close();
        bare.stop();
      }
    }
  }

  /**
   * One scenario on both servers, in the given order: the collector's run, then the bare server's.
   * A positive {@code rate} makes it an open-loop run at that many requests/s.
   */
  private WrkRun[] pair(
      String walnutUrl, String bareUrl, Path script, int rate, boolean walnutFirst)
      throws IOException, InterruptedException {
    WrkRun walnut;
    WrkRun bare;
    if (walnutFirst) {
      walnut = measure(walnutUrl, script, rate);
      bare = measure(bareUrl, script, rate);
    } else {
      bare = measure(bareUrl, script, rate);
      walnut = measure(walnutUrl, script, rate);
    }
    return new WrkRun[] {walnut, bare};
  }

  private WrkRun measure(String url, Path script, int rate)
      throws IOException, InterruptedException {
    return rate > 0 ? open(url, script, rate) : wrk(url, script, duration);
  }

  /** One run's wrk figures, as the two tables of that run. */
  private void printRound(PrintStream out, int run, int runs, Round r, long written) {
    out.println();
    out.printf(
        "WrkRun %d of %d. Maximum throughput (closed loop: each connection sends its next request"
            + " when the answer arrives)%n",
        run, runs);
    out.printf(
        "%-26s %13s %11s %8s %8s %7s %11s %8s %8s %6s%n",
        "scenario",
        "walnut req/s",
        "events/s",
        "p50 ms",
        "p99 ms",
        "non-2xx",
        "bare req/s",
        "p50 ms",
        "p99 ms",
        "ratio");
    closedRow(out, "(a) GET /i, 1 event", r.walnutGet(), 1, r.bareGet());
    closedRow(out, "(b) POST tp2, 10 events", r.walnutPost(), 10, r.barePost());
    out.println(
        "Latency at a fixed offered rate (open loop, "
            + openConnections
            + " connections: requests leave on a schedule, on whichever connection is free;"
            + " late % = requests sent > 1 ms after their slot)");
    out.printf(
        "%-26s %9s | %11s %8s %8s %6s %7s | %11s %8s %8s %6s%n",
        "scenario",
        "offered/s",
        "walnut req/s",
        "p50 ms",
        "p99 ms",
        "late %",
        "non-2xx",
        "bare req/s",
        "p50 ms",
        "p99 ms",
        "late %");
    openRow(out, "(a) GET /i, 1 event", getRate, r.walnutGetOpen(), r.bareGetOpen());
    openRow(out, "(b) POST tp2, 10 events", postRate, r.walnutPostOpen(), r.barePostOpen());
    double seconds = duration.toSeconds();
    out.printf(
        "good records written to Kafka during run %d: %,d (expected ≥ %,d acknowledged)%n",
        run,
        written,
        Math.round(
            (r.walnutGet().requestsPerSecond() + r.walnutGetOpen().requestsPerSecond()) * seconds
                + (r.walnutPost().requestsPerSecond() + r.walnutPostOpen().requestsPerSecond())
                    * seconds
                    * 10));
  }

  /** The runs as the shared result table, with the collector's goals. */
  static ResultTable table(List<Round> rounds, int getRate, int postRate) {
    ResultTable t = ResultTable.of(NAME, "walnut collector", "bare Undertow");
    String getOpen = String.format(Locale.ROOT, "(a) GET /i open loop at %,d/s", getRate);
    String postOpen = String.format(Locale.ROOT, "(b) POST tp2 open loop at %,d/s", postRate);
    ResultTable.Row getRps =
        t.row("(a) GET /i closed loop, requests/s", Better.HIGHER, "%,.0f")
            .goal(Goal.atLeast(20_000))
            .goal(Goal.ratioAtLeast(0.5));
    ResultTable.Row getP99 = t.row("(a) GET /i closed loop, p99 ms", Better.LOWER, "%.2f");
    ResultTable.Row getOpenP99 =
        t.row(getOpen + ", p99 ms", Better.LOWER, "%.2f").goal(Goal.below(10));
    ResultTable.Row getOpenLate = t.row(getOpen + ", late %", Better.LOWER, "%.1f").withoutRatio();
    ResultTable.Row postEvents =
        t.row("(b) POST tp2 closed loop, events/s", Better.HIGHER, "%,.0f")
            .goal(Goal.atLeast(100_000));
    ResultTable.Row postRps =
        t.row("(b) POST tp2 closed loop, requests/s", Better.HIGHER, "%,.0f")
            .labels("walnut collector", "bare Undertow (nothing per event)");
    ResultTable.Row postOpenP99 = t.row(postOpen + ", p99 ms", Better.LOWER, "%.2f");
    ResultTable.Row postOpenLate =
        t.row(postOpen + ", late %", Better.LOWER, "%.1f").withoutRatio();
    for (Round r : rounds) {
      getRps.walnut(r.walnutGet().requestsPerSecond()).reference(r.bareGet().requestsPerSecond());
      getP99.walnut(r.walnutGet().p99Millis()).reference(r.bareGet().p99Millis());
      getOpenP99.walnut(r.walnutGetOpen().p99Millis()).reference(r.bareGetOpen().p99Millis());
      getOpenLate.walnut(r.walnutGetOpen().latePercent()).reference(r.bareGetOpen().latePercent());
      postEvents.walnut(r.walnutPost().requestsPerSecond() * 10);
      postRps
          .walnut(r.walnutPost().requestsPerSecond())
          .reference(r.barePost().requestsPerSecond());
      postOpenP99.walnut(r.walnutPostOpen().p99Millis()).reference(r.barePostOpen().p99Millis());
      postOpenLate
          .walnut(r.walnutPostOpen().latePercent())
          .reference(r.barePostOpen().latePercent());
    }
    return t;
  }

  /** An open-loop run: {@code rate} requests/s in all, spread over the wrk threads. */
  private WrkRun open(String url, Path script, int rate) throws IOException, InterruptedException {
    return wrk(url, script, duration, openConnections, (double) rate / threads);
  }

  private static void closedRow(
      PrintStream out, String name, WrkRun walnut, int events, WrkRun bare) {
    out.printf(
        Locale.ROOT,
        "%-26s %,13.0f %,11.0f %8.2f %8.2f %7d %,11.0f %8.2f %8.2f %6.2f%n",
        name,
        walnut.requestsPerSecond(),
        walnut.requestsPerSecond() * events,
        walnut.p50Millis(),
        walnut.p99Millis(),
        walnut.non2xx(),
        bare.requestsPerSecond(),
        bare.p50Millis(),
        bare.p99Millis(),
        walnut.requestsPerSecond() / bare.requestsPerSecond());
  }

  private static void openRow(
      PrintStream out, String name, int offered, WrkRun walnut, WrkRun bare) {
    out.printf(
        Locale.ROOT,
        "%-26s %,9d | %,11.0f %8.2f %8.2f %6.1f %7d | %,11.0f %8.2f %8.2f %6.1f%n",
        name,
        offered,
        walnut.requestsPerSecond(),
        walnut.p50Millis(),
        walnut.p99Millis(),
        walnut.latePercent(),
        walnut.non2xx(),
        bare.requestsPerSecond(),
        bare.p50Millis(),
        bare.p99Millis(),
        bare.latePercent());
  }

  private WrkRun wrk(String url, Path script, Duration length)
      throws IOException, InterruptedException {
    return wrk(url, script, length, connections, 0);
  }

  /** One wrk run; a positive {@code ratePerThread} is handed to the open-loop script. */
  private WrkRun wrk(String url, Path script, Duration length, int conns, double ratePerThread)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(wrk);
    cmd.add("-t" + threads);
    cmd.add("-c" + conns);
    cmd.add("-d" + Math.max(1, length.toSeconds()) + "s");
    cmd.add("--latency");
    if (script != null) {
      cmd.add("-s");
      cmd.add(script.toString());
    }
    cmd.add(url);
    if (ratePerThread > 0) {
      cmd.add("--");
      cmd.add(String.format(Locale.ROOT, "%.3f", ratePerThread));
    }
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run `" + wrk + "`: install it (apt-get install -y wrk) or pass --wrk PATH", e);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(length.toSeconds() + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("wrk failed:\n" + output);
    }
    return WrkRun.parse(output);
  }

  private static long endOffset(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(GOOD).stream()
              .map(i -> new TopicPartition(GOOD, i.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }

  /** The reference: same Undertow stack and I/O threads, answers at once, no Kafka. */
  private static Undertow bareServer(int ioThreads) {
    byte[] pixel =
        Base64.getDecoder().decode("R0lGODlhAQABAPAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
    Undertow server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setIoThreads(ioThreads)
            .setWorkerThreads(2)
            .setHandler(
                (HttpServerExchange exchange) -> {
                  if (Methods.POST.equals(exchange.getRequestMethod())) {
                    exchange
                        .getRequestReceiver()
                        .receiveFullBytes(
                            (ex, body) -> {
                              ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain");
                              ex.getResponseSender().send("ok");
                            });
                  } else {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "image/gif");
                    exchange.getResponseSender().send(ByteBuffer.wrap(pixel));
                  }
                })
            .build();
    server.start();
    return server;
  }
}
