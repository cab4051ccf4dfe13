package dev.walnut.cli;

import dev.walnut.api.json.JsonValues;
import dev.walnut.demo.storefront.DemoStorefront;
import dev.walnut.demo.storefront.Settings;
import dev.walnut.designer.DesignerConfig;
import dev.walnut.designer.DesignerServer;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.mlflow.MlflowServer;
import dev.walnut.embedded.mlflow.PythonEnv;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.embedded.shopify.ShopProduct;
import dev.walnut.ml.mlflow.MlflowClient;
import dev.walnut.shopify.connect.ShopAddress;
import dev.walnut.shopify.schema.ShopifyPlan;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.CookieSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./walnut demo}: the whole product on one machine, in one process — a real Kafka broker,
 * the collector, a real {@code mlflow server} holding the demo model (trained on first start), the
 * local Shopify with the demo catalogue, the designer with every shipped scenario imported and the
 * main flow deployed on its Flink cluster, the demo storefront, and background shoppers replayed
 * through the collector. Everything listens on 127.0.0.1; Ctrl-C stops it all.
 */
@Command(
    name = "demo",
    description =
        "The demo on embedded defaults: Kafka, the Snowplow collector, MLflow with the demo model,"
            + " the local Shopify, the designer (main flow deployed on its Flink cluster) and a"
            + " demo storefront where your clicks change your recommendations. Ctrl-C stops it.")
final class DemoCommand implements Callable<Integer>, AutoCloseable {
  static final long PRODUCT_OFFSET = 8_000_000_000_000L;
  static final String MODEL = "session-recs";

  /** Where the shipped scenarios' Shopify nodes write: the demo's local Shopify by default. */
  static final String SHIPPED_SHOP = "http://127.0.0.1:8083";

  @Option(names = "--kafka-port", defaultValue = "9092", description = "Default: ${DEFAULT-VALUE}.")
  int kafkaPort;

  @Option(
      names = "--collector-port",
      defaultValue = "8090",
      description = "The Snowplow collector (trackers' endpoint). Default: ${DEFAULT-VALUE}.")
  int collectorPort;

  @Option(
      names = "--designer-port",
      defaultValue = "8080",
      description = "Default: ${DEFAULT-VALUE}.")
  int designerPort;

  @Option(
      names = "--flink-port",
      defaultValue = "8081",
      description = "The Flink web UI. Default: ${DEFAULT-VALUE}.")
  int flinkPort;

  @Option(
      names = "--shopify-port",
      defaultValue = "8083",
      description =
          "The local Shopify; the shipped scenarios (written for http://127.0.0.1:8083) are"
              + " pointed at it when they are imported. Default: ${DEFAULT-VALUE}.")
  int shopifyPort;

  @Option(
      names = "--storefront-port",
      defaultValue = "8085",
      description = "The demo storefront. Default: ${DEFAULT-VALUE}.")
  int storefrontPort;

  @Option(
      names = "--mlflow-port",
      defaultValue = "5000",
      description = "Default: ${DEFAULT-VALUE}.")
  int mlflowPort;

  @Option(
      names = "--rate",
      defaultValue = "20",
      description = "Background shoppers' product views per second. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(
      names = "--clicks-rate",
      defaultValue = "20",
      description =
          "DataSQRL clicks per second replayed into `clickstream` for the co-visit scenario."
              + " Default: ${DEFAULT-VALUE}.")
  int clicksRate;

  @Option(
      names = "--training-steps",
      defaultValue = "300",
      description = "Training steps of the demo model on first start. Default: ${DEFAULT-VALUE}.")
  int trainingSteps;

  @Option(names = "--retrain", description = "Train and register a new demo model version.")
  boolean retrain;

  @Option(
      names = "--state-dir",
      description =
          "Where the demo keeps Kafka, MLflow and the designer's data. Default: .walnut/demo")
  Path stateDir;

  private final Deque<AutoCloseable> running = new ArrayDeque<>();

  @Override
  public Integer call() throws Exception {
    Runtime.getRuntime().addShutdownHook(new Thread(this::close, "walnut-demo-stop"));
    if (start(Path.of(System.getProperty("walnut.home", "."))) == null) {
      return 1;
    }
    new CountDownLatch(1).await();
    return 0;
  }

  /** What a started demo serves, for its caller (the command prints it; the test drives it). */
  record Urls(String storefront, String designer, String password, String mlflow, String shop) {}

  /**
   * Starts every part; null (after saying why) when the demo cannot start. {@link #close} stops
   * what started, last first.
   */
  Urls start(Path walnutHome) throws Exception {
    Path home = walnutHome.toAbsolutePath().normalize();
    Path data = home.resolve("data/demo");
    Path state = stateDir != null ? stateDir : home.resolve(".walnut/demo");
    Path sessionsFile = data.resolve("diginetica-sessions.txt");
    Path clicksFile = data.resolve("clickstream.json.gz");
    for (Path f : List.of(sessionsFile, clicksFile)) {
      if (!Files.isReadable(f)) {
        System.out.println("error: the demo data " + f + " is missing (it ships in data/demo/)");
        return null;
      }
    }
    for (String secret : List.of("SHOPIFY_ADMIN_TOKEN", "SHOPIFY_HANDLE_KEY")) {
      String v = System.getenv(secret);
      if (v == null || v.length() < 16) {
        System.out.println(
            "error: the shipped scenarios read $"
                + secret
                + " (at least 16 characters); `./walnut demo` sets demo values, or export your"
                + " own");
        return null;
      }
    }
    // the shipped scenarios write to the local Shopify at http://127.0.0.1:8083
    System.setProperty(ShopAddress.LOCAL_DEV_PROPERTY, "true");
    Files.createDirectories(state);
    List<List<String>> sessions = sessions(sessionsFile);

    step("Kafka broker");
    EmbeddedKafka kafka =
        EmbeddedKafka.builder().port(kafkaPort).logDir(state.resolve("kafka")).build();
    kafka.start();
    running.push(kafka);
    createTopics(kafka.bootstrapServers());
    step("MLflow server (first start of its virtualenv can take minutes)");
    CompletableFuture<MlflowServer> mlflowStart =
        CompletableFuture.supplyAsync(
            () ->
                MlflowServer.start(
                    PythonEnv.locate(),
                    state.resolve("mlflow"),
                    mlflowPort,
                    Duration.ofMinutes(5)));
    step("local Shopify with the demo catalogue");
    int catalogue = (int) maxItem(sessions);
    LocalShopify shop =
        LocalShopify.builder()
            .port(shopifyPort)
            .catalogSize(catalogue)
            .plan(ShopifyPlan.PLUS)
            .accessToken(System.getenv("SHOPIFY_ADMIN_TOKEN"))
            .build()
            .start();
    running.push(shop);
    step("Snowplow collector");
    CollectorServer collector =
        CollectorServer.start(
            CollectorConfig.builder()
                .host("127.0.0.1")
                .port(collectorPort)
                .bootstrapServers(kafka.bootstrapServers())
                .cookie(CookieSettings.localDevelopment())
                .build());
    running.push(collector);
    String collectorUrl = "http://127.0.0.1:" + collector.port();
    MlflowServer mlflow = join(mlflowStart);
    running.push(mlflow);
    String modelVersion = ensureModel(mlflow, sessions, state);

    step("designer and its Flink cluster");
    String password = System.getenv("WALNUT_DESIGNER_PASSWORD");
    boolean generated = password == null || password.isBlank();
    if (generated) {
      byte[] raw = new byte[12];
      new SecureRandom().nextBytes(raw);
      password = java.util.HexFormat.of().formatHex(raw);
    }
    Files.createDirectories(state.resolve("designer"));
    DesignerServer designer =
        DesignerServer.start(
            new DesignerConfig(
                "127.0.0.1",
                designerPort,
                DesignerConfig.h2Url(state.resolve("designer")),
                "sa",
                "",
                "demo",
                password,
                List.of(),
                DesignerConfig.DEFAULT_MAX_BODY_BYTES,
                flinkPort,
                8,
                Map.of(
                    "kafka.bootstrap.servers", kafka.bootstrapServers(),
                    "mlflow.tracking.uri", mlflow.uri().toString()),
                null,
                null));
    running.push(designer);
    DesignerClient api = DesignerClient.login(designer.url(), "demo", password);
    try (var files = Files.list(home.resolve("scenarios"))) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        // the shipped scenarios write to the demo's local Shopify at its default address
        api.importScenario(
            Files.readString(f).replace(SHIPPED_SHOP, shop.baseUrl().replaceAll("/$", "")));
      }
    }
    step("deploying shopify-catalogue and clickstream-recommendations");
    api.deploy("shopify-catalogue");
    api.deploy("clickstream-recommendations");
    awaitCatalogue(kafka.bootstrapServers(), shop.products().size());

    step("demo storefront");
    DemoStorefront storefront =
        DemoStorefront.start(
            Settings.builder()
                .port(storefrontPort)
                .storefrontUrl(shop.storefrontUrl())
                .collectorUrl(collectorUrl)
                .appId(shop.appId())
                .recommendationsType(shop.resolveType("$app:recommendations"))
                .products(shelf(shop, sessions))
                .shopName("Walnut demo shop")
                .build());
    running.push(storefront);

    DemoTraffic traffic = new DemoTraffic(collectorUrl, sessions, rate);
    traffic.start();
    running.push(traffic);
    Thread clicks =
        new Thread(
            () -> replayClicks(kafka.bootstrapServers(), clicksFile), "walnut-demo-clickstream");
    clicks.setDaemon(true);
    clicks.start();

    System.out.println();
    System.out.println("Walnut demo is ready (model " + MODEL + " version " + modelVersion + "):");
    table(
        new String[][] {
          {"demo storefront", storefront.url() + "/", "click products; \"Recommended for you\""},
          {
            "designer",
            designer.url() + "/",
            "user demo, password " + (generated ? password : "$WALNUT_DESIGNER_PASSWORD")
          },
          {
            "Flink web UI",
            flinkPort == 0
                ? "(a free port: the designer's Flink link)"
                : "http://127.0.0.1:" + flinkPort + "/",
            "the deployed jobs"
          },
          {"MLflow", mlflow.uri() + "/", MODEL + "@champion"},
          {"local Shopify (Admin)", shop.adminUrl(), "metaobjects written by the main flow"},
          {"Snowplow collector", collectorUrl, "point trackers here"},
          {"Kafka", kafka.bootstrapServers(), "topics snowplow-good, shopper-recommendations, …"},
        });
    System.out.println(
        "Background shoppers: "
            + rate
            + " product views/s through the collector. Ctrl-C stops everything.");
    return new Urls(
        storefront.url(), designer.url(), password, mlflow.uri().toString(), shop.baseUrl());
  }

  // ------------------------------------------------------------------ steps

  private static void step(String what) {
    System.out.println("starting " + what + " ...");
  }

  private static <T> T join(CompletableFuture<T> f) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception x ? x : e;
    }
  }

  private static void createTopics(String bootstrap) throws Exception {
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      List<NewTopic> topics =
          List.of(
              new NewTopic("snowplow-good", 2, (short) 1),
              new NewTopic("snowplow-bad", 1, (short) 1),
              new NewTopic("clickstream", 2, (short) 1),
              new NewTopic("recommendations", 2, (short) 1),
              new NewTopic("shopper-recommendations", 2, (short) 1),
              new NewTopic("shop-products", 1, (short) 1)
                  .configs(Map.of("cleanup.policy", "compact")));
      for (NewTopic t : topics) {
        try {
          admin.createTopics(List.of(t)).all().get();
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw e;
          }
        }
      }
    }
  }

  /**
   * The demo model: kept across starts in MLflow's data directory; trained (with a progress bar)
   * and registered as {@code session-recs@champion} when the alias does not exist yet.
   */
  private String ensureModel(MlflowServer mlflow, List<List<String>> sessions, Path state)
      throws IOException {
    try (MlflowClient client = MlflowClient.create(mlflow.uri())) {
      if (!retrain) {
        try {
          return client.versionByAlias(MODEL, "champion").version();
        } catch (RuntimeException e) {
          // not registered yet: train it below
        }
      }
      Path run = state.resolve("model-run-" + System.currentTimeMillis());
      Files.createDirectories(run);
      Path train = run.resolve("sessions.txt");
      List<String> lines = new ArrayList<>();
      for (List<String> s : sessions) {
        lines.add(String.join(" ", s));
      }
      Files.write(train, lines);
      PythonEnv python = PythonEnv.locate();
      Pattern stepLine = Pattern.compile("^epoch \\d+ step \\d+/\\d+ ");
      int[] logged = {0};
      long started = System.nanoTime();
      progress(0, "training the demo model (first start; JAX compiles first)", started);
      python.run(
          python.projectRoot().resolve("models/demo_model.py"),
          List.of(
              train.toString(),
              run.resolve("out").toString(),
              mlflow.uri().toString(),
              Integer.toString(trainingSteps)),
          Duration.ofMinutes(30),
          line -> {
            Matcher m = stepLine.matcher(line);
            if (m.find()) {
              logged[0]++;
              progress(
                  Math.min(1.0, logged[0] * 10.0 / trainingSteps),
                  "training the demo model",
                  started);
            } else if (line.startsWith("validation (onnx)")) {
              progress(1.0, "trained; " + line.replaceAll("\\s+", " "), started);
            }
          });
      System.out.println();
      return client.versionByAlias(MODEL, "champion").version();
    }
  }

  /**
   * Waits until the catalogue feed has written every product to {@code shop-products} (on a first
   * start it pages through the local Shopify at the plan's pace; later starts find the topic full),
   * so the first recommendations are made against the whole catalogue.
   */
  private static void awaitCatalogue(String bootstrap, int products) throws InterruptedException {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    long started = System.nanoTime();
    long deadline = started + Duration.ofMinutes(10).toNanos();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor("shop-products").stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      while (true) {
        long written =
            consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        progress(
            Math.min(1.0, written / (double) products),
            "the catalogue: " + Math.min(written, products) + " of " + products + " products",
            started);
        if (written >= products) {
          System.out.println();
          return;
        }
        if (System.nanoTime() > deadline) {
          System.out.println();
          System.out.println(
              "the catalogue is still loading; recommendations start once it has the products");
          return;
        }
        Thread.sleep(2000);
      }
    }
  }

  private static void progress(double done, String what, long startedNanos) {
    int width = 30;
    int filled = (int) Math.round(done * width);
    long seconds = (System.nanoTime() - startedNanos) / 1_000_000_000L;
    System.out.print(
        "\r["
            + "#".repeat(filled)
            + " ".repeat(width - filled)
            + "] "
            + String.format("%3d%%", Math.round(done * 100))
            + " "
            + what
            + " ("
            + seconds
            + " s)   ");
    System.out.flush();
  }

  /** The shop's shelf: the demo sessions' most viewed products that the shop shows. */
  private static List<String> shelf(LocalShopify shop, List<List<String>> sessions) {
    Map<String, Integer> views = new HashMap<>();
    sessions.forEach(s -> s.forEach(p -> views.merge(p, 1, Integer::sum)));
    List<String> out = new ArrayList<>();
    for (String p :
        views.entrySet().stream()
            .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()))
            .map(Map.Entry::getKey)
            .toList()) {
      ShopProduct product = shop.product(Long.parseLong(p)).orElse(null);
      if (product != null
          && "ACTIVE".equals(product.status())
          && product.publishedAt() != null
          && !product.isGiftCard()) {
        out.add(p);
        if (out.size() == 48) {
          break;
        }
      }
    }
    return out;
  }

  /** The shipped Diginetica sessions, item {@code i} as the local Shopify's product. */
  private static List<List<String>> sessions(Path file) throws IOException {
    List<List<String>> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (line.isBlank()) {
        continue;
      }
      List<String> s = new ArrayList<>();
      for (String id : line.trim().split("\\s+")) {
        s.add(Long.toString(PRODUCT_OFFSET + Long.parseLong(id)));
      }
      out.add(s);
    }
    return out;
  }

  private static long maxItem(List<List<String>> sessions) {
    long max = 0;
    for (List<String> s : sessions) {
      for (String p : s) {
        max = Math.max(max, Long.parseLong(p) - PRODUCT_OFFSET);
      }
    }
    return max;
  }

  private static void table(String[][] rows) {
    int a = 0;
    int b = 0;
    for (String[] r : rows) {
      a = Math.max(a, r[0].length());
      b = Math.max(b, r[1].length());
    }
    for (String[] r : rows) {
      System.out.printf("  %-" + a + "s  %-" + b + "s  %s%n", r[0], r[1], r[2]);
    }
  }

  /**
   * The DataSQRL clicks into {@code clickstream}, round after round with fresh users and shifted
   * times, for the co-visit and sessions scenarios (ready to deploy in the designer).
   */
  private void replayClicks(String bootstrap, Path file) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
      List<Map<String, Object>> clicks = readClicks(file);
      long produced = 0;
      long started = System.nanoTime();
      for (int round = 0; ; round++) {
        Duration shift = Duration.ofHours(round);
        for (Map<String, Object> click : clicks) {
          Map<String, Object> c = new LinkedHashMap<>(click);
          String user = round == 0 ? (String) c.get("userid") : c.get("userid") + "-r" + round;
          c.put("userid", user);
          c.put("event_time", Instant.parse((String) c.get("event_time")).plus(shift).toString());
          producer.send(new ProducerRecord<>("clickstream", user, JsonValues.write(c)));
          produced++;
          long wait =
              started + produced * 1_000_000_000L / Math.max(1, clicksRate) - System.nanoTime();
          if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      System.out.println("the clickstream replay stopped: " + e);
    }
  }

  private static List<Map<String, Object>> readClicks(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (!line.isBlank()) {
          out.add(JsonValues.parseObject(line.getBytes(StandardCharsets.UTF_8)));
        }
      }
    }
    return out;
  }

  @Override
  public void close() {
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        // stopping anyway
      }
    }
  }

  /** The designer's own HTTP API, as the UI uses it. */
  private record DesignerClient(HttpClient http, String url, String token) {
    static DesignerClient login(String url, String user, String password) throws Exception {
      HttpClient http = HttpClient.newHttpClient();
      String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JsonValues.write(Map.of("user", user, "password", password))))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException("the designer refused the demo login: " + r.body());
      }
      String token =
          (String) JsonValues.parseObject(r.body().getBytes(StandardCharsets.UTF_8)).get("token");
      return new DesignerClient(http, base, token);
    }

    void importScenario(String json) throws Exception {
      call("POST", "/api/scenarios/import?comment=shipped%20with%20Walnut", json);
    }

    void deploy(String name) throws Exception {
      call("POST", "/api/scenarios/" + name + "/deploy", "{}");
    }

    private void call(String method, String path, String body) throws Exception {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url + path))
                  .header("Content-Type", "application/json")
                  .header("Authorization", "Bearer " + token)
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(
            method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
    }
  }
}
