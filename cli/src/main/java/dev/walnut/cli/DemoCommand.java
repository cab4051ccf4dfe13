package dev.walnut.cli;

import dev.walnut.api.debug.CollectedRecords;
import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.engine.deploy.Deployer;
import dev.walnut.engine.deploy.LocalFlinkCluster;
import dev.walnut.engine.validation.ValidationResult;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.CookieSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    description =
        "The local demo stack on embedded defaults: a real Kafka broker, the Snowplow collector,"
            + " a Flink MiniCluster with its web UI, the shipped scenarios deployed, and the"
            + " DataSQRL clickstream replayed into Kafka (round after round, with fresh users and"
            + " shifted times).")
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--kafka-port", defaultValue = "9092", description = "Default: ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(
      names = "--collector-port",
      defaultValue = "8090",
      description =
          "Port of the Snowplow collector (trackers' endpoint; local-development cookie)."
              + " Default: ${DEFAULT-VALUE}.")
  int collectorPort;

  @Option(names = "--flink-port", defaultValue = "8081", description = "Default: ${DEFAULT-VALUE}.")
  int flinkPort;

  @Option(
      names = "--rate",
      defaultValue = "200",
      description = "Clicks per second replayed. Default: ${DEFAULT-VALUE}.")
  int rate;

  @Option(
      names = "--rounds",
      defaultValue = "0",
      description = "Replay rounds; 0 replays until stopped. Default: ${DEFAULT-VALUE}.")
  int rounds;

  @Option(
      names = "--clickstream",
      description =
          "Clicks as JSON lines. Default: ../shared/data/datasqrl-clickstream/clickstream.json.gz")
  Path clickstream;

  @Override
  public Integer call() throws Exception {
    Path home = Path.of(System.getProperty("walnut.home", "."));
    Path data =
        clickstream != null
            ? clickstream
            : home.resolve("../shared/data/datasqrl-clickstream/clickstream.json.gz");
    if (!Files.isReadable(data)) {
      System.out.println(
          "error: the clickstream "
              + data
              + " is missing; pass --clickstream FILE (JSON lines {userid, url, event_time})");
      return 1;
    }
    List<ValidationResult> scenarios = new ArrayList<>();
    for (String name :
        List.of(
            "datasqrl-covisit.json", "clickstream-sessions.json", "snowplow-last-viewed.json")) {
      Optional<ValidationResult> r =
          Scenarios.load(home.resolve("scenarios").resolve(name), System.out);
      if (r.isEmpty() || !r.get().isValid()) {
        r.ifPresent(v -> Scenarios.printErrors(v, System.out));
        return 1;
      }
      scenarios.add(r.get());
    }
    EmbeddedKafka kafka =
        EmbeddedKafka.builder().port(kafkaPort).logDir(home.resolve(".walnut/demo-kafka")).build();
    kafka.start();
    kafka.createTopic("clickstream", 2);
    kafka.createTopic("recommendations", 2);
    kafka.createTopic("snowplow-good", 2);
    kafka.createTopic("snowplow-bad", 1);
    CollectorServer collector =
        CollectorServer.start(
            CollectorConfig.builder()
                .host("127.0.0.1")
                .port(collectorPort)
                .bootstrapServers(kafka.bootstrapServers())
                .cookie(CookieSettings.localDevelopment())
                // the demo listens on 127.0.0.1 only: /micro for its own user
                .micro(true, null)
                .build());
    LocalFlinkCluster cluster = LocalFlinkCluster.start(flinkPort, 8);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  collector.close();
                  try {
                    cluster.close();
                  } catch (Exception e) {
                    // stopping anyway
                  }
                  kafka.close();
                }));
    Map<String, String> props = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers());
    AtomicLong sessions = new AtomicLong();
    for (ValidationResult s : scenarios) {
      var job = new Deployer().deploy(s, props, cluster);
      System.out.println("deployed `" + s.scenario().id() + "` as job " + job.getJobID());
    }
    CollectedRecords.listen(
        "clickstream-sessions",
        "sessions",
        json -> {
          if (sessions.incrementAndGet() % 500 == 1) {
            System.out.println("[sessions] " + json);
          }
        });
    System.out.println(
        "Kafka: " + kafka.bootstrapServers() + "   Flink web UI: " + cluster.webUrl());
    System.out.println(
        "Snowplow collector: http://127.0.0.1:"
            + collector.port()
            + " (point a tracker here; /micro/good shows what arrived; product views reach the"
            + " `shopper views` collect sink of snowplow-last-viewed)");
    CollectedRecords.listen(
        "snowplow-last-viewed",
        "shopper views",
        json -> System.out.println("[shopper views] " + json));
    System.out.println("topic `recommendations` receives the co-visit counts; Ctrl-C stops");
    replay(kafka.bootstrapServers(), readClicks(data), sessions);
    return 0;
  }

  private void replay(String bootstrap, List<Map<String, Object>> clicks, AtomicLong sessions)
      throws InterruptedException {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    long produced = 0;
    long started = System.nanoTime();
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      for (int round = 0; rounds == 0 || round < rounds; round++) {
        Duration shift = Duration.ofHours(round);
        for (Map<String, Object> click : clicks) {
          Map<String, Object> c = new LinkedHashMap<>(click);
          String user = round == 0 ? (String) c.get("userid") : c.get("userid") + "-r" + round;
          c.put("userid", user);
          c.put("event_time", Instant.parse((String) c.get("event_time")).plus(shift).toString());
          producer.send(new ProducerRecord<>("clickstream", user, JsonValues.write(c)));
          produced++;
          // pace the replay: a demo, not a benchmark
          long due = started + produced * 1_000_000_000L / Math.max(1, rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
          if (produced % (rate * 10L) == 0) {
            System.out.printf(
                "replayed %d clicks (round %d); %d session updates collected%n",
                produced, round + 1, sessions.get());
          }
        }
      }
    }
  }

  private static List<Map<String, Object>> readClicks(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                file.toString().endsWith(".gz")
                    ? new GZIPInputStream(Files.newInputStream(file))
                    : Files.newInputStream(file),
                StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(JsonValues.parseObject(line.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    return out;
  }
}
