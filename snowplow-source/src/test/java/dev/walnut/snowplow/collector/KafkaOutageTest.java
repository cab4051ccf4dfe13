package dev.walnut.snowplow.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.testkit.kafka.ConsumedRecord;
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
      for (int s = 0; s < SENDERS; s++) {
        int sender = s;
        running.add(
            senders.submit(
                () -> {
                  for (int i = 0; i < EVENTS_PER_SENDER; i++) {
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
                      Thread.sleep(200);
                    }
                    Thread.sleep(5);
                  }
                  return null;
                }));
      }
      // let some events through, then take the broker away for a while
      while (acknowledged.size() < 100) {
        Thread.sleep(20);
      }
      fixture.kafka.stop();
      long downUntil = System.nanoTime() + Duration.ofSeconds(6).toNanos();
      while (System.nanoTime() < downUntil) {
        HttpResponse<String> health =
            client.send(
                HttpRequest.newBuilder(URI.create(fixture.url() + "/sink-health")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 503) {
          sinkHealthWasDown.set(true);
        }
        Thread.sleep(200);
      }
      fixture.kafka.start();
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
        Thread.sleep(50);
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
}
