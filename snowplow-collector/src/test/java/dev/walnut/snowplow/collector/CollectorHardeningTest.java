package dev.walnut.snowplow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The collector's limits and privacy rules, each against a running collector on a real broker: a
 * request cannot become unbounded records, an event Kafka would refuse is a bad row, credentials
 * never reach Kafka, {@code /micro} is closed by default, {@code nuid} cannot write into the
 * cookie, connections are capped and {@code X-Forwarded-For} is believed only from trusted proxies.
 */
class CollectorHardeningTest {
  static CollectorFixture fixture;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    fixture = new CollectorFixture();
  }

  @AfterAll
  static void stop() {
    fixture.close();
  }

  static String url(CollectorServer server) {
    return "http://127.0.0.1:" + server.port();
  }

  static HttpResponse<String> post(CollectorServer server, String body) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url(server) + CollectorServer.TP2_PATH))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static List<Map<String, String>> pageViews(String prefix, int n) {
    List<Map<String, String>> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(TestRequests.pageView(prefix + "-" + i, "shopper"));
    }
    return events;
  }

  /** A collector on its own topics, closed after {@code body}. */
  interface WithCollector {
    void run(CollectorServer server, String topics) throws Exception;
  }

  static void with(
      String topics, UnaryOperator<CollectorConfig.Builder> settings, WithCollector body)
      throws Exception {
    try (CollectorServer server = fixture.another(topics, settings)) {
      body.run(server, topics);
    }
  }

  @Test
  void aPostWithMoreEventsThanTheLimitIsOneSizeViolationAndNoEvents() throws Exception {
    with(
        "cap",
        b -> b,
        (server, topics) -> {
          assertThat(server.config().maxEventsPerRequest()).isEqualTo(1_000);
          assertThat(post(server, TestRequests.body(pageViews("ok", 1_000))).statusCode())
              .isEqualTo(200);
          HttpResponse<String> over = post(server, TestRequests.body(pageViews("over", 1_001)));
          assertThat(over.statusCode()).as("the tracker must not retry it").isEqualTo(200);

          assertThat(fixture.records(topics + "-good", 1_000)).hasSize(1_000);
          List<JsonNode> bad = fixture.records(topics + "-bad", 1);
          JsonNode row = bad.get(0);
          assertThat(row.path("schema").asText()).isEqualTo(BadRows.SIZE_VIOLATION);
          assertThat(row.path("data").path("failure").path("expectation").asText())
              .isEqualTo(
                  "request has 1001 events, above the collector's limit of 1000 events per"
                      + " request (maxEventsPerRequest)");
          assertThat(row.path("data").path("payload").path("truncated").asBoolean()).isTrue();
          // nothing of the refused request reached the good topic
          assertThat(fixture.all(topics + "-good")).hasSize(1_000);
        });
  }

  @Test
  void headersKeptPerRecordAreCappedAndCredentialsAreNeverKept() throws Exception {
    with(
        "headers",
        b -> b.maxHeaderBytesPerRecord(2_048),
        (server, topics) -> {
          HttpResponse<String> response =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(url(server) + CollectorServer.TP2_PATH))
                      .header("Content-Type", "application/json")
                      .header("Cookie", "sp=12345678-1234-4234-8234-123456789012; session=secret")
                      .header("Authorization", "Bearer top-secret")
                      .header("Proxy-Authorization", "Basic c2VjcmV0")
                      .header("X-Small", "kept")
                      .header("X-Huge", "h".repeat(20_000))
                      .POST(
                          HttpRequest.BodyPublishers.ofString(TestRequests.body(pageViews("h", 3))))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).isEqualTo(200);
          for (JsonNode record : fixture.records(topics + "-good", 3)) {
            JsonNode collector = record.path("collector");
            JsonNode headers = collector.path("headers");
            assertThat(headers.path("X-Small").asText()).isEqualTo("kept");
            assertThat(headers.has("X-Huge")).isFalse();
            assertThat(collector.path("headersTruncated").asBoolean()).isTrue();
            assertThat(record.toString())
                .doesNotContain("secret")
                .doesNotContain("c2VjcmV0")
                .hasSizeLessThan(6_000);
            List<String> names = new ArrayList<>();
            headers.fieldNames().forEachRemaining(n -> names.add(n.toLowerCase()));
            assertThat(names).doesNotContain("cookie", "authorization", "proxy-authorization");
            // the cookie still identifies the browser
            assertThat(record.path("network_userid").asText())
                .isEqualTo("12345678-1234-4234-8234-123456789012");
          }
        });
  }

  @Test
  void anEventLargerThanKafkasMaximumRequestIsASizeViolationNotAnEndless503() throws Exception {
    with(
        "large",
        b -> b,
        (server, topics) -> {
          Map<String, String> event = TestRequests.pageView("large", "shopper");
          // within the 1 MiB body limit, but the record carries the URL twice (page_url and
          // parameters.url): about 1.2 MB, above the producer's max.request.size of 1 MiB
          event.put("url", "https://shop.example/?q=" + "x".repeat(600_000));
          HttpResponse<String> response = post(server, TestRequests.body(List.of(event)));
          assertThat(response.statusCode()).isEqualTo(200);
          JsonNode row = fixture.records(topics + "-bad", 1).get(0);
          assertThat(row.path("schema").asText()).isEqualTo(BadRows.SIZE_VIOLATION);
          assertThat(row.path("data").path("reason").asText())
              .matches(
                  "event of \\d+ bytes once encoded is above Kafka's max.request.size of 1048576"
                      + " bytes");
          assertThat(row.path("data").path("failure").path("actualSizeBytes").asInt())
              .isGreaterThan(1_200_000);
          assertThat(row.path("data").path("payload").path("raw").asText())
              .startsWith("{\"event_id\":\"large\"");
          // the collector goes on accepting
          assertThat(post(server, TestRequests.body(pageViews("after", 1))).statusCode())
              .isEqualTo(200);
          assertThat(fixture.records(topics + "-good", 1)).hasSize(1);
        });
  }

  @Test
  void microIsOffByDefault() throws Exception {
    with(
        "micro-off",
        b -> b,
        (server, topics) -> {
          assertThat(server.config().microEnabled()).isFalse();
          HttpResponse<String> response =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(url(server) + "/micro/good")).build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(response.statusCode()).isEqualTo(404);
          assertThat(response.body())
              .isEqualTo(
                  "/micro is turned off on this collector (it shows IPs and user ids); turn it"
                      + " on with --micro, for loopback clients or a bearer token");
        });
  }

  @Test
  void microAnswersLoopbackWithoutCorsAndOthersOnlyWithTheToken() throws Exception {
    String token = "a-token-of-32-characters-or-so-xx";
    InetAddress external = nonLoopbackAddress();
    assumeThat(external).as("a non-loopback IPv4 address on this machine").isNotNull();
    try (CollectorServer server =
        fixture.another("micro-on", b -> b.host("0.0.0.0").micro(true, token))) {
      String local = "http://127.0.0.1:" + server.port() + "/micro/all";
      HttpResponse<String> fromLoopback =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(local))
                  .header("Origin", "https://evil.example")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(fromLoopback.statusCode()).isEqualTo(200);
      assertThat(fromLoopback.body()).contains("\"total\"");
      assertThat(fromLoopback.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
      assertThat(fromLoopback.headers().firstValue("Access-Control-Allow-Credentials")).isEmpty();

      String remote = "http://" + external.getHostAddress() + ":" + server.port() + "/micro/good";
      HttpResponse<String> noToken =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(remote))
                  // a forged header must not make the client look local
                  .header("X-Forwarded-For", "127.0.0.1")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(noToken.statusCode()).isEqualTo(403);
      assertThat(noToken.body())
          .isEqualTo("/micro needs `Authorization: Bearer <token>` from non-loopback clients");
      HttpResponse<String> wrong =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(remote))
                  .header("Authorization", "Bearer " + token + "x")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(wrong.statusCode()).isEqualTo(403);
      HttpResponse<String> right =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(remote))
                  .header("Authorization", "Bearer " + token)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(right.statusCode()).isEqualTo(200);
      assertThat(right.body()).startsWith("[");
    }
    try (CollectorServer loopbackOnly =
        fixture.another("micro-loopback", b -> b.host("0.0.0.0").micro(true, null))) {
      HttpResponse<String> remote =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://"
                              + external.getHostAddress()
                              + ":"
                              + loopbackOnly.port()
                              + "/micro/all"))
                  .header("Authorization", "Bearer anything-at-all-here")
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(remote.statusCode()).isEqualTo(403);
      assertThat(remote.body()).isEqualTo("/micro answers loopback clients only on this collector");
    }
  }

  @Test
  void microTokenMustBeLongEnough() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CollectorConfig.builder().micro(true, "short"))
        .hasMessage("the /micro token must be at least 16 characters, got 5");
  }

  @Test
  void nuidThatIsNotAUuidNeverReachesTheCookie() throws Exception {
    with(
        "nuid",
        b -> b,
        (server, topics) -> {
          String query =
              TestRequests.query(TestRequests.pageView("nuid-1", "shopper"))
                  + "&nuid=x%3B%20Domain%3Devil.example%3B%20Max-Age%3D99999999";
          HttpResponse<String> response =
              HTTP.send(
                  HttpRequest.newBuilder(URI.create(url(server) + "/i?" + query)).build(),
                  HttpResponse.BodyHandlers.ofString());
          String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
          assertThat(cookie).doesNotContain("evil.example").doesNotContain("99999999");
          assertThat(cookie.substring(3, 39))
              .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
          JsonNode record = fixture.records(topics + "-good", 1).get(0);
          assertThat(record.path("network_userid").asText()).isEqualTo(cookie.substring(3, 39));

          String uuid = "0f0e0d0c-0b0a-4908-8706-050403020100";
          HttpResponse<String> valid =
              HTTP.send(
                  HttpRequest.newBuilder(
                          URI.create(
                              url(server)
                                  + "/i?"
                                  + TestRequests.query(TestRequests.pageView("nuid-2", "s"))
                                  + "&nuid="
                                  + uuid))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          assertThat(valid.headers().firstValue("Set-Cookie").orElseThrow())
              .startsWith("sp=" + uuid + ";");
        });
  }

  @Test
  void forwardedForIsIgnoredUnlessTheSocketIsATrustedProxy() throws Exception {
    Map<String, String> event = TestRequests.pageView("xff", "shopper");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://placeholder/"))
            .header("X-Forwarded-For", "203.0.113.50, 198.51.100.7, 10.1.2.3");
    with(
        "xff-none",
        b -> b,
        (server, topics) -> {
          HTTP.send(
              request
                  .copy()
                  .uri(URI.create(url(server) + "/i?" + TestRequests.query(event)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
          JsonNode record = fixture.records(topics + "-good", 1).get(0);
          assertThat(record.path("user_ipaddress").asText()).isEqualTo("127.0.0.1");
          assertThat(record.path("collector").path("ip").asText()).isEqualTo("127.0.0.1");
        });
    with(
        "xff-trusted",
        b -> b.trustedProxies(List.of("127.0.0.0/8", "10.0.0.0/8")),
        (server, topics) -> {
          HTTP.send(
              request
                  .copy()
                  .uri(URI.create(url(server) + "/i?" + TestRequests.query(event)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
          // read from the right: 10.1.2.3 is a trusted proxy, 198.51.100.7 is the client, and
          // 203.0.113.50 is whatever the client claimed
          assertThat(fixture.records(topics + "-good", 1).get(0).path("user_ipaddress").asText())
              .isEqualTo("198.51.100.7");
        });
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CollectorConfig.builder().trustedProxies(List.of("10.0.0.0/33")))
        .hasMessage(
            "trusted proxy must be an IP address or CIDR such as 10.0.0.0/8 or 2001:db8::/32,"
                + " got `10.0.0.0/33`");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> CollectorConfig.builder().trustedProxies(List.of("proxy.example")))
        .hasMessageContaining("got `proxy.example`");
  }

  @Test
  void connectionsBeyondTheCapWaitUntilOneCloses() throws Exception {
    with(
        "conns",
        b -> b.maxConnections(4).ioThreads(2),
        (server, topics) -> {
          List<Socket> open = new ArrayList<>();
          try {
            for (int i = 0; i < 4; i++) {
              Socket s = new Socket("127.0.0.1", server.port());
              s.setSoTimeout(10_000);
              assertThat(healthOver(s)).as("connection %d is served", i).isEqualTo(200);
              open.add(s);
            }
            Socket fifth = new Socket("127.0.0.1", server.port()); // lands in the backlog
            open.add(fifth);
            fifth.setSoTimeout(1_500);
            sendHealth(fifth);
            assertThat(readStatusOrTimeout(fifth))
                .as("no answer while 4 connections are open")
                .isEqualTo(-2);
            open.remove(0).close();
            fifth.setSoTimeout(10_000);
            assertThat(readStatusOrTimeout(fifth)).as("served once one closed").isEqualTo(200);
          } finally {
            for (Socket s : open) {
              s.close();
            }
          }
        });
  }

  static int healthOver(Socket socket) throws IOException {
    sendHealth(socket);
    return readStatusOrTimeout(socket);
  }

  static void sendHealth(Socket socket) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** The status of the next answer (its body of 2 bytes, "OK", consumed); -2 on a timeout. */
  static int readStatusOrTimeout(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    StringBuilder head = new StringBuilder();
    try {
      while (!head.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          return -1;
        }
        head.append((char) c);
      }
      in.readNBytes(2);
    } catch (SocketTimeoutException e) {
      return -2;
    }
    return Integer.parseInt(head.substring(9, 12));
  }

  static InetAddress nonLoopbackAddress() throws IOException {
    for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nic.isUp() || nic.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nic.getInetAddresses())) {
        if (a instanceof Inet4Address && !a.isLoopbackAddress()) {
          return a;
        }
      }
    }
    return null;
  }
}
