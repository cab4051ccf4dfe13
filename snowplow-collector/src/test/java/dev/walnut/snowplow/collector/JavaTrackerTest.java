package dev.walnut.snowplow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.snowplowanalytics.snowplow.tracker.Snowplow;
import com.snowplowanalytics.snowplow.tracker.Subject;
import com.snowplowanalytics.snowplow.tracker.Tracker;
import com.snowplowanalytics.snowplow.tracker.configuration.EmitterConfiguration;
import com.snowplowanalytics.snowplow.tracker.configuration.NetworkConfiguration;
import com.snowplowanalytics.snowplow.tracker.configuration.TrackerConfiguration;
import com.snowplowanalytics.snowplow.tracker.events.EcommerceTransaction;
import com.snowplowanalytics.snowplow.tracker.events.EcommerceTransactionItem;
import com.snowplowanalytics.snowplow.tracker.events.PageView;
import com.snowplowanalytics.snowplow.tracker.events.SelfDescribing;
import com.snowplowanalytics.snowplow.tracker.payload.SelfDescribingJson;
import dev.walnut.embedded.kafka.ConsumedRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real Snowplow Java tracker (POST, standard base64) → collector → exact Kafka records. */
class JavaTrackerTest {
  static final String ACTION_SCHEMA =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2";
  static final String PRODUCT_SCHEMA =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0";

  static CollectorFixture fixture;

  @BeforeAll
  static void start() {
    fixture = new CollectorFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @Test
  void pageViewsSelfDescribingAndEcommerceEventsArriveAsDecodedRecords() throws Exception {
    Tracker tracker =
        Snowplow.createTracker(
            new TrackerConfiguration("walnut-test", "java-shop").base64Encoded(true),
            new NetworkConfiguration(fixture.url()),
            new EmitterConfiguration().batchSize(2));
    Subject shopper = new Subject();
    shopper.setUserId("shopper-7");
    tracker.track(
        PageView.builder()
            .pageUrl("https://shop.example/p/42")
            .pageTitle("Green tea")
            .subject(shopper)
            .build());
    tracker.track(
        SelfDescribing.builder()
            .eventData(new SelfDescribingJson(ACTION_SCHEMA, Map.of("type", "product_view")))
            .customContext(
                List.of(
                    new SelfDescribingJson(
                        PRODUCT_SCHEMA,
                        Map.of(
                            "id", "p-42",
                            "name", "Green tea",
                            "category", "tea",
                            "price", 4.5,
                            "currency", "EUR"))))
            .subject(shopper)
            .build());
    tracker.track(
        EcommerceTransaction.builder()
            .orderId("order-1")
            .totalValue(9.0)
            .currency("EUR")
            .items(
                EcommerceTransactionItem.builder()
                    .itemId("order-1")
                    .sku("p-42")
                    .price(4.5)
                    .quantity(2)
                    .name("Green tea")
                    .build())
            .subject(shopper)
            .build());
    tracker.getEmitter().flushBuffer();
    // a transaction is two tracker events: `tr` and one `ti` per item
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> micro("/micro/all").path("good").asLong() >= 4);
    tracker.close();

    List<ConsumedRecord> consumed = fixture.all("snowplow-good");
    assertThat(consumed).hasSize(4);
    // keyed by user id; the tracker sends transaction items without the subject, so those fall
    // back to the network user id
    assertThat(consumed)
        .allSatisfy(
            r -> {
              JsonNode record = CollectorFixture.parse(r.value());
              assertThat(r.key())
                  .isEqualTo(
                      record.path("user_id").isTextual()
                          ? "shopper-7"
                          : record.path("network_userid").asText());
            });
    Map<String, JsonNode> byType =
        consumed.stream()
            .map(r -> CollectorFixture.parse(r.value()))
            .collect(Collectors.toMap(r -> r.path("event").asText(), r -> r));
    assertThat(byType).containsOnlyKeys("page_view", "unstruct", "transaction", "transaction_item");

    JsonNode pv = byType.get("page_view");
    assertThat(pv.path("app_id").asText()).isEqualTo("java-shop");
    assertThat(pv.path("platform").asText()).isEqualTo("srv");
    assertThat(pv.path("v_tracker").asText()).startsWith("java-");
    assertThat(pv.path("user_id").asText()).isEqualTo("shopper-7");
    assertThat(pv.path("page_url").asText()).isEqualTo("https://shop.example/p/42");
    assertThat(pv.path("page_title").asText()).isEqualTo("Green tea");
    assertThat(pv.path("event_id").asText()).hasSize(36);
    assertThat(pv.path("dvce_created_tstamp").asText()).endsWith("Z");
    assertThat(pv.path("collector_tstamp").asText()).endsWith("Z");
    assertThat(pv.path("user_ipaddress").asText()).isEqualTo("127.0.0.1");
    assertThat(pv.path("network_userid").asText()).hasSize(36);
    assertThat(pv.path("collector").path("path").asText())
        .isEqualTo("/com.snowplowanalytics.snowplow/tp2");

    JsonNode ue = byType.get("unstruct");
    assertThat(ue.path("unstruct_event").path("schema").asText())
        .isEqualTo(TrackerProtocol.UNSTRUCT_SCHEMA);
    assertThat(ue.path("unstruct_event").path("data").path("schema").asText())
        .isEqualTo(ACTION_SCHEMA);
    assertThat(ue.path("unstruct_event").path("data").path("data").path("type").asText())
        .isEqualTo("product_view");
    assertThat(ue.path("parameters").has("ue_px")).isFalse();
    JsonNode entities = ue.path("contexts").path("data");
    assertThat(ue.path("contexts").path("schema").asText())
        .startsWith("iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-");
    JsonNode product = null;
    for (JsonNode entity : entities) {
      if (PRODUCT_SCHEMA.equals(entity.path("schema").asText())) {
        product = entity.path("data");
      }
    }
    assertThat(product).isNotNull();
    assertThat(product.path("id").asText()).isEqualTo("p-42");
    assertThat(product.path("price").asDouble()).isEqualTo(4.5);

    JsonNode tr = byType.get("transaction");
    assertThat(tr.path("tr_orderid").asText()).isEqualTo("order-1");
    assertThat(tr.path("tr_total").asDouble()).isEqualTo(9.0);
    assertThat(tr.path("tr_currency").asText()).isEqualTo("EUR");
    JsonNode ti = byType.get("transaction_item");
    assertThat(ti.path("ti_sku").asText()).isEqualTo("p-42");
    assertThat(ti.path("ti_quantity").asText()).isEqualTo("2");

    JsonNode goodEntries = micro("/micro/good");
    assertThat(goodEntries).hasSize(4);
    JsonNode first = null;
    for (JsonNode e : goodEntries) {
      if ("unstruct".equals(e.path("eventType").asText())) {
        first = e;
      }
    }
    assertThat(first.path("schema").asText()).isEqualTo(ACTION_SCHEMA);
    assertThat(first.path("contexts").toString()).contains(PRODUCT_SCHEMA);
    assertThat(first.path("event").path("event_id").asText())
        .isEqualTo(ue.path("event_id").asText());
    assertThat(fixture.all("snowplow-bad")).isEmpty();
  }

  static JsonNode micro(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(fixture.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    return CollectorFixture.parse(response.body());
  }
}
