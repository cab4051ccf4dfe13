package dev.walnut.benchmarks.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
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
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * Tracker-protocol traffic at a steady rate against a real collector, as trackers send it:
 * alternately a {@code GET /i} pixel (one page view) and a {@code POST
 * /com.snowplowanalytics.snowplow/tp2} batch of {@value #BATCH} page views, every event with its
 * own {@code eid}. A request answered 503 is sent again, unchanged (same event ids), no sooner than
 * {@link #RETRY_AFTER} later — trackers keep an event until it gets its 200. Every answer is
 * counted; the events of each 200 are the ones the collector acknowledged.
 */
final class TrackerTraffic implements AutoCloseable {
  static final String TP2 = "/com.snowplowanalytics.snowplow/tp2";
  private static final String PAYLOAD_SCHEMA =
      "iglu:com.snowplowanalytics.snowplow/payload_data/jsonschema/1-0-4";
  private static final int BATCH = 3;
  private static final int SHOPPERS = 50;
  private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
  private static final int RETRIES_PER_TICK = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final String baseUrl;
  private final int requestsPerSecond;
  private final ScheduledExecutorService pacer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "tracker-traffic");
            t.setDaemon(true);
            return t;
          });
  private final ConcurrentLinkedQueue<Retry> retries = new ConcurrentLinkedQueue<>();
  private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ok = new AtomicLong();
  private final AtomicLong unavailable = new AtomicLong();
  private final AtomicLong other = new AtomicLong();
  private final AtomicLong firstOkAfterBrokerBack = new AtomicLong(Long.MAX_VALUE);
  private volatile long brokerBack = Long.MAX_VALUE;
  private volatile boolean generating = true;
  private long generated; // pacer thread only

  private record Retry(HttpRequest request, List<String> eventIds, long notBefore) {}

  TrackerTraffic(String baseUrl, int requestsPerSecond) {
    if (requestsPerSecond < 1) {
      throw new IllegalArgumentException(
          "tracker requests per second must be at least 1, got " + requestsPerSecond);
    }
    this.baseUrl = baseUrl;
    this.requestsPerSecond = requestsPerSecond;
  }

  void start() {
    pacer.scheduleAtFixedRate(this::tick, 0, 1_000_000 / requestsPerSecond, TimeUnit.MICROSECONDS);
  }

  /** Marks the broker back (now) and returns the instant, in {@link System#nanoTime()}. */
  long brokerBack() {
    long now = System.nanoTime();
    brokerBack = now;
    return now;
  }

  /** When the first 200 arrived once the broker was back, in {@link System#nanoTime()}. */
  long awaitFirstOkAfterBrokerBack(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (firstOkAfterBrokerBack.get() == Long.MAX_VALUE && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return Math.min(firstOkAfterBrokerBack.get(), deadline);
  }

  /**
   * Stops generating new events and waits until every event sent got its 200 (the retries
   * included).
   *
   * @throws TimeoutException naming what is still unanswered
   */
  void finish(Duration timeout) throws InterruptedException, TimeoutException {
    generating = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!retries.isEmpty() || inFlight.get() > 0) {
      if (System.nanoTime() > deadline) {
        throw new TimeoutException(
            retries.size()
                + " requests still waiting for a retry and "
                + inFlight.get()
                + " unanswered after "
                + timeout);
      }
      Thread.sleep(20);
    }
    pacer.shutdownNow();
  }

  /** The event ids the collector answered 200 for. */
  Set<String> acknowledged() {
    return Set.copyOf(acknowledged);
  }

  TrackerRequests requests() {
    return new TrackerRequests(sent.get(), ok.get(), unavailable.get(), other.get());
  }

  private void tick() {
    long now = System.nanoTime();
    for (int i = 0; i < RETRIES_PER_TICK; i++) {
      Retry head = retries.peek();
      if (head == null || head.notBefore() > now) {
        break;
      }
      retries.poll();
      send(head.request(), head.eventIds());
    }
    if (generating) {
      long n = generated++;
      if (n % 2 == 0) {
        String eid = UUID.randomUUID().toString();
        send(pixel(eid, n), List.of(eid));
      } else {
        List<String> eids = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          eids.add(UUID.randomUUID().toString());
        }
        send(batch(eids, n), eids);
      }
    }
  }

  private void send(HttpRequest request, List<String> eventIds) {
    sent.incrementAndGet();
    inFlight.incrementAndGet();
    client
        .sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              int status = failure == null ? response.statusCode() : -1;
              if (status == 200) {
                ok.incrementAndGet();
                acknowledged.addAll(eventIds);
                long at = System.nanoTime();
                if (at >= brokerBack) {
                  firstOkAfterBrokerBack.accumulateAndGet(at, Math::min);
                }
              } else {
                // the collector promises 503 while Kafka is away; anything else is counted apart
                // (and still retried, as a tracker would)
                (status == 503 ? unavailable : other).incrementAndGet();
                retries.add(
                    new Retry(request, eventIds, System.nanoTime() + RETRY_AFTER.toNanos()));
              }
              inFlight.decrementAndGet();
            });
  }

  private HttpRequest pixel(String eid, long n) {
    return HttpRequest.newBuilder(URI.create(baseUrl + "/i?" + query(pageView(eid, n))))
        .timeout(Duration.ofSeconds(30))
        .GET()
        .build();
  }

  private HttpRequest batch(List<String> eids, long n) {
    ObjectNode body = JSON.createObjectNode().put("schema", PAYLOAD_SCHEMA);
    ArrayNode data = body.putArray("data");
    for (String eid : eids) {
      data.add(JSON.valueToTree(pageView(eid, n)));
    }
    return HttpRequest.newBuilder(URI.create(baseUrl + TP2))
        .timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json; charset=UTF-8")
        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
        .build();
  }

  /** A page view as the JavaScript tracker sends it (POST values are strings too). */
  private static Map<String, String> pageView(String eid, long n) {
    Map<String, String> e = new LinkedHashMap<>();
    e.put("e", "pv");
    e.put("p", "web");
    e.put("tv", "js-4.10.1");
    e.put("aid", "shop");
    e.put("eid", eid);
    e.put("duid", "shopper-" + (n % SHOPPERS));
    e.put("url", "https://shop.example/p/" + (n % 97));
    e.put("dtm", String.valueOf(System.currentTimeMillis()));
    e.put(
        "cx",
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                ("{\"schema\":\"iglu:com.snowplowanalytics.snowplow/contexts/jsonschema/1-0-0\","
                        + "\"data\":[{\"schema\":\"iglu:com.acme/page/jsonschema/1-0-0\","
                        + "\"data\":{\"n\":"
                        + n
                        + "}}]}")
                    .getBytes(StandardCharsets.UTF_8)));
    return e;
  }

  private static String query(Map<String, String> params) {
    return params.entrySet().stream()
        .map(
            e ->
                URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                    + "="
                    + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  @Override
  public void close() {
    generating = false;
    pacer.shutdownNow();
  }
}
