package dev.walnut.snowplow.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * 10,000 generated malformed, mutated and valid requests: never a 5xx, and every record the
 * collector should write (one per tracker event, one bad row per unreadable request) is in Kafka.
 */
class BadInputCorpusTest {
  static final int REQUESTS = 10_000;
  static final int MAX_BODY = 16 * 1024;

  /** A request and how many records (good or bad) it must produce. */
  record Case(HttpRequest request, int records) {}

  @Test
  void tenThousandBadRequestsAreAllAnsweredAndAccountedFor() throws Exception {
    try (CollectorFixture fixture = new CollectorFixture(b -> b.maxBodyBytes(MAX_BODY))) {
      Random random = new Random(42);
      List<Case> cases = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        cases.add(generate(random, fixture.url(), i));
      }
      int expected = cases.stream().mapToInt(Case::records).sum();

      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Semaphore window = new Semaphore(32);
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      List<CompletableFuture<?>> pending = new ArrayList<>();
      for (Case c : cases) {
        window.acquire();
        pending.add(
            client
                .sendAsync(c.request(), HttpResponse.BodyHandlers.discarding())
                .whenComplete(
                    (response, error) -> {
                      window.release();
                      int status = error != null ? -1 : response.statusCode();
                      statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
                    }));
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();

      assertThat(statuses.keySet()).as("HTTP statuses %s", statuses).containsOnly(200);
      JsonNode counts =
          CollectorFixture.parse(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(fixture.url() + "/micro/all")).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body());
      assertThat(counts.path("total").asInt()).isEqualTo(expected);
      int good = fixture.all("snowplow-good").size();
      int bad = fixture.all("snowplow-bad").size();
      assertThat(good + bad).isEqualTo(expected);
      assertThat(good).isEqualTo(counts.path("good").asInt()).isPositive();
      assertThat(bad).isEqualTo(counts.path("bad").asInt()).isGreaterThan(REQUESTS / 2);
      for (String topic : List.of("snowplow-bad")) {
        JsonNode row = CollectorFixture.parse(fixture.all(topic).get(0).value());
        assertThat(row.path("schema").asText())
            .startsWith("iglu:com.snowplowanalytics.snowplow.badrows/");
        assertThat(row.path("data").path("reason").asText()).isNotBlank();
        assertThat(row.path("data").path("payload").has("raw")).isTrue();
      }
    }
  }

  static Case generate(Random random, String base, int i) {
    String eid = "00000000-0000-4000-8000-" + String.format("%012d", i);
    Map<String, String> valid = TestRequests.pageView(eid, "shopper-" + (i % 50));
    switch (random.nextInt(12)) {
      case 0:
        return get(base, TestRequests.query(valid), 1);
      case 1:
        valid.remove(List.of("e", "p", "tv").get(random.nextInt(3)));
        return get(base, TestRequests.query(valid), 1);
      case 2:
        valid.put("cx", "%%%not*base64" + random.nextInt());
        return get(base, TestRequests.query(valid), 1);
      case 3:
        valid.put("e", "zz" + random.nextInt(100));
        return get(base, TestRequests.query(valid), 1);
      case 4:
        return get(base, "", 1);
      case 5:
        {
          String body = TestRequests.body(List.of(valid, TestRequests.pageView(eid + "b", "x")));
          return post(base, body.substring(0, 1 + random.nextInt(body.length() - 1)), 1);
        }
      case 6:
        return post(
            base,
            TestRequests.body(List.of(valid))
                .replace("payload_data", "payload_" + random.nextInt(1000)),
            1);
      case 7:
        {
          byte[] junk = new byte[1 + random.nextInt(400)];
          random.nextBytes(junk);
          return post(base, new String(junk, StandardCharsets.ISO_8859_1), 1);
        }
      case 8:
        return post(base, TestRequests.body(List.of(valid)) + "x".repeat(MAX_BODY), 1);
      case 9:
        {
          // a batch of mutated events: each is one record, good or bad
          int n = 1 + random.nextInt(5);
          List<Map<String, String>> events = new ArrayList<>();
          for (int k = 0; k < n; k++) {
            Map<String, String> e = TestRequests.pageView(eid + "-" + k, "s" + k);
            String key = List.copyOf(e.keySet()).get(random.nextInt(e.size()));
            String value = e.get(key);
            char[] chars = value.toCharArray();
            chars[random.nextInt(chars.length)] = (char) (32 + random.nextInt(95));
            e.put(key, new String(chars));
            events.add(e);
          }
          return post(base, TestRequests.body(events), n);
        }
      case 10:
        return post(
            base,
            "{\"schema\":\""
                + TestRequests.PAYLOAD_SCHEMA
                + "\",\"data\":"
                + random.nextInt()
                + "}",
            1);
      default:
        return post(
            base,
            "{\"schema\":\""
                + TestRequests.PAYLOAD_SCHEMA
                + "\",\"data\":[1,\"two\",{\"e\":{\"nested\":true}}]}",
            3);
    }
  }

  static Case get(String base, String query, int records) {
    return new Case(
        HttpRequest.newBuilder(URI.create(base + "/i" + (query.isEmpty() ? "" : "?" + query)))
            .timeout(Duration.ofSeconds(60))
            .build(),
        records);
  }

  static Case post(String base, String body, int records) {
    return new Case(
        HttpRequest.newBuilder(URI.create(base + "/com.snowplowanalytics.snowplow/tp2"))
            .header("Content-Type", "application/json; charset=UTF-8")
            .timeout(Duration.ofSeconds(60))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        records);
  }
}
