package dev.walnut.shopify.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.walnut.embedded.kafka.EmbeddedKafka;
import dev.walnut.embedded.kafka.KafkaRecords;
import dev.walnut.snowplow.collector.CollectorConfig;
import dev.walnut.snowplow.collector.CollectorServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The web pixel end to end: its own code ({@code extensions/walnut-pixel/src/index.js}, registered
 * through the real {@code @shopify/web-pixels-extension}) runs under node, replays the recorded
 * Shopify customer events ({@code test/fixtures/customer-events.json}) and POSTs them with node's
 * {@code fetch} to the real collector, which writes them to a real KRaft broker; the records in
 * {@code snowplow-good} are then checked field by field, as the {@code snowplow} source reads them.
 */
class ShopifyPixelCollectorTest {
  private static final Path MODULE = Path.of("").toAbsolutePath();
  private static final Path SCRIPT = MODULE.resolve("scripts/send-recorded-events.mjs");
  private static final Path RECORDING = MODULE.resolve("test/fixtures/customer-events.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ECOMMERCE = "iglu:com.snowplowanalytics.snowplow.ecommerce/";
  private static final String SHOPPER = "5f0c2d9e-1b7a-4c33-9e51-0d7f6a2b8c41";
  private static final String MUG = "8266836345064";
  private static final String TEE = "8266836410600";

  @Test
  void recordedShopifyEventsSentByThePixelArriveInKafkaAsTheSnowplowSourceTypesThem()
      throws Exception {
    requireNode();
    try (EmbeddedKafka kafka = EmbeddedKafka.builder().build()) {
      kafka.start();
      kafka.createTopic("snowplow-good", 1);
      kafka.createTopic("snowplow-bad", 1);
      try (CollectorServer collector =
          CollectorServer.start(
              CollectorConfig.builder()
                  .host("127.0.0.1")
                  .port(0)
                  .bootstrapServers(kafka.bootstrapServers())
                  .build())) {
        Instant before = Instant.now();
        Path err = MODULE.resolve("target/send-recorded-events.err");
        Files.createDirectories(err.getParent());
        Process node =
            new ProcessBuilder(
                    "node",
                    SCRIPT.toString(),
                    "--collector",
                    "http://127.0.0.1:" + collector.port(),
                    "--app-id",
                    "walnut-demo")
                .directory(MODULE.toFile())
                .redirectError(err.toFile())
                .start();
        String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(node.waitFor(60, TimeUnit.SECONDS)).as("node finished").isTrue();
        assertThat(node.exitValue()).as("node's stderr: %s", Files.readString(err)).isZero();
        assertThat(JSON.readTree(out).path("handled")).hasSize(7);

        List<JsonNode> records = new ArrayList<>();
        for (String value :
            KafkaRecords.of(kafka).consumeValues("snowplow-good", 7, Duration.ofSeconds(30))) {
          records.add(JSON.readTree(value));
        }
        assertThat(records).hasSize(7);
        assertThat(KafkaRecords.of(kafka).consumeAll("snowplow-bad", Duration.ofSeconds(1)))
            .as("bad rows")
            .isEmpty();

        JsonNode recording = JSON.readTree(RECORDING.toFile());
        List<JsonNode> sent = new ArrayList<>();
        for (JsonNode e : recording.path("events")) {
          if (!e.path("name").asText().equals("cart_viewed")) {
            sent.add(e);
          }
        }
        assertThat(records.stream().map(ShopifyPixelCollectorTest::kind).toList())
            .containsExactly(
                "page_view",
                "page_view",
                "product_view",
                "page_view",
                "product_view",
                "add_to_cart",
                "transaction");
        for (int i = 0; i < records.size(); i++) {
          JsonNode record = records.get(i);
          JsonNode event = sent.get(i);
          assertThat(record.path("event").asText())
              .isEqualTo(i == 0 || i == 1 || i == 3 ? "page_view" : "unstruct");
          assertThat(record.path("app_id").asText()).isEqualTo("walnut-demo");
          assertThat(record.path("platform").asText()).isEqualTo("web");
          assertThat(record.path("v_tracker").asText()).isEqualTo("shopify-pixel-0.1.0");
          assertThat(record.path("domain_userid").asText()).isEqualTo(SHOPPER);
          assertThat(record.path("event_id").asText()).hasSize(36);
          assertThat(record.path("page_url").asText())
              .isEqualTo(
                  event.path("context").path("document").path("location").path("href").asText());
          assertThat(record.path("page_title").asText())
              .isEqualTo(event.path("context").path("document").path("title").asText());
          assertThat(Instant.parse(record.path("dvce_created_tstamp").asText()))
              .isEqualTo(Instant.parse(event.path("timestamp").asText()));
          assertThat(Instant.parse(record.path("dvce_sent_tstamp").asText()))
              .isAfterOrEqualTo(before.minusSeconds(1));
          assertThat(record.path("collector").path("path").asText())
              .isEqualTo("/com.snowplowanalytics.snowplow/tp2");
        }
        assertThat(records.stream().map(r -> r.path("event_id").asText()).distinct()).hasSize(7);

        JsonNode mugView = records.get(2);
        assertThat(entity(mugView, "product/").path("id").asText()).isEqualTo(MUG);
        assertThat(entity(mugView, "product/").path("name").asText()).isEqualTo("Maple Mug");
        assertThat(entity(mugView, "product/").path("category").asText()).isEqualTo("Mug");
        assertThat(entity(mugView, "product/").path("price").asDouble()).isEqualTo(12.0);
        assertThat(entity(mugView, "product/").path("currency").asText()).isEqualTo("EUR");
        assertThat(entity(records.get(4), "product/").path("id").asText()).isEqualTo(TEE);

        JsonNode added = records.get(5);
        assertThat(entity(added, "product/").path("id").asText()).isEqualTo(TEE);
        assertThat(entity(added, "product/").path("quantity").asInt()).isEqualTo(2);
        JsonNode cart = entity(added, "cart/");
        assertThat(cart.path("cart_id").asText())
            .isEqualTo("Z2NwLWV1cm9wZS13ZXN0MTowMUpFRzhXN1dZOVZNM1hQUEJaV1I0R0tQTQ");
        assertThat(cart.path("total_value").asDouble()).isEqualTo(51.0);
        assertThat(cart.path("currency").asText()).isEqualTo("EUR");

        JsonNode bought = records.get(6);
        JsonNode transaction = entity(bought, "transaction/");
        assertThat(transaction.path("transaction_id").asText()).isEqualTo("5967812345678");
        assertThat(transaction.path("revenue").asDouble()).isEqualTo(55.9);
        assertThat(transaction.path("currency").asText()).isEqualTo("EUR");
        assertThat(transaction.path("payment_method").asText()).isEqualTo("visa");
        assertThat(transaction.path("total_quantity").asInt()).isEqualTo(3);
        assertThat(entities(bought, "product/").stream().map(p -> p.path("id").asText()).toList())
            .containsExactly(MUG, TEE);
      }
    }
  }

  /** Node and the module's npm packages, or a failure saying how to get them (never a skip). */
  static void requireNode() throws InterruptedException {
    boolean node;
    try {
      Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      node = p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      node = false;
    }
    assertThat(node)
        .as(
            "node is missing: install Node.js 20 or later (scripts/setup.sh --with-browser, or"
                + " apt-get install nodejs npm)")
        .isTrue();
    assertThat(MODULE.resolve("node_modules/@shopify/web-pixels-extension"))
        .as(
            "shopify-app's npm packages are missing: run `npm ci` in shopify-app (or"
                + " scripts/setup.sh --with-browser)")
        .exists();
  }

  /** {@code page_view}, or the e-commerce action's type ({@code product_view}, …). */
  private static String kind(JsonNode record) {
    JsonNode event = record.path("unstruct_event").path("data");
    return event.path("schema").asText().startsWith(ECOMMERCE + "snowplow_ecommerce_action/")
        ? event.path("data").path("type").asText()
        : record.path("event").asText();
  }

  private static JsonNode entity(JsonNode record, String schema) {
    List<JsonNode> found = entities(record, schema);
    assertThat(found).as("a %s entity in %s", schema, record.path("contexts")).isNotEmpty();
    return found.get(0);
  }

  private static List<JsonNode> entities(JsonNode record, String schema) {
    List<JsonNode> out = new ArrayList<>();
    for (JsonNode e : record.path("contexts").path("data")) {
      if (e.path("schema").asText().startsWith(ECOMMERCE + schema)) {
        out.add(e.path("data"));
      }
    }
    return out;
  }
}
