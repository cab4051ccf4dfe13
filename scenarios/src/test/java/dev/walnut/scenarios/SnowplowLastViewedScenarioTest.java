package dev.walnut.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.testkit.scenario.ScenarioTestResult;
import dev.walnut.testkit.scenario.ScenarioTestRun;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code scenarios/snowplow-last-viewed.json}: snowplow source → product views → each shopper's
 * products of the last 30 minutes → collect. Input records are in the collector's Kafka format.
 */
class SnowplowLastViewedScenarioTest {
  static final Instant START = Instant.parse("2024-01-02T00:00:00Z");
  static final String ACTION =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2";
  static final String PRODUCT =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0";

  static Map<String, Object> event(
      String eventId, String shopper, String action, String productId, int minutes) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("event_id", eventId);
    r.put("event", "unstruct");
    r.put("app_id", "shop");
    r.put("platform", "web");
    r.put("domain_userid", shopper);
    r.put("network_userid", "11111111-2222-3333-4444-555555555555");
    r.put("page_url", "https://shop.example/p/" + productId);
    r.put("collector_tstamp", START.plus(Duration.ofMinutes(minutes)).plusSeconds(1).toString());
    r.put("dvce_created_tstamp", START.plus(Duration.ofMinutes(minutes)).toString());
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

  @Test
  void keepsEachShoppersProductsViewedInTheLastThirtyMinutesWithoutRepeats() {
    ScenarioTestResult result =
        ScenarioTestRun.of(Repo.scenario("snowplow-last-viewed.json"))
            .input(
                "snowplow",
                event("e1", "s1", "product_view", "p1", 0),
                event("e2", "s2", "product_view", "p9", 1),
                // the tracker resent e1 (its 200 was lost): dropped by event_id
                event("e1", "s1", "product_view", "p1", 0),
                event("e3", "s1", "add_to_cart", "p1", 2),
                event("e4", "s1", "product_view", "p2", 10),
                event("e5", "s1", "product_view", "p3", 35))
            .run();

    assertThat(result.records("shopper views"))
        .filteredOn(r -> r.get("shopperId").equals("s1"))
        .extracting(r -> r.get("lastViewed"))
        .containsExactly(List.of("p1"), List.of("p1", "p2"), List.of("p2", "p3"));
    assertThat(result.records("shopper views"))
        .filteredOn(r -> r.get("shopperId").equals("s2"))
        .extracting(r -> r.get("lastViewed"))
        .containsExactly(List.of("p9"));
    assertThat(result.countOut("product views")).isEqualTo(4);
  }
}
