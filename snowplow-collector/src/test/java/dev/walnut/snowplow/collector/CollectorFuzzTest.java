package dev.walnut.snowplow.collector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.walnut.snowplow.collector.fuzz.CollectorFuzzer;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * 50,000 generated malformed requests (the {@link CollectorFuzzer} mix: broken JSON and base64,
 * random methods and paths, garbage request lines, bodies cut short, huge headers, bodies up to and
 * beyond the default 1 MiB limit) at the collector with its default settings on a real broker: no
 * crash, every request answered, memory bounded, and the good and bad topics hold exactly the
 * records the 200 answers stand for. {@code walnut bench collector-fuzz --requests 1000000} runs
 * the same at 10⁶.
 */
class CollectorFuzzTest {
  static final int REQUESTS = 50_000;

  @Test
  void fiftyThousandMalformedRequestsAreAllAnsweredAndEveryRecordIsAccountedFor() throws Exception {
    try (CollectorFixture fixture = new CollectorFixture();
        CollectorServer server = fixture.another("fuzz", b -> b)) {
      CollectorConfig config = server.config();
      long heapBefore = usedHeapAfterGc();

      CollectorFuzzer.Result result =
          CollectorFuzzer.of(
                  "127.0.0.1",
                  server.port(),
                  config.maxBodyBytes(),
                  config.maxEventsPerRequest(),
                  7)
              .run(REQUESTS, 16);

      assertThat(result.crashes()).as("crashes; statuses %s", result.statuses()).isZero();
      assertThat(result.unanswered()).as("unanswered; statuses %s", result.statuses()).isZero();
      assertThat(result.answered()).isEqualTo(REQUESTS);
      assertThat(result.statuses().keySet())
          .as("statuses %s", result.statuses())
          .isSubsetOf(Set.of(200, 400, 404, 405, 413, 431));
      assertThat(result.statuses().get(200)).isGreaterThan(REQUESTS / 2);

      long good = CollectorFuzzer.recordsIn(fixture.kafka.bootstrapServers(), "fuzz-good");
      long bad = CollectorFuzzer.recordsIn(fixture.kafka.bootstrapServers(), "fuzz-bad");
      assertThat(good + bad).as("good %d + bad %d", good, bad).isEqualTo(result.expectedRecords());
      assertThat(good).isPositive();
      assertThat(bad).isPositive();

      // the collector still serves, and kept no per-request garbage: the heap after a full GC is
      // back near where it started (the broker in this JVM holds its own caches)
      HttpResponse<String> health =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + server.port() + "/health"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      long heapAfter = usedHeapAfterGc();
      assertThat(heapAfter - heapBefore)
          .as("heap growth after GC, bytes (before %d, after %d)", heapBefore, heapAfter)
          .isLessThan(128L * 1024 * 1024);
      assertThat(result.maxHeapUsedBytes())
          .as("peak heap used while fuzzing, bytes")
          .isLessThan(1536L * 1024 * 1024);
    }
  }

  static long usedHeapAfterGc() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
