package dev.walnut.cli;

import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.CookieSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code walnut collector}: the Snowplow collector (HTTP → Kafka) as a service, until Ctrl-C. Kafka
 * is an existing cluster ({@code --kafka}) or a real broker started in this process ({@code
 * --embedded-kafka}).
 */
@Command(
    name = "collector",
    mixinStandardHelpOptions = true,
    description = "Run the Snowplow collector: tracker events over HTTP into Kafka.")
public final class CollectorCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "8090",
      description = "HTTP port. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--host",
      defaultValue = "0.0.0.0",
      description = "Address to listen on. Default: 0.0.0.0.")
  String host;

  @Mixin KafkaChoice kafka;

  @Option(names = "--good-topic", defaultValue = "snowplow-good", description = "Good events.")
  String goodTopic;

  @Option(names = "--bad-topic", defaultValue = "snowplow-bad", description = "Bad rows.")
  String badTopic;

  @Option(
      names = "--local-dev",
      description =
          "Cookie for pages on http://localhost: no Secure, SameSite=Lax (default: Snowplow's"
              + " SameSite=None; Secure).")
  boolean localDev;

  @Option(names = "--no-cookie", description = "Do not set the network user id cookie.")
  boolean noCookie;

  @Option(names = "--cookie-name", defaultValue = "sp", description = "Default: sp.")
  String cookieName;

  @Option(
      names = "--cookie-domain",
      split = ",",
      description = "Cookie domains; the first the request's host ends with is used.")
  List<String> cookieDomains = List.of();

  @Option(names = "--cookie-path", defaultValue = "/", description = "Default: /.")
  String cookiePath;

  @Option(
      names = "--cookie-expiry",
      defaultValue = "P365D",
      description = "ISO-8601 duration. Default: P365D.")
  Duration cookieExpiry;

  @Option(
      names = "--max-body-bytes",
      defaultValue = "1048576",
      description = "Larger requests become size_violation bad rows. Default: 1 MiB.")
  int maxBodyBytes;

  @Option(
      names = "--request-timeout",
      defaultValue = "PT10S",
      description = "How long a request waits for Kafka before a 503. Default: PT10S.")
  Duration requestTimeout;

  @Option(
      names = "--max-events-in-flight",
      defaultValue = "10000",
      description = "Events awaiting Kafka before requests get 503. Default: 10000.")
  int maxEventsInFlight;

  @Option(
      names = "--redirect-allow",
      split = ",",
      description = "Turns /r/tp2 on for these target hosts.")
  Set<String> redirectHosts = Set.of();

  @Option(
      names = "--path-alias",
      split = ",",
      description = "Extra POST paths treated as /com.snowplowanalytics.snowplow/tp2.")
  List<String> pathAliases = List.of();

  @Option(
      names = "--micro-buffer",
      defaultValue = "1000",
      description = "Events kept for /micro/good and /micro/bad. Default: 1000.")
  int microBuffer;

  @Option(
      names = "--micro",
      description =
          "Turn /micro/* on (off by default: it shows IPs and user ids): for loopback clients, and"
              + " for others sending `Authorization: Bearer $WALNUT_COLLECTOR_MICRO_TOKEN` when"
              + " that variable is set.")
  boolean micro;

  @Option(
      names = "--max-events-per-request",
      defaultValue = "1000",
      description =
          "Events one request may carry; more become one size_violation bad row. Default: 1000.")
  int maxEventsPerRequest;

  @Option(
      names = "--max-header-bytes-per-record",
      defaultValue = "8192",
      description = "Bytes of request headers kept in each record. Default: 8192.")
  int maxHeaderBytesPerRecord;

  @Option(
      names = "--max-connections",
      defaultValue = "2048",
      description = "Open connections; further clients wait until one closes. Default: 2048.")
  int maxConnections;

  @Option(
      names = "--trusted-proxy",
      split = ",",
      description =
          "Proxies (CIDRs or addresses) whose X-Forwarded-For is believed. Default: none (the IP"
              + " is the socket's).")
  List<String> trustedProxies = List.of();

  @Option(
      names = "--producer-property",
      description =
          "A Kafka producer setting, KEY=VALUE (repeatable), e.g. security.protocol=SASL_SSL,"
              + " linger.ms=5, compression.type=lz4. Walnut's delivery guarantees stay: acks and"
              + " idempotence cannot be turned off here.")
  Map<String, String> producerProperties = new java.util.LinkedHashMap<>();

  @Option(
      names = "--io-threads",
      description = "HTTP I/O threads. Default: the number of cores, at least 2.")
  Integer ioThreads;

  /** Runs the command on its own (the {@code walnut} CLI mounts it as a subcommand). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new CollectorCommand()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    EmbeddedKafka embedded = kafka.startIfEmbedded();
    if (embedded != null) {
      embedded.createTopic(goodTopic, 2);
      embedded.createTopic(badTopic, 1);
    }
    String bootstrap = kafka.bootstrap(embedded);
    if (bootstrap == null) {
      bootstrap = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
    }
    if (bootstrap == null || bootstrap.isBlank()) {
      System.err.println(
          "no Kafka: pass --kafka HOST:PORT or --embedded-kafka (or set KAFKA_BOOTSTRAP_SERVERS)");
      return 2;
    }
    CollectorConfig config = config(bootstrap);
    CountDownLatch stopped = new CountDownLatch(1);
    EmbeddedKafka broker = embedded;
    CollectorServer server = CollectorServer.start(config);
    try {
      System.out.println(
          "Snowplow collector listening on http://"
              + host
              + ":"
              + server.port()
              + " → Kafka "
              + bootstrap
              + " (good: "
              + goodTopic
              + ", bad: "
              + badTopic
              + ")");
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    if (broker != null) {
                      broker.stop();
                    }
                    stopped.countDown();
                  },
                  "walnut-collector-shutdown"));
      stopped.await();
    } finally {
      server.close();
      if (broker != null) {
        broker.stop();
      }
    }
    return 0;
  }

  CollectorConfig config(String bootstrap) {
    CookieSettings base =
        localDev ? CookieSettings.localDevelopment() : CookieSettings.snowplowDefaults();
    CookieSettings cookie =
        new CookieSettings(
            !noCookie,
            cookieName,
            cookieDomains,
            cookiePath,
            cookieExpiry,
            base.secure(),
            base.httpOnly(),
            base.sameSite());
    Map<String, String> aliases = new java.util.LinkedHashMap<>();
    for (String alias : pathAliases) {
      aliases.put(alias, "/com.snowplowanalytics.snowplow/tp2");
    }
    CollectorConfig.Builder builder = CollectorConfig.builder();
    if (ioThreads != null) {
      builder.ioThreads(ioThreads);
    }
    return builder
        .host(host)
        .port(port)
        .bootstrapServers(bootstrap)
        .goodTopic(goodTopic)
        .badTopic(badTopic)
        .cookie(cookie)
        .maxBodyBytes(maxBodyBytes)
        .requestTimeout(requestTimeout)
        .maxEventsInFlight(maxEventsInFlight)
        .redirect(!redirectHosts.isEmpty(), redirectHosts)
        .pathAliases(aliases)
        .microBufferSize(microBuffer)
        .micro(micro, micro ? System.getenv("WALNUT_COLLECTOR_MICRO_TOKEN") : null)
        .maxEventsPerRequest(maxEventsPerRequest)
        .maxHeaderBytesPerRecord(maxHeaderBytesPerRecord)
        .maxConnections(maxConnections)
        .trustedProxies(trustedProxies)
        .producerProperties(producerProperties)
        .build();
  }
}
