package dev.walnut.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.snowplowanalytics.snowplow.tracker.Snowplow;
import com.snowplowanalytics.snowplow.tracker.Subject;
import com.snowplowanalytics.snowplow.tracker.Tracker;
import com.snowplowanalytics.snowplow.tracker.configuration.EmitterConfiguration;
import com.snowplowanalytics.snowplow.tracker.configuration.NetworkConfiguration;
import com.snowplowanalytics.snowplow.tracker.configuration.TrackerConfiguration;
import com.snowplowanalytics.snowplow.tracker.emitter.EmitterCallback;
import com.snowplowanalytics.snowplow.tracker.emitter.FailureType;
import com.snowplowanalytics.snowplow.tracker.events.SelfDescribing;
import com.snowplowanalytics.snowplow.tracker.payload.SelfDescribingJson;
import com.snowplowanalytics.snowplow.tracker.payload.TrackerPayload;
import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.ConsumedRecord;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.embedded.mlflow.MlflowServer;
import dev.walnut.embedded.mlflow.PythonEnv;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.embedded.shopify.ShopProduct;
import dev.walnut.engine.scenario.ScenarioJson;
import dev.walnut.shopify.schema.ShopifyPlan;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.CookieSettings;
import dev.walnut.testkit.scenario.DeployedScenario;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The main flow, {@code scenarios/clickstream-recommendations.json}, deployed as production runs it
 * with every real part: the reference model of {@code models/} trained on a Diginetica slice (item
 * ids mapped to the local shop's product ids, 8000000000000 + id) and registered in a real {@code
 * mlflow server}; the shop's catalogue fed from the local Shopify by the deployed {@code
 * shopify-catalogue} scenario into a compacted topic; the embedded Kafka broker; the collector fed
 * by the real Snowplow Java tracker; the shopper's metaobject in the local Shopify.
 *
 * <p>Expected lists are computed here, independently of Walnut's rule code: the same ONNX file run
 * through ONNX Runtime directly, then the rules as the scenario documents them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClickstreamRecommendationsEndToEndTest {
  private static final long OFFSET = 8_000_000_000_000L;
  private static final Duration TIMEOUT = Duration.ofSeconds(180);
  private static final String MODEL = "session-recs";
  private static final String TYPE = "$app:recommendations";
  private static final String ACTION =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2";
  private static final String PRODUCT =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0";
  private static final int WINDOW = 8; // the tiny model's L (session_model.py)
  private static final int CATALOGUE = 5000;

  private Path work;
  private PythonEnv python;
  private MlflowServer mlflow;
  private EmbeddedKafka kafka;
  private LocalShopify shop;
  private CollectorServer collector;
  private DeployedScenario catalogueJob;
  private DeployedScenario job;
  private OrtEnvironment ort;
  private OrtSession model;
  private List<List<String>> testSessions;
  private final Map<String, String> savedProperties = new HashMap<>();

  @BeforeAll
  void start() throws Exception {
    work = Files.createTempDirectory("walnut-main-flow-");
    python = PythonEnv.locate();
    mlflow = MlflowServer.start(python, work.resolve("mlflow"), 0, Duration.ofSeconds(120));
    Path sessions = mapped(Repo.shared("data/diginetica/train_sessions.txt"), 2000, false);
    Path cases = mapped(Repo.shared("data/diginetica/test.tsv"), 300, true);
    Path run = work.resolve("run-1");
    train(sessions, cases, run, "1");
    register(run);
    ort = OrtEnvironment.getEnvironment();
    model =
        ort.createSession(run.resolve("model.onnx").toString(), new OrtSession.SessionOptions());
    testSessions = replayed(sessions);

    kafka = EmbeddedKafka.builder().build();
    kafka.start();
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      admin
          .createTopics(
              List.of(
                  new NewTopic("snowplow-good", 1, (short) 1),
                  new NewTopic("snowplow-bad", 1, (short) 1),
                  new NewTopic("shopper-recommendations", 1, (short) 1),
                  new NewTopic("shop-products", 1, (short) 1)
                      .configs(Map.of("cleanup.policy", "compact"))))
          .all()
          .get();
    }
    // the slice's items are 1..4973: a catalogue of 5,000 reads in seconds on the Plus plan's
    // rate (the demo's 43,097 products take minutes, paced by Shopify's cost budget)
    shop = LocalShopify.builder().catalogSize(CATALOGUE).plan(ShopifyPlan.PLUS).build().start();
    property("walnut.shopify.local-dev", "true");
    property("shopify.test-token", "local-token");
    property("shopify.test-handle-key", "a-test-handle-key-of-32-chars!!!");
    collector =
        CollectorServer.start(
            CollectorConfig.builder()
                .host("127.0.0.1")
                .port(0)
                .bootstrapServers(kafka.bootstrapServers())
                .cookie(CookieSettings.localDevelopment())
                .build());
    Map<String, String> props =
        Map.of(
            "kafka.bootstrap.servers", kafka.bootstrapServers(),
            "mlflow.tracking.uri", mlflow.uri().toString(),
            "checkpointInterval", "PT2S");
    catalogueJob =
        DeployedScenario.deploy(
                ScenarioJson.read(
                    local("shopify-catalogue.json", "products", "Poll interval", "'PT1S'")),
                props)
            .awaitRunning(TIMEOUT);
    job =
        DeployedScenario.deploy(
                ScenarioJson.read(
                    local(
                        "clickstream-recommendations.json",
                        "storefront events",
                        "Start from",
                        "'earliest'",
                        "session model",
                        "Poll interval",
                        "'PT1S'",
                        "trending now",
                        "Refresh",
                        "'PT1S'")),
                props)
            .awaitRunning(TIMEOUT);
    int products = shop.products().size();
    await("the main flow has read the whole catalogue")
        .atMost(TIMEOUT)
        .until(
            () ->
                job.counters().getOrDefault("walnut.catalogue-records.in the catalogue", 0L)
                    >= products);
  }

  @AfterAll
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {job, catalogueJob, collector, shop, kafka, model}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // stopping anyway
        }
      }
    }
    if (mlflow != null) {
      mlflow.close();
    }
    savedProperties.forEach(
        (k, v) -> {
          if (v == null) {
            System.clearProperty(k);
          } else {
            System.setProperty(k, v);
          }
        });
  }

  /**
   * The golden run: recorded Diginetica sessions (the test prefixes, one view every 20 s, some
   * shoppers putting the model's favourite in the cart first, some of the model's items out of
   * stock, unpublished or tagged `no-recommendations`) as collector records; every list the job
   * writes equals the model's top items after the rules, computed here.
   */
  @Test
  @Order(1)
  void everyListIsTheModelsTopItemsAfterTheRules() throws Exception {
    Instant start = Instant.now().minus(Duration.ofHours(1));
    List<Map<String, Object>> events = new ArrayList<>();
    Map<String, Set<String>> cart = new HashMap<>();
    Set<Long> changed = new LinkedHashSet<>();
    int views = 0;
    for (int s = 0; s < 40; s++) {
      List<String> session = testSessions.get(s);
      String shopper = "golden-" + s;
      Instant at = start.plus(Duration.ofMinutes(s));
      if (s % 4 == 1) {
        // the model's favourite after the first view goes into the cart: never recommended again
        String favourite = scores(List.of(session.get(0))).items().get(0);
        cart.computeIfAbsent("a:" + shopper, k -> new LinkedHashSet<>()).add(favourite);
        events.add(event(shopper, "add_to_cart", favourite, at));
      }
      if (s % 4 == 2) {
        // the catalogue hides some of the model's items: out of stock, a draft, a rule's tag
        List<String> top = scores(session).items();
        long a = Long.parseLong(top.get(0));
        long b = Long.parseLong(top.get(1));
        long c = Long.parseLong(top.get(2));
        shop.setInventory(a, 0);
        shop.setStatus(b, "DRAFT");
        shop.updateProduct(
            c,
            dev.walnut.embedded.shopify.ProductChanges.create()
                .tags(List.of("no-recommendations")));
        changed.addAll(List.of(a, b, c));
      }
      for (int i = 0; i < session.size(); i++) {
        events.add(event(shopper, "product_view", session.get(i), at.plusSeconds(20L * (i + 1))));
        views++;
      }
    }
    awaitCatalogueHas(changed);
    KafkaRecords records = KafkaRecords.of(kafka);
    records.produce("snowplow-good", events.stream().map(JsonValues::write));
    List<ConsumedRecord> out = records.consume("shopper-recommendations", views, TIMEOUT);

    Map<String, List<String>> viewed = new HashMap<>();
    int compared = 0;
    for (Map<String, Object> e : events) {
      if (!"product_view".equals(action(e))) {
        continue;
      }
      String shopper = "a:" + e.get("domain_userid");
      viewed.computeIfAbsent(shopper, k -> new ArrayList<>()).add(productOf(e));
    }
    Map<String, Integer> seen = new HashMap<>();
    for (ConsumedRecord r : out) {
      Map<String, Object> rec = JsonValues.parseObject(r.value().getBytes(StandardCharsets.UTF_8));
      String shopper = (String) rec.get("shopper");
      int n = seen.merge(shopper, 1, Integer::sum);
      List<String> history = viewed.get(shopper).subList(0, n);
      Expected expected = expected(history, cart.getOrDefault(shopper, Set.of()));
      @SuppressWarnings("unchecked")
      List<String> products = (List<String>) rec.get("products");
      @SuppressWarnings("unchecked")
      List<String> sources = (List<String>) rec.get("sources");
      @SuppressWarnings("unchecked")
      List<Number> scores = (List<Number>) rec.get("scores");
      List<String> fromModel = new ArrayList<>();
      for (int i = 0; i < products.size(); i++) {
        if ("model".equals(sources.get(i))) {
          fromModel.add(products.get(i));
        } else {
          assertThat(sources.get(i)).isEqualTo("fill");
          assertThat(expected.excluded()).doesNotContain(products.get(i));
        }
      }
      assertThat(fromModel)
          .as("the model's part for %s after %s", shopper, history)
          .isEqualTo(expected.items());
      for (int i = 0; i < fromModel.size(); i++) {
        assertThat(scores.get(i).doubleValue())
            .as("score of %s for %s", products.get(i), shopper)
            .isCloseTo(
                expected.scores().get(products.get(i)), org.assertj.core.data.Offset.offset(1e-4));
      }
      assertThat(products).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(10);
      // the model's items come first, the fill after
      assertThat(products.subList(0, fromModel.size())).isEqualTo(fromModel);
      assertThat(rec.get("modelVersion")).isEqualTo("1");
      compared++;
    }
    assertThat(compared).isEqualTo(views);
    assertThat(job.restarts()).isZero();
  }

  /**
   * The real Java tracker → the collector → the job → the shopper's metaobject: 10 products, none
   * viewed or hidden, in the model's order after the rules.
   */
  @Test
  @Order(2)
  void aShoppersViewsThroughTheTrackerReachTheirMetaobject() throws Exception {
    String duid = UUID.randomUUID().toString();
    List<String> session = testSessions.get(100);
    List<String> views = session.subList(0, Math.min(3, session.size()));
    track(duid, views);
    String handle = "a-" + duid;
    List<Map<String, Object>> lists = new ArrayList<>();
    await("three lists for the shopper")
        .atMost(TIMEOUT)
        .until(
            () -> {
              lists.clear();
              lists.addAll(written("a:" + duid));
              return lists.size() == views.size();
            });
    // requests of one tracker may overtake each other: Kafka has them in arrival order
    assertThat(lists).extracting(r -> r.get("viewed")).containsExactlyInAnyOrderElementsOf(views);
    Object last = lists.get(lists.size() - 1).get("products");
    await("the metaobject of " + handle + " holds the latest list")
        .atMost(TIMEOUT)
        .until(() -> products(handle).equals(last));
    Map<String, String> fields = shop.metaobject(TYPE, handle).orElseThrow();
    Expected expected = expected(views, Set.of());
    List<String> got = products(handle);
    assertThat(got).doesNotContainAnyElementsOf(views).doesNotHaveDuplicates();
    for (String p : got) {
      ShopProduct product = shop.product(Long.parseLong(p)).orElseThrow();
      assertThat(showable(product)).as("product %s is showable", p).isTrue();
    }
    int modelPart = Math.min(10, expected.items().size());
    assertThat(got.subList(0, modelPart)).isEqualTo(expected.items().subList(0, modelPart));
    assertThat(fields.get("model_version")).isEqualTo("1");
  }

  /** Moving the alias changes the model version of the next update, without a restart. */
  @Test
  @Order(3)
  void movingTheAliasChangesTheModelOfTheNextUpdate() throws Exception {
    Path run = work.resolve("run-2");
    train(
        mapped(Repo.shared("data/diginetica/train_sessions.txt"), 2000, false),
        work.resolve("cases.tsv"),
        run,
        "2");
    register(run);
    String duid = UUID.randomUUID().toString();
    String handle = "a-" + duid;
    List<String> session = testSessions.get(101);
    // the alias is polled every 10 s: views until an update carries version 2
    await("an update by model version 2")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              track(duid, List.of(session.get(0)));
              return shop.metaobject(TYPE, handle)
                  .map(f -> "2".equals(f.get("model_version")))
                  .orElse(false);
            });
    assertThat(job.restarts()).isZero();
  }

  /** The most viewed products (after the catalogue) are the `trending` metaobject. */
  @Test
  @Order(4)
  void trendingProductsAreInTheTrendingMetaobject() {
    await("the trending metaobject").atMost(TIMEOUT).until(() -> !products("trending").isEmpty());
    for (String p : products("trending")) {
      assertThat(showable(shop.product(Long.parseLong(p)).orElseThrow())).isTrue();
    }
    assertThat(products("trending")).hasSizeLessThanOrEqualTo(10).doesNotHaveDuplicates();
  }

  /**
   * MLflow stopped under traffic: the job keeps recommending with the model it holds (no restart,
   * nothing lost), and follows the alias again once MLflow is back on the same address.
   */
  @Test
  @Order(5)
  void anMlflowOutageStopsNothing() throws Exception {
    int port = mlflow.uri().getPort();
    Path data = mlflow.dataDir();
    mlflow.close();
    String duid = UUID.randomUUID().toString();
    List<String> session = testSessions.get(102);
    track(duid, session.subList(0, 3));
    await("three lists while MLflow is down")
        .atMost(TIMEOUT)
        .until(() -> written("a:" + duid).size() == 3);
    assertThat(written("a:" + duid))
        .allSatisfy(r -> assertThat(r.get("modelVersion")).isEqualTo("2"))
        .allSatisfy(r -> assertThat((List<?>) r.get("products")).hasSize(10));
    mlflow = MlflowServer.start(python, data, port, Duration.ofSeconds(120));
    Path run = work.resolve("run-2");
    register(run); // version 3, the same weights as 2: the alias moves again
    await("an update by model version 3 after MLflow came back")
        .atMost(TIMEOUT)
        .pollInterval(Duration.ofSeconds(3))
        .until(
            () -> {
              track(duid, List.of(session.get(3 % session.size())));
              List<Map<String, Object>> lists = written("a:" + duid);
              return "3".equals(lists.get(lists.size() - 1).get("modelVersion"));
            });
    assertThat(job.restarts()).isZero();
  }

  // ------------------------------------------------------------------ the independent computation

  /** The model's items after the rules (up to 10), their scores, and what the rules exclude. */
  private record Expected(List<String> items, Map<String, Double> scores, Set<String> excluded) {}

  private Expected expected(List<String> history, Set<String> cart) throws Exception {
    List<String> window =
        history.size() > 50 ? history.subList(history.size() - 50, history.size()) : history;
    Scores s = scores(window);
    Set<String> excluded = new LinkedHashSet<>(window);
    excluded.addAll(cart);
    List<String> kept = new ArrayList<>();
    Map<String, Double> scores = new HashMap<>();
    for (int i = 0; i < s.items().size(); i++) {
      scores.put(s.items().get(i), s.scores().get(i));
    }
    for (int i = 0; i < s.items().size() && kept.size() < 10; i++) {
      String id = s.items().get(i);
      ShopProduct p = shop.product(Long.parseLong(id)).orElse(null);
      if (p == null || !showable(p) || excluded.contains(id) || kept.contains(id)) {
        continue;
      }
      kept.add(id);
    }
    return new Expected(kept, scores, excluded);
  }

  private static boolean showable(ShopProduct p) {
    return "ACTIVE".equals(p.status())
        && p.publishedAt() != null
        && !p.isGiftCard()
        && (!p.tracksInventory() || p.totalInventory() > 0)
        && !p.tags().contains("no-recommendations");
  }

  private record Scores(List<String> items, List<Double> scores) {}

  /** The model file run through ONNX Runtime: the newest L ids, left-padded with "". */
  private Scores scores(List<String> session) throws Exception {
    String[] ids = new String[WINDOW];
    java.util.Arrays.fill(ids, "");
    List<String> last =
        session.size() > WINDOW
            ? session.subList(session.size() - WINDOW, session.size())
            : session;
    for (int i = 0; i < last.size(); i++) {
      ids[WINDOW - last.size() + i] = last.get(i);
    }
    try (OnnxTensor input = OnnxTensor.createTensor(ort, ids, new long[] {1, WINDOW});
        OrtSession.Result result = model.run(Map.of("item_ids", input))) {
      String[][] items = (String[][]) result.get("top_items").orElseThrow().getValue();
      float[][] scores = (float[][]) result.get("top_scores").orElseThrow().getValue();
      List<Double> s = new ArrayList<>();
      for (float f : scores[0]) {
        s.add((double) f);
      }
      return new Scores(List.of(items[0]), s);
    }
  }

  // ------------------------------------------------------------------ helpers

  private void train(Path sessions, Path cases, Path out, String seed) {
    python.run(
        Repo.root().resolve("scenarios/src/test/resources/python/session_model.py"),
        List.of("train", sessions.toString(), cases.toString(), out.toString(), seed),
        Duration.ofMinutes(5));
  }

  private void register(Path run) {
    python.run(
        Repo.root().resolve("scenarios/src/test/resources/python/session_model.py"),
        List.of("register", run.toString(), mlflow.uri().toString(), MODEL, "champion"),
        Duration.ofMinutes(3));
  }

  /** The first lines of a Diginetica file with item ids mapped to the local shop's product ids. */
  private Path mapped(Path source, int lines, boolean cases) throws IOException {
    Path out = work.resolve(cases ? "cases.tsv" : "sessions.txt");
    List<String> mappedLines = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(source)) {
      String line;
      while (mappedLines.size() < lines && (line = r.readLine()) != null) {
        String[] parts = line.split("\t");
        List<String> fields = new ArrayList<>();
        for (String part : parts) {
          List<String> ids = new ArrayList<>();
          for (String id : part.trim().split("\\s+")) {
            ids.add(Long.toString(OFFSET + Long.parseLong(id)));
          }
          fields.add(String.join(" ", ids));
        }
        mappedLines.add(String.join("\t", fields));
      }
    }
    Files.write(out, mappedLines);
    return out;
  }

  /**
   * The sessions replayed: the slice's last ones at least 3 views long (the validation part of the
   * training run, so the model has seen their items but chose its epoch by them, not trained on
   * them alone), in file order.
   */
  private static List<List<String>> replayed(Path sessions) throws IOException {
    List<String> lines = Files.readAllLines(sessions);
    List<List<String>> out = new ArrayList<>();
    for (String line : lines.subList(lines.size() - 300, lines.size())) {
      List<String> ids = List.of(line.trim().split(" "));
      if (ids.size() >= 3) {
        out.add(ids);
      }
    }
    if (out.size() < 110) {
      throw new AssertionError("the slice has too few sessions of 3 views or more: " + out.size());
    }
    return out;
  }

  private void awaitCatalogueHas(Set<Long> changed) {
    // each change is one more catalogue record for the job
    long before = job.counters().getOrDefault("walnut.catalogue-records.in the catalogue", 0L);
    await("the catalogue changes reached the job")
        .atMost(TIMEOUT)
        .until(
            () ->
                job.counters().getOrDefault("walnut.catalogue-records.in the catalogue", 0L)
                    >= before + changed.size());
  }

  /**
   * A shipped scenario pointed at this test's parts: the local Shopify's address, secrets as system
   * properties (a JVM cannot set its own environment), and shorter intervals where the test waits.
   */
  private String local(String scenarioFile, String... nodeParamValues) throws IOException {
    String json =
        Files.readString(Repo.scenario(scenarioFile))
            .replace("http://127.0.0.1:8083", shop.baseUrl())
            .replace("${env:SHOPIFY_ADMIN_TOKEN}", "${sys:shopify.test-token}")
            .replace("${env:SHOPIFY_HANDLE_KEY}", "${sys:shopify.test-handle-key}");
    com.fasterxml.jackson.databind.JsonNode tree = JsonValues.mapper().readTree(json);
    for (int i = 0; i < nodeParamValues.length; i += 3) {
      String node = nodeParamValues[i];
      String name = nodeParamValues[i + 1];
      String value = nodeParamValues[i + 2];
      List<com.fasterxml.jackson.databind.JsonNode> params = new ArrayList<>();
      tree.findParents("id")
          .forEach(
              n -> {
                if (node.equals(n.path("id").asText())) {
                  for (String holder : List.of("parameters", "ref", "service")) {
                    com.fasterxml.jackson.databind.JsonNode h = n.path(holder);
                    com.fasterxml.jackson.databind.JsonNode list =
                        h.isArray() ? h : h.path("parameters");
                    list.forEach(params::add);
                  }
                }
              });
      com.fasterxml.jackson.databind.JsonNode param =
          params.stream()
              .filter(p -> name.equals(p.path("name").asText()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(scenarioFile + " has no parameter " + node + "/" + name));
      ((com.fasterxml.jackson.databind.node.ObjectNode) param.path("expression"))
          .put("expression", value);
    }
    return JsonValues.mapper().writeValueAsString(tree);
  }

  private void property(String key, String value) {
    savedProperties.putIfAbsent(key, System.getProperty(key));
    System.setProperty(key, value);
  }

  private List<String> products(String handle) {
    return shop.metaobject(TYPE, handle)
        .map(
            f -> {
              List<String> ids = new ArrayList<>();
              try {
                ((List<?>) JsonValues.parse(f.get("products")))
                    .forEach(g -> ids.add(g.toString().replace("gid://shopify/Product/", "")));
              } catch (IOException e) {
                throw new AssertionError("the metaobject's products are not JSON: " + f, e);
              }
              return ids;
            })
        .orElse(List.of());
  }

  /** The records the job wrote to `shopper-recommendations` for one shopper, in order. */
  private List<Map<String, Object>> written(String shopper) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String v :
        KafkaRecords.of(kafka).consumeAllValues("shopper-recommendations", Duration.ofSeconds(2))) {
      Map<String, Object> rec = JsonValues.parseObject(v.getBytes(StandardCharsets.UTF_8));
      if (shopper.equals(rec.get("shopper"))) {
        out.add(rec);
      }
    }
    return out;
  }

  private void track(String duid, List<String> productIds) {
    Acknowledgements acknowledged = new Acknowledgements();
    Tracker tracker =
        Snowplow.createTracker(
            // the tracker registry is per JVM: one namespace per tracker
            new TrackerConfiguration("walnut-test-" + UUID.randomUUID(), "demo-shop")
                .base64Encoded(true),
            new NetworkConfiguration("http://127.0.0.1:" + collector.port()),
            new EmitterConfiguration().batchSize(1).callback(acknowledged));
    Subject subject = new Subject();
    subject.setDomainUserId(duid);
    for (String id : productIds) {
      tracker.track(
          SelfDescribing.builder()
              .eventData(new SelfDescribingJson(ACTION, Map.of("type", "product_view")))
              .customContext(
                  List.of(
                      new SelfDescribingJson(
                          PRODUCT,
                          Map.of(
                              "id",
                              id,
                              "name",
                              "Product " + id,
                              "price",
                              10.0,
                              "currency",
                              "EUR"))))
              .subject(subject)
              .build());
      // one request per view, the next only once the collector acknowledged this one: the
      // shopper's window orders views by event time (derived from the collector's time), which is
      // then the order they were made in
      tracker.getEmitter().flushBuffer();
      int sent = acknowledged.get() + 1;
      await("the collector acknowledged the view of " + id)
          .atMost(TIMEOUT)
          .until(() -> acknowledged.get() >= sent);
    }
    tracker.getEmitter().flushBuffer();
    tracker.close();
  }

  /** Counts the events the collector answered 200 to (a tracker retries the others). */
  private static final class Acknowledgements extends java.util.concurrent.atomic.AtomicInteger
      implements EmitterCallback {
    @Override
    public void onSuccess(List<TrackerPayload> payloads) {
      addAndGet(payloads.size());
    }

    @Override
    public void onFailure(FailureType type, boolean willRetry, List<TrackerPayload> payloads) {
      // retried by the emitter; counted when it succeeds
    }
  }

  private static String action(Map<String, Object> e) {
    @SuppressWarnings("unchecked")
    Map<String, Object> ue = (Map<String, Object>) e.get("unstruct_event");
    @SuppressWarnings("unchecked")
    Map<String, Object> data = (Map<String, Object>) ue.get("data");
    @SuppressWarnings("unchecked")
    Map<String, Object> d = (Map<String, Object>) data.get("data");
    return (String) d.get("type");
  }

  @SuppressWarnings("unchecked")
  private static String productOf(Map<String, Object> e) {
    Map<String, Object> contexts = (Map<String, Object>) e.get("contexts");
    List<Map<String, Object>> data = (List<Map<String, Object>>) contexts.get("data");
    return (String) ((Map<String, Object>) data.get(0).get("data")).get("id");
  }

  /** An event as the collector writes it to Kafka (e-commerce action + product entity). */
  private static Map<String, Object> event(
      String shopper, String action, String productId, Instant at) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("event_id", UUID.randomUUID().toString());
    r.put("event", "unstruct");
    r.put("app_id", "demo-shop");
    r.put("platform", "web");
    r.put("domain_userid", shopper);
    r.put("network_userid", UUID.randomUUID().toString());
    r.put("page_url", "https://demo-shop.example/products/" + productId);
    r.put("collector_tstamp", at.toString());
    r.put("dvce_created_tstamp", at.toString());
    r.put("dvce_sent_tstamp", at.toString());
    r.put(
        "unstruct_event",
        Map.of(
            "schema",
            "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0",
            "data",
            Map.of("schema", ACTION, "data", Map.of("type", action))));
    r.put(
        "contexts",
        Map.of(
            "schema",
            "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0",
            "data",
            List.of(
                Map.of(
                    "schema",
                    PRODUCT,
                    "data",
                    Map.of(
                        "id",
                        productId,
                        "name",
                        "P " + productId,
                        "price",
                        9.5,
                        "currency",
                        "EUR")))));
    return r;
  }
}
