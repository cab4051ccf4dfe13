package dev.walnut.benchmarks.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Product views as the Snowplow JavaScript tracker POSTs them ({@code
 * /com.snowplowanalytics.snowplow/tp2}, batches of {@value #BATCH}): a self-describing {@code
 * snowplow_ecommerce_action} event of type {@code product_view} with a {@code product} entity, its
 * own {@code eid}, the shopper's {@code duid}. A request not answered 200 is an error (the broker
 * is local and healthy; a lost view would make the output count wrong).
 */
final class TrackerPosts {
  static final int BATCH = 10;
  private static final String TP2 = "/com.snowplowanalytics.snowplow/tp2";
  private static final String PAYLOAD =
      "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4";
  private static final String UNSTRUCT =
      "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0\","
          + "\"data\":{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/"
          + "snowplow_ecommerce_action/jsonschema/1-0-2\",\"data\":{\"type\":\"product_view\"}}}";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI uri;
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong late = new AtomicLong();

  TrackerPosts(int collectorPort) {
    this.uri = URI.create("http://127.0.0.1:" + collectorPort + TP2);
  }

  /**
   * Sends every view as fast as {@code inFlight} concurrent requests allow; returns when all got
   * 200.
   */
  void sendAll(List<SessionReplay.Click> clicks, int inFlight) throws InterruptedException {
    Semaphore permits = new Semaphore(inFlight);
    for (int i = 0; i < clicks.size(); i += BATCH) {
      permits.acquire();
      send(clicks.subList(i, Math.min(clicks.size(), i + BATCH)))
          .whenComplete((r, e) -> permits.release());
    }
    permits.acquire(inFlight);
    check();
  }

  /**
   * Offers the views at {@code perSecond} (open loop: each batch at its scheduled time, however
   * slowly the collector answers); returns when all got their answer. Batches sent more than 5 ms
   * after their time are counted as late; requests not answered 200 are counted, not retried (their
   * views are lost to the latency figures, and reported beside them).
   */
  void sendPaced(List<SessionReplay.Click> clicks, int perSecond) throws InterruptedException {
    long start = System.nanoTime();
    double nanosPerBatch = 1e9 * BATCH / perSecond;
    int batches = (clicks.size() + BATCH - 1) / BATCH;
    Semaphore done = new Semaphore(0);
    for (int b = 0; b < batches; b++) {
      long due = start + (long) (b * nanosPerBatch);
      long wait;
      while ((wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      if (-wait > 5_000_000) {
        late.incrementAndGet();
      }
      int from = b * BATCH;
      send(clicks.subList(from, Math.min(clicks.size(), from + BATCH)))
          .whenComplete((r, e) -> done.release());
    }
    if (!done.tryAcquire(batches, 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the collector did not answer every request within 120 s");
    }
  }

  /** Requests not answered 200 so far. */
  long failed() {
    return failed.get();
  }

  long late() {
    return late.get();
  }

  private void check() {
    if (failed.get() > 0) {
      throw new IllegalStateException(failed.get() + " tracker requests were not answered 200");
    }
  }

  private java.util.concurrent.CompletableFuture<HttpResponse<Void>> send(
      List<SessionReplay.Click> batch) {
    ObjectNode body = JSON.createObjectNode().put("schema", PAYLOAD);
    ArrayNode data = body.putArray("data");
    String now = Long.toString(System.currentTimeMillis());
    for (SessionReplay.Click c : batch) {
      ObjectNode e = data.addObject();
      e.put("e", "ue");
      e.put("p", "web");
      e.put("tv", "js-4.10.1");
      e.put("aid", "demo-shop");
      e.put("eid", UUID.randomUUID().toString());
      e.put("duid", c.shopper());
      e.put("url", "https://demo-shop.example/products/" + c.product());
      e.put("dtm", now);
      e.put("stm", now);
      e.put("ue_pr", UNSTRUCT);
      e.put(
          "co",
          "{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\",\"data\":"
              + "[{\"schema\":\"iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/"
              + "1-0-0\",\"data\":{\"id\":\""
              + c.product()
              + "\",\"name\":\"Product "
              + c.product()
              + "\",\"price\":10.0,\"currency\":\"EUR\"}}]}");
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
            .build();
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (r, e) -> {
              if (e != null || r.statusCode() != 200) {
                failed.incrementAndGet();
              }
            });
  }
}
