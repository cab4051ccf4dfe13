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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * One wrk run's figures; {@code late} counts open-loop requests sent more than 1 ms after their
   * slot because no connection was free (0 in a closed loop).
   */
  record Run(
      double requestsPerSecond,
      double p50Millis,
      double p99Millis,
      long non2xx,
      long requests,
      long late,
      double maxLateMillis) {

    /** Late requests as a share of the requests answered. */
    double latePercent() {
      return requests == 0 ? 0 : Math.min(100, 100.0 * late / requests);
    }
  }

  /** Runs the command on its own (the {@code walnut} CLI mounts it as a subcommand). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new CollectorBenchmarkCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    Path workDir = Files.createTempDirectory("walnut-bench-collector");
    workDir.toFile().deleteOnExit(); // after the scripts below (deleted in reverse order)
    Path postScript = workDir.resolve("post10.lua");
    postScript.toFile().deleteOnExit();
    Files.writeString(postScript, postScript(), StandardCharsets.UTF_8);
    Path getOpenScript = workDir.resolve("get-open.lua");
    getOpenScript.toFile().deleteOnExit();
    Files.writeString(getOpenScript, openLoopScript(), StandardCharsets.UTF_8);
    Path postOpenScript = workDir.resolve("post10-open.lua");
    postOpenScript.toFile().deleteOnExit();
    Files.writeString(postOpenScript, postScript() + openLoopScript(), StandardCharsets.UTF_8);
    String getPath = "/i?" + pixelQuery();
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
        long before = endOffset(kafka.bootstrapServers());

        Run bareGet = wrk(bare0 + getPath, null, duration);
        Run walnutGet = wrk(walnut0 + getPath, null, duration);
        Run barePost = wrk(bare0 + postPath, postScript, duration);
        Run walnutPost = wrk(walnut0 + postPath, postScript, duration);
        Run bareGetOpen = open(bare0 + getPath, getOpenScript, getRate);
        Run walnutGetOpen = open(walnut0 + getPath, getOpenScript, getRate);
        Run barePostOpen = open(bare0 + postPath, postOpenScript, postRate);
        Run walnutPostOpen = open(walnut0 + postPath, postOpenScript, postRate);
        long written = endOffset(kafka.bootstrapServers()) - before;

        out.println();
        out.println(
            "Maximum throughput (closed loop: each connection sends its next request when the"
                + " answer arrives)");
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
        closedRow(out, "(a) GET /i, 1 event", walnutGet, 1, bareGet);
        closedRow(out, "(b) POST tp2, 10 events", walnutPost, 10, barePost);
        out.println();
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
        openRow(out, "(a) GET /i, 1 event", getRate, walnutGetOpen, bareGetOpen);
        openRow(out, "(b) POST tp2, 10 events", postRate, walnutPostOpen, barePostOpen);
        out.println();
        double seconds = duration.toSeconds();
        out.printf(
            "good records written to Kafka during the measured runs: %,d (expected ≥ %,d"
                + " acknowledged)%n",
            written,
            Math.round(
                (walnutGet.requestsPerSecond() + walnutGetOpen.requestsPerSecond()) * seconds
                    + (walnutPost.requestsPerSecond() + walnutPostOpen.requestsPerSecond())
                        * seconds
                        * 10));
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

  /** An open-loop run: {@code rate} requests/s in all, spread over the wrk threads. */
  private Run open(String url, Path script, int rate) throws IOException, InterruptedException {
    return wrk(url, script, duration, openConnections, (double) rate / threads);
  }

  private static void closedRow(PrintStream out, String name, Run walnut, int events, Run bare) {
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

  private static void openRow(PrintStream out, String name, int offered, Run walnut, Run bare) {
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

  private Run wrk(String url, Path script, Duration length)
      throws IOException, InterruptedException {
    return wrk(url, script, length, connections, 0);
  }

  /** One wrk run; a positive {@code ratePerThread} is handed to the open-loop script. */
  private Run wrk(String url, Path script, Duration length, int conns, double ratePerThread)
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
    Matcher late =
        Pattern.compile("open-loop late requests: (\\d+), max lateness ([0-9.]+) ms")
            .matcher(wrkOutput);
    boolean open = late.find();
    Matcher requests = Pattern.compile("(\\d+) requests in ").matcher(wrkOutput);
    return new Run(
        rps,
        p50,
        p99,
        bad,
        requests.find() ? Long.parseLong(requests.group(1)) : 0,
        open ? Long.parseLong(late.group(1)) : 0,
        open ? Double.parseDouble(late.group(2)) : 0);
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

  /**
   * wrk (4.x, LuaJIT) pacing for the open loop: each wrk thread owns a schedule of {@code rate}
   * requests per second (the script argument); a connection that becomes free takes the next slot
   * and waits for it. A slot already more than 1 ms past when a connection takes it is counted as
   * late: the server held every connection, and wrk's latency (measured from the actual send) would
   * hide that wait (coordinated omission), so a run with late requests is not a valid latency
   * figure at that rate.
   */
  static String openLoopScript() {
    return String.join(
        "\n",
        "local ffi = require(\"ffi\")",
        "ffi.cdef[[",
        "typedef struct { long tv_sec; long tv_nsec; } walnut_timespec;",
        "int clock_gettime(int clock, walnut_timespec *tp);",
        "]]",
        "local ts = ffi.new(\"walnut_timespec\")",
        "local function now_ms()",
        "  ffi.C.clock_gettime(1, ts)",
        "  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6",
        "end",
        "interval = 1",
        "nextSlot = nil",
        "late = 0",
        "lateMax = 0",
        "function init(args)",
        "  interval = 1000 / tonumber(args[1])",
        "end",
        "function delay()",
        "  local now = now_ms()",
        "  if nextSlot == nil then nextSlot = now end",
        "  local slot = nextSlot",
        "  nextSlot = slot + interval",
        "  local d = slot - now",
        "  if d < -1 then",
        "    late = late + 1",
        "    if -d > lateMax then lateMax = -d end",
        "  end",
        "  if d <= 0.5 then return 0 end",
        "  return math.floor(d + 0.5)",
        "end",
        "local threads = {}",
        "function setup(thread)",
        "  table.insert(threads, thread)",
        "end",
        "function done(summary, latency, requests)",
        "  local l, m = 0, 0",
        "  for _, t in ipairs(threads) do",
        "    l = l + t:get(\"late\")",
        "    m = math.max(m, t:get(\"lateMax\"))",
        "  end",
        "  io.write(string.format(\"open-loop late requests: %d, max lateness %.1f ms\\n\", l, m))",
        "end",
        "");
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
