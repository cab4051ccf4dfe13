package dev.walnut.demo.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.embedded.kafka.ConsumedRecord;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.embedded.shopify.LocalShopify;
import dev.walnut.shopify.admin.AdminClient;
import dev.walnut.shopify.admin.RecommendationDefinition;
import dev.walnut.shopify.sink.RecommendationUpdate;
import dev.walnut.shopify.sink.RecommendationWriter;
import dev.walnut.shopify.sink.WriterSettings;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import dev.walnut.snowplow.collector.CookieSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The demo storefront as a newcomer meets it, in headless Chromium: the local Shopify, a real KRaft
 * broker, the real collector and the storefront; three products clicked; the tracker's events in
 * {@code snowplow-good}, checked field by field; then the shopper's metaobject written through the
 * Admin API as the sink writes it, and "Recommended for you" appears on the open page without a
 * reload, the model version on hover; a fresh browser sees "Trending now". No Flink, no MLflow: the
 * loop between the two is the demo command's.
 *
 * <p>Screenshots: {@code demo-storefront/target/screenshots/*.png}.
 */
class DemoStorefrontBrowserTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path SCRIPT = MODULE.resolve("src/test/browser/storefront-check.mjs");
  private static final Path SCREENSHOTS = MODULE.resolve("target/screenshots");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ECOMMERCE = "iglu:com.snowplowanalytics.snowplow.ecommerce/";
  private static final String GID = "gid://shopify/Product/";
  private static final String MODEL_VERSION = "session-recs/3";
  private static final String TRENDING_VERSION = "trending/2026-12-08";

  @Test
  void clicksReachKafkaAndTheShoppersRecommendationsReplaceTrendingWithoutAReload()
      throws Exception {
    requireBrowser();
    try (LocalShopify shopify = LocalShopify.builder().build().start();
        EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("snowplow-good", 1);
      kafka.createTopic("snowplow-bad", 1);
      try (CollectorServer collector =
              CollectorServer.start(
                  CollectorConfig.builder()
                      .host("127.0.0.1")
                      .port(0)
                      .bootstrapServers(kafka.bootstrapServers())
                      .cookie(CookieSettings.localDevelopment())
                      .build());
          AdminClient admin =
              AdminClient.create(shopify.baseUrl(), "2026-10", "local", Duration.ofSeconds(10))) {
        String type = RecommendationDefinition.bootstrap(admin, "$app:recommendations").type();
        // the shelves: what the demo puts there, the catalog's active products on the online store
        List<String> shelf =
            shopify.products().stream()
                .filter(p -> p.status().equals("ACTIVE") && p.published() && !p.isGiftCard())
                .limit(24)
                .map(p -> String.valueOf(p.id()))
                .toList();
        List<String> clicked = List.of(shelf.get(0), shelf.get(9), shelf.get(17));
        List<String> trending = List.of(shelf.get(3), shelf.get(4), shelf.get(12), shelf.get(20));
        List<String> recommended =
            List.of(shelf.get(1), shelf.get(10), shelf.get(18), shelf.get(22), shelf.get(6));
        write(admin, type, "trending", trending, TRENDING_VERSION);

        String collectorUrl = "http://127.0.0.1:" + collector.port();
        try (DemoStorefront shop =
            DemoStorefront.start(
                Settings.builder()
                    .port(0)
                    .storefrontUrl(shopify.storefrontUrl())
                    .collectorUrl(collectorUrl)
                    .recommendationsType(type)
                    .refresh(Duration.ofSeconds(1))
                    .products(shelf)
                    .build())) {
          Process node =
              new ProcessBuilder(
                      "node",
                      SCRIPT.toString(),
                      "--shop",
                      shop.url(),
                      "--collector",
                      collectorUrl,
                      "--click",
                      String.join(",", clicked),
                      "--out",
                      SCREENSHOTS.toString())
                  .directory(MODULE.toFile())
                  .redirectError(MODULE.resolve("target/storefront-check.err").toFile())
                  .start();
          try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
              Writer in = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8)) {
            JsonNode clickedStep = step(out, node, "clicked");
            String domainUserId = clickedStep.path("domainUserId").asText();
            assertThat(domainUserId).as("the tracker's domain_userid").isNotBlank();

            List<JsonNode> events = shopperEvents(kafka, domainUserId, r -> countOf(r, 10));
            assertThat(events.stream().filter(e -> event(e).equals("page_view")))
                .as("page views: home, product, home, product, home, product")
                .hasSize(6);
            List<JsonNode> views =
                events.stream().filter(e -> action(e).equals("product_view")).toList();
            assertThat(views).as("product_view records").hasSize(3);
            for (int i = 0; i < 3; i++) {
              JsonNode record = views.get(i);
              var product = shopify.product(Long.parseLong(clicked.get(i))).orElseThrow();
              JsonNode entity = entity(record, "product/");
              assertThat(entity.path("id").asText()).isEqualTo(clicked.get(i));
              assertThat(entity.path("name").asText()).isEqualTo(product.title());
              assertThat(entity.path("category").asText()).isEqualTo(product.productType());
              assertThat(entity.path("price").asDouble()).isEqualTo(product.price());
              assertThat(entity.path("currency").asText()).isEqualTo("EUR");
              assertThat(entity(record, "page/").path("type").asText()).isEqualTo("product");
              assertThat(record.path("app_id").asText()).isEqualTo(Settings.DEFAULT_APP_ID);
              assertThat(record.path("platform").asText()).isEqualTo("web");
              assertThat(record.path("v_tracker").asText()).startsWith("js-");
              assertThat(record.path("page_url").asText())
                  .isEqualTo(shop.url() + "/products/" + clicked.get(i));
              assertThat(record.path("network_userid").asText()).hasSize(36);
            }
            JsonNode added =
                events.stream().filter(e -> action(e).equals("add_to_cart")).findFirst().get();
            assertThat(entity(added, "product/").path("id").asText()).isEqualTo(clicked.get(2));
            assertThat(entity(added, "cart/").path("currency").asText()).isEqualTo("EUR");

            // the sink's write for this shopper
            write(admin, type, "a-" + domainUserId.toLowerCase(), recommended, MODEL_VERSION);
            in.write(
                JSON.writeValueAsString(
                        Map.of("recommended", recommended, "modelVersion", MODEL_VERSION))
                    + "\n");
            in.flush();

            JsonNode report = step(out, node, "done");
            assertThat(report.path("errors")).as("errors in the pages").isEmpty();
            assertThat(texts(report.path("grid"))).containsExactlyElementsOf(shelf);
            assertThat(texts(report.path("categories")))
                .startsWith("All")
                .contains("Mug", "Tee", "Hoodie");

            JsonNode home = report.path("homeBlock");
            assertThat(home.path("heading").asText()).isEqualTo("Trending now");
            assertThat(home.path("title").asText()).isEqualTo("Model version: " + TRENDING_VERSION);
            assertThat(cardIds(home)).containsExactlyElementsOf(trending);

            for (int i = 0; i < 3; i++) {
              JsonNode page = report.path("productPages").get(i);
              var product = shopify.product(Long.parseLong(clicked.get(i))).orElseThrow();
              assertThat(page.path("title").asText()).isEqualTo(product.title());
              assertThat(page.path("price").asText())
                  .isEqualTo(String.format(java.util.Locale.ROOT, "€%.2f", product.price()));
              assertThat(page.path("imageLoaded").asBoolean()).isTrue();
            }
            assertThat(report.path("cartCountAfterAdd").asText()).isEqualTo("1");

            JsonNode recs = report.path("recommendedBlock");
            assertThat(recs.path("visible").asBoolean()).isTrue();
            assertThat(recs.path("heading").asText()).isEqualTo("Recommended for you");
            assertThat(recs.path("handle").asText()).isEqualTo("a-" + domainUserId.toLowerCase());
            assertThat(recs.path("title").asText()).isEqualTo("Model version: " + MODEL_VERSION);
            assertThat(cardIds(recs)).containsExactlyElementsOf(recommended);
            assertThat(recs.path("cards").findValuesAsText("href"))
                .containsExactlyElementsOf(
                    recommended.stream().map(id -> "/products/" + id).toList());
            assertThat(recs.path("cards").findValues("imageLoaded")).allMatch(JsonNode::asBoolean);
            assertThat(report.path("notReloaded").asBoolean()).as("no reload").isTrue();

            assertThat(texts(report.path("cartLines"))).containsExactly(clicked.get(2));
            assertThat(report.path("orderMessage").asText()).startsWith("Thank you!");
            assertThat(report.path("cartCountAfterBuy").asText()).isEqualTo("0");
            JsonNode transaction =
                shopperEvents(kafka, domainUserId, r -> r.stream().anyMatch(isTransaction()))
                    .stream()
                    .filter(isTransaction())
                    .findFirst()
                    .get();
            JsonNode bought = entity(transaction, "transaction/");
            var product = shopify.product(Long.parseLong(clicked.get(2))).orElseThrow();
            assertThat(bought.path("revenue").asDouble()).isEqualTo(product.price());
            assertThat(bought.path("currency").asText()).isEqualTo("EUR");
            assertThat(bought.path("payment_method").asText()).isEqualTo("demo");
            assertThat(entity(transaction, "product/").path("id").asText())
                .isEqualTo(clicked.get(2));

            JsonNode fresh = report.path("freshBlock");
            assertThat(fresh.path("heading").asText()).isEqualTo("Trending now");
            assertThat(cardIds(fresh)).containsExactlyElementsOf(trending);

            assertThat(node.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(node.exitValue()).as(stderr()).isZero();
            for (String shot :
                List.of(
                    "01-home-trending.png",
                    "02-product-added-to-cart.png",
                    "03-recommended-for-you.png",
                    "04-bought.png",
                    "05-fresh-visitor-trending.png")) {
              assertThat(SCREENSHOTS.resolve(shot)).isNotEmptyFile();
            }
          } finally {
            node.destroyForcibly();
          }
        }
      }
    }
  }

  static void requireBrowser() {
    assertThat(MODULE.resolve("node_modules/playwright-core"))
        .as(
            "demo-storefront's npm packages are missing: build the module with Maven (it runs `npm"
                + " ci`) or run scripts/setup.sh --with-browser")
        .exists();
    String chromium = System.getenv().getOrDefault("WALNUT_CHROMIUM", "/usr/bin/chromium");
    assertThat(Path.of(chromium))
        .as(
            "Chromium is missing at %s: run scripts/setup.sh --with-browser (apt-get install"
                + " chromium) or set WALNUT_CHROMIUM",
            chromium)
        .isExecutable();
  }

  private static void write(
      AdminClient admin, String type, String handle, List<String> ids, String modelVersion)
      throws InterruptedException {
    try (RecommendationWriter writer =
        new RecommendationWriter(admin, type, WriterSettings.defaults())) {
      writer.offer(
          RecommendationUpdate.of(
              handle,
              ids.stream().map(id -> GID + id).toList(),
              null,
              modelVersion,
              Instant.now()));
      writer.flush();
    }
  }

  /** The next stdout line of the browser run, which must be {@code step}. */
  private static JsonNode step(BufferedReader out, Process node, String step) throws IOException {
    String line = out.readLine();
    assertThat(line).as("the browser run ended before `%s`: %s", step, stderr()).isNotNull();
    JsonNode json = JSON.readTree(line);
    assertThat(json.path("step").asText()).as(line).isEqualTo(step);
    return json;
  }

  private static String stderr() {
    try {
      return Files.readString(MODULE.resolve("target/storefront-check.err"));
    } catch (IOException e) {
      return "(no stderr: " + e.getMessage() + ")";
    }
  }

  /** The shopper's records in {@code snowplow-good}, once {@code complete} holds for them. */
  private static List<JsonNode> shopperEvents(
      EmbeddedKafka kafka, String domainUserId, Predicate<List<JsonNode>> complete)
      throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      List<JsonNode> mine = new ArrayList<>();
      for (ConsumedRecord r :
          KafkaRecords.of(kafka).consumeAll("snowplow-good", Duration.ofSeconds(2))) {
        JsonNode record = JSON.readTree(r.value());
        if (domainUserId.equals(record.path("domain_userid").asText())) {
          mine.add(record);
        }
      }
      if (complete.test(mine) || System.nanoTime() > deadline) {
        return mine;
      }
    }
  }

  private static boolean countOf(List<JsonNode> records, int count) {
    return records.size() >= count;
  }

  private static Predicate<JsonNode> isTransaction() {
    return r -> action(r).equals("transaction");
  }

  private static String event(JsonNode record) {
    return record.path("event").asText();
  }

  /** The e-commerce action's type ({@code product_view}, …), or "" for other events. */
  private static String action(JsonNode record) {
    JsonNode event = record.path("unstruct_event").path("data");
    return event.path("schema").asText().startsWith(ECOMMERCE + "snowplow_ecommerce_action/")
        ? event.path("data").path("type").asText()
        : "";
  }

  private static JsonNode entity(JsonNode record, String schema) {
    for (JsonNode e : record.path("contexts").path("data")) {
      if (e.path("schema").asText().startsWith(ECOMMERCE + schema)) {
        return e.path("data");
      }
    }
    throw new AssertionError("no " + schema + " entity in " + record.path("contexts"));
  }

  private static List<String> cardIds(JsonNode block) {
    return block.path("cards").findValuesAsText("productId");
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
