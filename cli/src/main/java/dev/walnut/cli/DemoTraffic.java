package dev.walnut.cli;

import dev.walnut.api.json.JsonValues;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Background shoppers for the demo: the demo's Diginetica sessions replayed through the collector
 * in the Snowplow tracker protocol (POST {@code tp2}, e-commerce {@code product_view} with the
 * product entity, as the browser tracker sends them), one view per session at a time, round after
 * round with fresh shopper ids, at a modest rate — so counts move in the designer and trending
 * products exist. Runs on its own daemon thread until closed.
 */
final class DemoTraffic implements AutoCloseable {
  private static final String TP2 = "/com.snowplowanalytics.snowplow/tp2";
  private static final String PAYLOAD =
      "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4";
  private static final String UNSTRUCT =
      "iglu:com.snowplowanalytics.snowplow/unstruct_event/jsonschema/1-0-0";
  private static final String CONTEXTS =
      "iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0";
  private static final String ACTION =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/snowplow_ecommerce_action/jsonschema/1-0-2";
  private static final String PRODUCT =
      "iglu:com.snowplowanalytics.snowplow.ecommerce/product/jsonschema/1-0-0";

  private final String collector;
  private final List<List<String>> sessions;
  private final double perSecond;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  DemoTraffic(String collectorUrl, List<List<String>> sessions, double perSecond) {
    this.collector = collectorUrl;
    this.sessions = sessions;
    this.perSecond = perSecond;
    this.thread = new Thread(this::run, "walnut-demo-traffic");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  long sent() {
    return sent.get();
  }

  long refused() {
    return refused.get();
  }

  private void run() {
    long started = System.nanoTime();
    long n = 0;
    for (int round = 0; running; round++) {
      for (int s = 0; s < sessions.size() && running; s++) {
        String shopper = "demo-" + round + "-" + s;
        for (String product : sessions.get(s)) {
          if (!running) {
            return;
          }
          send(shopper, product);
          n++;
          long due = started + (long) (n * 1e9 / perSecond);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            try {
              Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
          }
        }
      }
    }
  }

  private void send(String shopper, String product) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("e", "ue");
    e.put("p", "web");
    e.put("tv", "walnut-demo-traffic");
    e.put("aid", "demo-shop");
    e.put("eid", UUID.randomUUID().toString());
    e.put("duid", shopper);
    e.put("url", "http://127.0.0.1/products/" + product);
    String now = Long.toString(System.currentTimeMillis());
    e.put("dtm", now);
    e.put("stm", now);
    e.put(
        "ue_px",
        base64(
            Map.of(
                "schema",
                UNSTRUCT,
                "data",
                Map.of("schema", ACTION, "data", Map.of("type", "product_view")))));
    e.put(
        "cx",
        base64(
            Map.of(
                "schema",
                CONTEXTS,
                "data",
                List.of(
                    Map.of(
                        "schema",
                        PRODUCT,
                        "data",
                        Map.of(
                            "id",
                            product,
                            "name",
                            "Product " + product,
                            "price",
                            10.0,
                            "currency",
                            "EUR"))))));
    Map<String, Object> body = Map.of("schema", PAYLOAD, "data", new ArrayList<>(List.of(e)));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(collector + TP2))
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/json; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofString(JsonValues.write(body)))
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      (status == 200 ? sent : refused).incrementAndGet();
    } catch (java.io.IOException ex) {
      // the collector answers 503 while Kafka is away; a demo shopper just moves on
      refused.incrementAndGet();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  private static String base64(Object json) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(JsonValues.write(json).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
