package dev.walnut.snowplow.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The collector's HTTP surface, against a real broker. */
class CollectorEndpointsTest {
  static CollectorFixture fixture;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    fixture =
        new CollectorFixture(
            b ->
                b.cookie(CookieSettings.snowplowDefaults())
                    .redirect(true, Set.of("shop.example"))
                    .pathAliases(Map.of("/acme/events", "/com.snowplowanalytics.snowplow/tp2"))
                    .microBufferSize(3)
                    .trustedProxies(List.of("127.0.0.1", "10.0.0.0/8"))
                    .requestTimeout(java.time.Duration.ofSeconds(3)));
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  @BeforeEach
  void reset() throws Exception {
    get("/micro/reset");
  }

  static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(fixture.url() + path)));
  }

  static JsonNode json(String path) throws Exception {
    return CollectorFixture.parse(new String(get(path).body()));
  }

  @Test
  void aStalledRequestBodyLosesItsConnectionAfterTheRequestTimeout() throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", fixture.collector.port())) {
      socket.setSoTimeout(20_000);
      socket
          .getOutputStream()
          .write(
              ("POST /com.snowplowanalytics.snowplow/tp2 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"sche")
                  .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      long start = System.nanoTime();
      int read = socket.getInputStream().read();
      long waitedMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(read).as("closed, no answer").isEqualTo(-1);
      assertThat(waitedMillis).isBetween(2_500L, 15_000L);
    }
    // the collector still serves others
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void pixelIsTheFortyThreeByteGifWithNoCacheHeadersAndTheSnowplowCookie() throws Exception {
    HttpResponse<byte[]> response =
        get("/i?" + TestRequests.query(TestRequests.pageView("e-pixel", "d1")));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).hasSize(43);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("image/gif");
    assertThat(response.headers().firstValue("Cache-Control").orElseThrow()).contains("no-store");
    String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
    assertThat(cookie).startsWith("sp=").contains("SameSite=None", "Secure", "HttpOnly", "Path=/");
    String nuid = cookie.substring(3, 39);

    // the cookie comes back: the same network user id, re-set on the response
    HttpResponse<byte[]> again =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        fixture.url()
                            + "/ice.png?"
                            + TestRequests.query(TestRequests.pageView("e-2", "d1"))))
                .header("Cookie", "sp=" + nuid));
    assertThat(again.headers().firstValue("Set-Cookie").orElseThrow()).startsWith("sp=" + nuid);
    JsonNode good = json("/micro/good");
    assertThat(good).hasSize(2);
    assertThat(good.get(1).path("event").path("network_userid").asText()).isEqualTo(nuid);
    assertThat(good.get(1).path("eventType").asText()).isEqualTo("page_view");
    assertThat(good.get(1).path("contexts").get(0).asText())
        .isEqualTo("iglu:com.acme/page/jsonschema/1-0-0");
  }

  @Test
  void nuidParameterOverridesAndSpAnonymousHidesIpAndCookie() throws Exception {
    String nuid = "12345678-1234-4234-8234-123456789012";
    Map<String, String> event = TestRequests.pageView("e-nuid", "d2");
    get("/i?" + TestRequests.query(event) + "&nuid=" + nuid);
    HttpResponse<byte[]> anonymous =
        send(
            HttpRequest.newBuilder(
                    URI.create(
                        fixture.url()
                            + "/i?"
                            + TestRequests.query(TestRequests.pageView("e-anon", "d3"))))
                .header("SP-Anonymous", "*")
                .header("X-Forwarded-For", "203.0.113.9"));
    assertThat(anonymous.headers().firstValue("Set-Cookie")).isEmpty();
    JsonNode good = json("/micro/good");
    assertThat(good.get(0).path("event").path("network_userid").asText()).isEqualTo(nuid);
    JsonNode anon = good.get(1).path("event");
    assertThat(anon.path("network_userid").asText()).isEqualTo(RequestInfo.ANONYMOUS_NUID);
    assertThat(anon.path("user_ipaddress").isNull()).isTrue();
    assertThat(anon.path("collector").toString()).doesNotContain("203.0.113.9");
  }

  @Test
  void ipComesFromForwardedForBehindTrustedProxies() throws Exception {
    send(
        HttpRequest.newBuilder(
                URI.create(
                    fixture.url()
                        + "/i?"
                        + TestRequests.query(TestRequests.pageView("e-ip", "d4"))))
            .header("X-Forwarded-For", "198.51.100.7, 10.0.0.1"));
    assertThat(json("/micro/good").get(0).path("event").path("user_ipaddress").asText())
        .isEqualTo("198.51.100.7");
  }

  @Test
  void corsEchoesTheOriginAndPreflightEchoesRequestedHeaders() throws Exception {
    HttpResponse<byte[]> preflight =
        send(
            HttpRequest.newBuilder(
                    URI.create(fixture.url() + "/com.snowplowanalytics.snowplow/tp2"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://shop.example")
                .header("Access-Control-Request-Headers", "content-type,sp-anonymous"));
    assertThat(preflight.statusCode()).isEqualTo(200);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://shop.example");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers"))
        .hasValue("content-type,sp-anonymous");
    assertThat(preflight.headers().firstValue("Access-Control-Max-Age")).isPresent();

    HttpResponse<byte[]> post =
        send(
            HttpRequest.newBuilder(URI.create(fixture.url() + "/acme/events"))
                .header("Origin", "https://shop.example")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        TestRequests.body(List.of(TestRequests.pageView("e-alias", "d5"))))));
    assertThat(post.statusCode()).isEqualTo(200);
    assertThat(post.headers().firstValue("Access-Control-Allow-Origin"))
        .hasValue("https://shop.example");
    assertThat(json("/micro/all").path("good").asInt()).isEqualTo(1);
  }

  @Test
  void serviceEndpoints() throws Exception {
    assertThat(new String(get("/health").body())).isEqualTo("OK");
    assertThat(get("/sink-health").statusCode()).isEqualTo(200);
    assertThat(new String(get("/robots.txt").body())).contains("Disallow: /");
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    get("/i?" + TestRequests.query(TestRequests.pageView("e-m", "d6")));
    String metrics = new String(get("/metrics").body());
    assertThat(metrics)
        .contains("walnut_collector_requests_total ")
        .contains("walnut_collector_events_good_total ")
        .contains("walnut_collector_kafka_ack_seconds_bucket{le=\"+Inf\"}");
  }

  @Test
  void microKeepsOnlyTheLastEventsAndShowsBadRowsWithTheirReason() throws Exception {
    for (int i = 0; i < 5; i++) {
      get("/i?" + TestRequests.query(TestRequests.pageView("e-ring-" + i, "d7")));
    }
    Map<String, String> broken = TestRequests.pageView("e-bad", "d7");
    broken.remove("tv");
    get("/i?" + TestRequests.query(broken));
    JsonNode good = json("/micro/good");
    assertThat(good).hasSize(3);
    assertThat(good.get(2).path("event").path("event_id").asText()).isEqualTo("e-ring-4");
    assertThat(json("/micro/all").path("total").asInt()).isEqualTo(6);
    JsonNode bad = json("/micro/bad").get(0);
    assertThat(bad.path("reason").asText()).contains("`tv`");
    assertThat(bad.path("payload").asText()).contains("e-bad");
  }

  @Test
  void redirectGoesOnlyToAllowedHostsAndRecordsTheClick() throws Exception {
    HttpResponse<byte[]> ok = get("/r/tp2?u=https%3A%2F%2Fshop.example%2Fsale&aid=mail");
    assertThat(ok.statusCode()).isEqualTo(302);
    assertThat(ok.headers().firstValue("Location")).hasValue("https://shop.example/sale");
    assertThat(get("/r/tp2?u=https%3A%2F%2Fevil.example%2F").statusCode()).isEqualTo(400);
    JsonNode good = json("/micro/good").get(0);
    assertThat(good.path("schema").asText()).contains("uri_redirect");
    assertThat(json("/micro/bad").get(0).path("reason").asText()).contains("evil.example");
  }

  @Test
  void oversizedBodiesBecomeSizeViolationsAndStillGet200() throws Exception {
    HttpResponse<byte[]> response =
        send(
            HttpRequest.newBuilder(
                    URI.create(fixture.url() + "/com.snowplowanalytics.snowplow/tp2"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1024 * 1024 + 10))));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode bad = json("/micro/bad").get(0);
    assertThat(bad.path("schema").asText()).contains("size_violation");
    assertThat(bad.path("truncated").asBoolean()).isTrue();
    assertThat(bad.path("payload").asText()).hasSize(BadRows.MAX_PAYLOAD_CHARS);
  }

  @Test
  void standardAndUrlSafeBase64AreBothDecoded() {
    String json = "{\"a\":\"ü?>\"}";
    String standard =
        java.util.Base64.getEncoder()
            .encodeToString(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String urlSafe = TestRequests.base64Url(json);
    assertThat(standard).isNotEqualTo(urlSafe);
    assertThat(Base64Values.decode("cx", standard)).isEqualTo(json);
    assertThat(Base64Values.decode("cx", urlSafe)).isEqualTo(json);
  }
}
