package dev.walnut.snowplow.cli;

import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.CookieSettings;
import dev.walnut.testkit.kafka.EmbeddedKafka;
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
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code walnut bench collector}: requests per second and latency of the collector against a real
 * embedded broker with acknowledgements ({@code acks=all}), beside a bare Undertow server on the
 * same stack that answers 200 without Kafka (this machine's ceiling), measured in the same run by
 * {@code wrk} on loopback.
 */
@Command(
    name = "collector",
    mixinStandardHelpOptions = true,
    description =
        "Benchmark the Snowplow collector (GET /i and POST batches of 10) against a bare HTTP"
            + " server, with wrk on loopback.")
public final class CollectorBenchmarkCommand implements Callable<Integer> {
  static final String GOOD = "snowplow-good";
  static final String BAD = "snowplow-bad";

  @Option(
      names = "--duration",
      defaultValue = "PT10S",
      description = "Length of each wrk run. Default: PT10S.")
  Duration duration;

  @Option(
      names = "--connections",
      defaultValue = "64",
      description = "Open HTTP connections. Default: 64.")
  int connections;

  @Option(names = "--threads", defaultValue = "2", description = "wrk threads. Default: 2.")
  int threads;

  @Option(names = "--wrk", defaultValue = "wrk", description = "The wrk executable.")
  String wrk;

  /** One wrk run's figures. */
  record Run(double requestsPerSecond, double p50Millis, double p99Millis, long non2xx) {}

  /** Runs the command on its own (the {@code walnut} CLI mounts it as a subcommand). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new CollectorBenchmarkCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path workDir = Files.createTempDirectory("walnut-bench-collector");
    Path postScript = workDir.resolve("post10.lua");
    Files.writeString(postScript, postScript(), StandardCharsets.UTF_8);
    String getPath = "/i?" + pixelQuery();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().logDir(workDir.resolve("kafka")).build()) {
      kafka.start();
      kafka.createTopic(GOOD, 2);
      kafka.createTopic(BAD, 1);
      Undertow bare = bareServer();
      int barePort = ((InetSocketAddress) bare.getListenerInfo().get(0).getAddress()).getPort();
      CollectorServer collector =
          CollectorServer.start(
              CollectorConfig.builder()
                  .host("127.0.0.1")
                  .port(0)
                  .bootstrapServers(kafka.bootstrapServers())
                  .cookie(CookieSettings.localDevelopment())
                  .build());
      try {
        String bareUrl = "http://127.0.0.1:" + barePort;
        String collectorUrl = "http://127.0.0.1:" + collector.port();
        out.printf(
            "wrk -t%d -c%d -d%ds --latency, broker %s (acks=all, idempotent)%n",
            threads, connections, duration.toSeconds(), kafka.bootstrapServers());
        // warm up the JIT and the producer
        wrk(collectorUrl + getPath, null, Duration.ofSeconds(3));
        wrk(
            collectorUrl + "/com.snowplowanalytics.snowplow/tp2",
            postScript,
            Duration.ofSeconds(3));
        long before = endOffset(kafka.bootstrapServers());

        Run bareGet = wrk(bareUrl + getPath, null, duration);
        Run walnutGet = wrk(collectorUrl + getPath, null, duration);
        Run barePost = wrk(bareUrl + "/com.snowplowanalytics.snowplow/tp2", postScript, duration);
        Run walnutPost =
            wrk(collectorUrl + "/com.snowplowanalytics.snowplow/tp2", postScript, duration);
        long written = endOffset(kafka.bootstrapServers()) - before;

        out.println();
        out.printf(
            "%-26s %14s %14s %9s %9s %8s %14s %7s%n",
            "scenario",
            "walnut req/s",
            "events/s",
            "p50 ms",
            "p99 ms",
            "non-2xx",
            "bare req/s",
            "ratio");
        row(out, "(a) GET /i, 1 event", walnutGet, 1, bareGet);
        row(out, "(b) POST tp2, 10 events", walnutPost, 10, barePost);
        out.println();
        out.printf(
            "good records written to Kafka during the measured runs: %,d (expected ≥ %,d"
                + " acknowledged)%n",
            written,
            Math.round(
                walnutGet.requestsPerSecond() * duration.toSeconds()
                    + walnutPost.requestsPerSecond() * duration.toSeconds() * 10));
        out.println(
            "goals: (a) ≥ 20,000 req/s with p99 < 10 ms; (b) ≥ 100,000 events/s; ratio ≥ 0.5."
                + " Anchor: Snowplow Mini ≈ 3,000 req/s.");
      } finally {
        collector.close();
        bare.stop();
      }
    }
    return 0;
  }

  private static void row(PrintStream out, String name, Run walnut, int events, Run bare) {
    out.printf(
        Locale.ROOT,
        "%-26s %,14.0f %,14.0f %9.2f %9.2f %8d %,14.0f %7.2f%n",
        name,
        walnut.requestsPerSecond(),
        walnut.requestsPerSecond() * events,
        walnut.p50Millis(),
        walnut.p99Millis(),
        walnut.non2xx(),
        bare.requestsPerSecond(),
        walnut.requestsPerSecond() / bare.requestsPerSecond());
  }

  private Run wrk(String url, Path script, Duration length)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(wrk);
    cmd.add("-t" + threads);
    cmd.add("-c" + connections);
    cmd.add("-d" + Math.max(1, length.toSeconds()) + "s");
    cmd.add("--latency");
    if (script != null) {
      cmd.add("-s");
      cmd.add(script.toString());
    }
    cmd.add(url);
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
    return parse(output);
  }

  static Run parse(String wrkOutput) {
    double rps = number(wrkOutput, "Requests/sec:\\s+([0-9.]+)");
    double p50 = millis(wrkOutput, "50%");
    double p99 = millis(wrkOutput, "99%");
    Matcher non2xx = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)").matcher(wrkOutput);
    long bad = non2xx.find() ? Long.parseLong(non2xx.group(1)) : 0;
    Matcher errors =
        Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)")
            .matcher(wrkOutput);
    if (errors.find()) {
      for (int g = 1; g <= 4; g++) {
        bad += Long.parseLong(errors.group(g));
      }
    }
    return new Run(rps, p50, p99, bad);
  }

  private static double number(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("unexpected wrk output (no " + regex + "):\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  private static double millis(String text, String percentile) {
    Matcher m =
        Pattern.compile(Pattern.quote(percentile) + "\\s+([0-9.]+)(us|ms|s)\\b").matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("unexpected wrk output (no " + percentile + "):\n" + text);
    }
    double v = Double.parseDouble(m.group(1));
    return switch (m.group(2)) {
      case "us" -> v / 1000;
      case "s" -> v * 1000;
      default -> v;
    };
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
  private static Undertow bareServer() {
    byte[] pixel =
        Base64.getDecoder().decode("R0lGODlhAQABAPAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");
    Undertow server =
        Undertow.builder()
            .addHttpListener(0, "127.0.0.1")
            .setIoThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
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

  static String pixelQuery() {
    return "e=pv&p=web&tv=js-4.0.0&aid=bench&eid="
        + UUID.randomUUID()
        + "&duid=d1c2b3a4-0000-4000-8000-000000000001&url=https%3A%2F%2Fshop.example%2Fp%2F42"
        + "&dtm="
        + System.currentTimeMillis()
        + "&cx="
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\","
                        + "\"data\":[{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/"
                        + "product/jsonschema/1-0-0\",\"data\":{\"id\":\"p-42\",\"price\":4.5,"
                        + "\"currency\":\"EUR\"}}]}")
                    .getBytes(StandardCharsets.UTF_8));
  }

  static String postScript() {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < 10; i++) {
      if (i > 0) {
        events.append(',');
      }
      events
          .append("{\"e\":\"pv\",\"p\":\"web\",\"tv\":\"js-4.0.0\",\"aid\":\"bench\",\"eid\":\"")
          .append(UUID.randomUUID())
          .append("\",\"duid\":\"d-")
          .append(i)
          .append("\",\"url\":\"https://shop.example/p/")
          .append(i)
          .append("\",\"dtm\":\"")
          .append(System.currentTimeMillis())
          .append("\"}");
    }
    String body =
        "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4\","
            + "\"data\":["
            + events
            + "]}";
    return "wrk.method = \"POST\"\n"
        + "wrk.headers[\"Content-Type\"] = \"application/json; charset=UTF-8\"\n"
        + "wrk.body = [["
        + body
        + "]]\n";
  }
}
