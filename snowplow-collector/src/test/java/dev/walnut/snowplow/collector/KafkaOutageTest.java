package dev.walnut.snowplow.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.walnut.embedded.kafka.ConsumedRecord;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The broker stops mid-load: the collector answers 503, the senders retry like trackers do, the
 * broker comes back, and every acknowledged event is in Kafka (a repeat only where a retry followed
 * a lost acknowledgement, and then with the same event_id, so the source drops it).
 */
class KafkaOutageTest {
  static final int SENDERS = 4;
  static final int EVENTS_PER_SENDER = 150;
  static final Duration WAIT = Duration.ofSeconds(60);

  /** Events each sender gets acknowledged before the broker goes away. */
  static final int BEFORE_OUTAGE = 30;

  @Test
  void everyAcknowledgedEventSurvivesABrokerOutage() throws Exception {
    try (CollectorFixture fixture =
        new CollectorFixture(b -> b.requestTimeout(Duration.ofSeconds(2)))) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Set<String> acknowledged = ConcurrentHashMap.newKeySet();
      AtomicInteger unavailable = new AtomicInteger();
      AtomicInteger sent = new AtomicInteger();
      AtomicBoolean sinkHealthWasDown = new AtomicBoolean();
      ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
      List<Future<?>> running = new ArrayList<>();
      // the load is paced by the test's phases, not by time: every sender gets BEFORE_OUTAGE
      // events through, waits until the broker is gone, sends the rest into the outage, and a
      // sender answered 503 retries (as trackers do) once the broker is back
      CountDownLatch outage = new CountDownLatch(1);
      CountDownLatch brokerBack = new CountDownLatch(1);
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        running.add(
            senders.submit(
                () -> {
                  for (int i = 0; i < EVENTS_PER_SENDER; i++) {
                    if (i == BEFORE_OUTAGE) {
                      outage.await();
                    }
                    String eid = String.format("00000000-0000-4000-8000-%06d%06d", sender, i);
                    HttpRequest request =
                        HttpRequest.newBuilder(
                                URI.create(
                                    fixture.url()
                                        + "/i?"
                                        + TestRequests.query(
                                            TestRequests.pageView(eid, "s" + sender))))
                            .timeout(Duration.ofSeconds(30))
                            .build();
                    // a tracker retries until it gets its 200
                    while (true) {
                      sent.incrementAndGet();
                      int status;
                      try {
                        status =
                            client
                                .send(request, HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                      } catch (Exception e) {
                        status = -1;
                      }
                      if (status == 200) {
                        acknowledged.add(eid);
                        break;
                      }
                      assertThat(status).as("status while Kafka is away").isEqualTo(503);
                      unavailable.incrementAndGet();
                      brokerBack.await();
                    }
                  }
                  return null;
                }));
      }
      // take the broker away once every sender is at the gate, until the collector has noticed:
      // /sink-health says so and trackers got 503s
      await("the events before the outage acknowledged")
          .atMost(WAIT)
          .until(() -> acknowledged.size() == SENDERS * BEFORE_OUTAGE);
      fixture.kafka.stop();
      outage.countDown();
      await("the outage seen by /sink-health and by the trackers")
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                if (sinkHealth(client, fixture) == 503) {
                  sinkHealthWasDown.set(true);
                }
                return sinkHealthWasDown.get() && unavailable.get() > 0;
              });
      fixture.kafka.start();
      brokerBack.countDown();
      for (Future<?> f : running) {
        f.get();
      }
      senders.shutdown();

      assertThat(unavailable.get()).as("503 answers during the outage").isPositive();
      assertThat(sinkHealthWasDown).isTrue();
      assertThat(acknowledged).hasSize(SENDERS * EVENTS_PER_SENDER);
      Map<String, Integer> inKafka = new HashMap<>();
      for (ConsumedRecord r : fixture.all("snowplow-good")) {
        String eid = CollectorFixture.parse(r.value()).path("event_id").asText();
        inKafka.merge(eid, 1, Integer::sum);
      }
      assertThat(inKafka.keySet()).containsAll(acknowledged);
      assertThat(inKafka.keySet()).hasSize(acknowledged.size());
      // a repeat is a retried event, and the source drops it by event_id
      long repeats = inKafka.values().stream().filter(n -> n > 1).count();
      assertThat(repeats).isLessThanOrEqualTo(unavailable.get());
    }
  }

  @Test
  void eventsWaitingForKafkaAreBoundedAndTheRestIsTurnedAwayAtOnce() throws Exception {
    try (CollectorFixture fixture =
        new CollectorFixture(b -> b.requestTimeout(Duration.ofSeconds(5)).maxEventsInFlight(2))) {
      fixture.kafka.stop();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      List<java.util.concurrent.CompletableFuture<HttpResponse<Void>>> responses =
          new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        responses.add(
            client.sendAsync(
                HttpRequest.newBuilder(
                        URI.create(
                            fixture.url()
                                + "/i?"
                                + TestRequests.query(TestRequests.pageView("e-" + i, "s"))))
                    .build(),
                HttpResponse.BodyHandlers.discarding()));
        // one request at a time: each is either waiting for Kafka or already turned away
        int answered = i + 1;
        await("request " + answered + " reached the collector")
            .atMost(WAIT)
            .until(
                () ->
                    metric(client, fixture, "walnut_collector_events_in_flight")
                            + metric(client, fixture, "walnut_collector_requests_rejected_total")
                        == answered);
      }
      List<Integer> statuses = new ArrayList<>();
      for (var f : responses) {
        statuses.add(f.get().statusCode());
      }
      // nothing is acknowledged while Kafka is away; two events waited for it (and timed out),
      // the other six requests were turned away at once instead of queueing
      assertThat(statuses).containsOnly(503);
      String metrics =
          client
              .send(
                  HttpRequest.newBuilder(URI.create(fixture.url() + "/metrics")).build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      assertThat(metrics)
          .contains("walnut_collector_kafka_failures_total 2\n")
          .contains("walnut_collector_requests_rejected_total 8\n");
      fixture.kafka.start();
    }
  }

  private static int sinkHealth(HttpClient client, CollectorFixture fixture) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create(fixture.url() + "/sink-health")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  /** One value of the collector's Prometheus text. */
  private static long metric(HttpClient client, CollectorFixture fixture, String name)
      throws Exception {
    String text =
        client
            .send(
                HttpRequest.newBuilder(URI.create(fixture.url() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    for (String line : text.split("\n")) {
      if (line.startsWith(name + " ")) {
        return Long.parseLong(line.substring(name.length() + 1).trim());
      }
    }
    throw new AssertionError("no metric " + name + " in\n" + text);
  }
}
