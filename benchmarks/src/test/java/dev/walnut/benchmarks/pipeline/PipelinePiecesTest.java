package dev.walnut.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelinePiecesTest {
  private static final String ACTION =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2";
  private static final String PRODUCT =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0";

  @Test
  void replayInterleavesSessionsKeepingEachShoppersOrderAndMapsIds(@TempDir Path dir)
      throws Exception {
    Path sessions = dir.resolve("sessions.txt");
    Files.write(sessions, List.of("1 2 3", "4", "5 6"));
    List<SessionReplay.Click> clicks = SessionReplay.clicks(sessions, "s", 0, 10);
    assertThat(clicks)
        .extracting(c -> c.shopper() + ":" + (Long.parseLong(c.product()) - SessionReplay.OFFSET))
        .containsExactly("s0:1", "s1:4", "s2:5", "s0:2", "s2:6", "s0:3");
    assertThat(SessionReplay.clicks(sessions, "s", 2, 2))
        .extracting(SessionReplay.Click::product)
        .containsExactly("8000000000005", "8000000000002");
  }

  @Test
  void theParserKeepsProductViewsAsTheScenarioKeysThem() throws Exception {
    List<String> seen = new ArrayList<>();
    CollectorEventParser parser = new CollectorEventParser();
    parser.open((org.apache.flink.api.common.functions.OpenContext) null);
    Collector<View> out =
        new Collector<>() {
          @Override
          public void collect(View v) {
            seen.add(
                v.shopper
                    + " "
                    + v.handle
                    + " "
                    + v.productId
                    + " "
                    + v.action
                    + " "
                    + v.collectorMillis
                    + " "
                    + v.eventMillis);
          }

          @Override
          public void close() {}
        };
    parser.flatMap(event("e1", "duid-1", null, "product_view", "80001"), out);
    parser.flatMap(event("e2", "duid-1", "customer-7", "add_to_cart", "80002"), out);
    parser.flatMap(event("e3", "duid-1", null, "remove_from_cart", "80003"), out);
    parser.flatMap(
        ("{\"event_id\":\"e4\",\"event\":\"page_view\",\"domain_userid\":\"d\","
                + "\"page_url\":\"https://shop.example/collections/all\","
                + "\"collector_tstamp\":\"2026-01-01T00:00:10Z\"}")
            .getBytes(StandardCharsets.UTF_8),
        out);
    parser.flatMap(
        ("{\"event_id\":\"e5\",\"event\":\"page_view\",\"domain_userid\":\"d\","
                + "\"page_url\":\"https://shop.example/products/blue-shirt?x=1\","
                + "\"collector_tstamp\":\"2026-01-01T00:00:10Z\"}")
            .getBytes(StandardCharsets.UTF_8),
        out);
    // derived_tstamp: the collector's time minus the device's (sent - created) = 10 s - 2 s
    assertThat(seen)
        .containsExactly(
            "a:duid-1 a-duid-1 80001 product_view 1767225610000 1767225608000",
            "c:customer-7 a-duid-1 80002 add_to_cart 1767225610000 1767225608000",
            "a:d a-d blue-shirt product_view 1767225610000 1767225610000");
  }

  private static byte[] event(
      String id, String duid, String userId, String action, String product) {
    return ("{\"event_id\":\""
            + id
            + "\",\"event\":\"unstruct\",\"domain_userid\":\""
            + duid
            + "\""
            + (userId == null ? "" : ",\"user_id\":\"" + userId + "\"")
            + ",\"collector_tstamp\":\"2026-01-01T00:00:10Z\""
            + ",\"dvce_created_tstamp\":\"2026-01-01T00:00:01Z\""
            + ",\"dvce_sent_tstamp\":\"2026-01-01T00:00:03Z\""
            + ",\"unstruct_event\":{\"data\":{\"schema\":\""
            + ACTION
            + "\",\"data\":{\"type\":\""
            + action
            + "\"}}},\"contexts\":{\"data\":[{\"schema\":\""
            + PRODUCT
            + "\",\"data\":{\"id\":\""
            + product
            + "\"}}]}}")
        .getBytes(StandardCharsets.UTF_8);
  }
}
