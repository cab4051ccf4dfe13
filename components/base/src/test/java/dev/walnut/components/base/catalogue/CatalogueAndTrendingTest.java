package dev.walnut.components.base.catalogue;

import static dev.walnut.testkit.scenario.ScenarioBuilder.param;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.api.json.JsonValues;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.engine.scenario.Scenario;
import dev.walnut.testkit.scenario.DeployedScenario;
import dev.walnut.testkit.scenario.ScenarioBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code trending} and {@code catalogue} in a deployed job on a real broker: the catalogue is a
 * compacted topic read into the job; candidates it does not hold or may not show are dropped, each
 * product is kept once, the fill follows the candidates, and the trending list ranks views.
 */
class CatalogueAndTrendingTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startKafka() {
    kafka = EmbeddedKafka.builder().build();
    kafka.start();
  }

  @AfterAll
  static void stopKafka() {
    if (kafka != null) {
      kafka.close();
    }
  }

  private static String product(String id, String status, boolean available, boolean giftCard) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("id", id);
    p.put("gid", "gid://shopify/Product/" + id);
    p.put("handle", "p-" + id);
    p.put("title", "Product " + id);
    p.put("status", status);
    p.put("published", true);
    p.put("isGiftCard", giftCard);
    p.put("available", available);
    p.put("productType", "Mug");
    p.put("vendor", "Walnut");
    p.put("tags", List.of());
    p.put("price", 12.5);
    p.put("currency", "EUR");
    p.put("deleted", false);
    return JsonValues.write(p);
  }

  private static String view(String shopper, String item, List<String> candidates) {
    return view(shopper, item, candidates, List.of());
  }

  private static String view(
      String shopper, String item, List<String> candidates, List<Object> exclude) {
    return JsonValues.write(
        Map.of("shopper", shopper, "item", item, "candidates", candidates, "exclude", exclude));
  }

  @Test
  void keepsShowableCataloguedCandidatesOnceThenFillsWithTrendingItems() throws IOException {
    kafka.createTopic("products", 1);
    kafka.createTopic("views", 1);
    kafka.createTopic("out", 1);
    KafkaRecords records = KafkaRecords.of(kafka);
    records.produce(
        "products",
        Stream.of(
            product("1", "ACTIVE", true, false),
            product("2", "ACTIVE", false, false), // out of stock
            product("3", "DRAFT", true, false), // not published
            product("4", "ACTIVE", true, true), // a gift card
            product("5", "ACTIVE", true, false),
            product("6", "ACTIVE", true, false),
            product("7", "ACTIVE", true, false),
            product("8", "ACTIVE", true, false),
            // deleted after it was listed
            JsonValues.write(Map.of("id", "8", "deleted", true))));
    Scenario scenario =
        ScenarioBuilder.id("catalogue-test")
            .parallelism(1)
            .source("views", "kafka", param("Topic", "'views'"), param("Start from", "'earliest'"))
            .customNode(
                "trending now",
                "trending",
                "trending",
                param("Item", "#input.item"),
                param("Window", "'PT1H'"),
                param("Size", "2"),
                param("Refresh", "'PT0.2S'"))
            .customNode(
                "in the catalogue",
                "catalogue",
                "candidates",
                param("Catalogue topic", "'products'"),
                param("Items", "#input.candidates"),
                param("Scores", "#input.candidates.![0.5]"),
                param("Fill", "#trending"),
                param("Exclude", "#input.exclude"),
                param("Keep at most", "4"))
            .sink(
                "out",
                "kafka",
                param("Topic", "'out'"),
                param(
                    "Value",
                    "{shopper: #input.shopper, trending: #trending, ids: #candidates.![id],"
                        + " sources: #candidates.![source], scores: #candidates.![score],"
                        + " titles: #candidates.![product.title]}"));
    try (DeployedScenario job =
        DeployedScenario.deploy(
                scenario, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers()))
            .awaitRunning(TIMEOUT)) {
      await("the catalogue is loaded")
          .atMost(TIMEOUT)
          .until(
              () ->
                  job.counters().getOrDefault("walnut.catalogue-records.in the catalogue", 0L)
                      >= 9);
      // views make 7 the most viewed, then 6
      records.produce(
          "views",
          Stream.of(
              view("a", "7", List.of()),
              view("b", "7", List.of()),
              view("c", "7", List.of()),
              view("a", "6", List.of()),
              view("b", "6", List.of()),
              view("c", "5", List.of())));
      await("the ranking reached the records")
          .atMost(TIMEOUT)
          .until(
              () -> {
                records.produce("views", Stream.of(view("probe", "", List.of())));
                List<Map<String, Object>> out = out(records);
                return !out.isEmpty()
                    && List.of("7", "6").equals(out.get(out.size() - 1).get("trending"));
              });
      records.produce(
          "views",
          Stream.of(
              view(
                  "z",
                  "",
                  List.of("1", "2", "3", "4", "unknown", "gid://shopify/Product/5", "1", "8"))));
      Map<String, Object> last =
          await()
              .atMost(TIMEOUT)
              .until(
                  () -> {
                    List<Map<String, Object>> out = out(records);
                    return out.isEmpty() ? null : out.get(out.size() - 1);
                  },
                  r -> r != null && "z".equals(r.get("shopper")));
      // 2 out of stock, 3 a draft, 4 a gift card, `unknown` and 8 (deleted) not held, 1 repeated;
      // the fill adds 7 and 6 (most viewed first) up to 4 candidates
      assertThat(last.get("ids")).isEqualTo(List.of("1", "5", "7", "6"));
      assertThat(last.get("sources")).isEqualTo(List.of("model", "model", "fill", "fill"));
      assertThat(last.get("scores")).isEqualTo(List.of(0.5, 0.5, 0.0, 0.0));
      assertThat(last.get("titles"))
          .isEqualTo(List.of("Product 1", "Product 5", "Product 7", "Product 6"));
      // excluded ids (a list of ids and lists of ids) are never kept, from the items or the fill
      records.produce(
          "views",
          Stream.of(
              view("y", "", List.of("1", "5"), List.of("5", List.of("gid://shopify/Product/7")))));
      Map<String, Object> excluded =
          await()
              .atMost(TIMEOUT)
              .until(
                  () -> {
                    List<Map<String, Object>> out = out(records);
                    return out.isEmpty() ? null : out.get(out.size() - 1);
                  },
                  r -> r != null && "y".equals(r.get("shopper")));
      assertThat(excluded.get("ids")).isEqualTo(List.of("1", "6"));
      assertThat(job.restarts()).isZero();
    }
  }

  private static List<Map<String, Object>> out(KafkaRecords records) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String v : records.consumeAllValues("out", Duration.ofSeconds(1))) {
      out.add(JsonValues.parseObject(v.getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }
}
