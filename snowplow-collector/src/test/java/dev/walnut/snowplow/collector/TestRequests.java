package dev.walnut.snowplow.collector;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Tracker-protocol payloads for tests, built by hand (as a tracker would). */
final class TestRequests {
  static final String PAYLOAD_SCHEMA =
      "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4";

  private TestRequests() {}

  static Map<String, String> pageView(String eventId, String shopper) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("e", "pv");
    e.put("p", "web");
    e.put("tv", "js-test");
    e.put("aid", "shop");
    e.put("eid", eventId);
    e.put("duid", shopper);
    e.put("url", "https://shop.example/p/" + eventId);
    e.put("dtm", String.valueOf(System.currentTimeMillis()));
    e.put(
        "cx",
        base64Url(
            "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\","
                + "\"data\":[{\"schema\":\"iglu:com.acme/page/jsonschema/1-0-0\","
                + "\"data\":{\"id\":\""
                + eventId
                + "\"}}]}"));
    return e;
  }

  static String base64Url(String json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  static String body(List<Map<String, String>> events) {
    return CollectorFixture.JSON
        .createObjectNode()
        .put("schema", PAYLOAD_SCHEMA)
        .set("data", CollectorFixture.JSON.valueToTree(events))
        .toString();
  }
}
