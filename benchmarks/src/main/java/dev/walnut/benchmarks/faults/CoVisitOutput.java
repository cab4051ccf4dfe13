package dev.walnut.benchmarks.faults;

import dev.walnut.api.json.JsonValues;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the co-visit output topic ({@code {url, recommendation, frequency}}) as it grows, in a
 * background thread, keeping every update in partition order and when each pair first showed up.
 * The consumer rides out a broker restart like any client.
 */
final class CoVisitOutput implements AutoCloseable {
  /** One output record. */
  record Update(String pair, long frequency) {}

  private final KafkaConsumer<String, String> consumer;
  private final List<Update> updates = new ArrayList<>();
  private final Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
  private volatile boolean running = true;
  private final Thread thread;

  CoVisitOutput(String bootstrapServers, String topic) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "walnut-fault-output");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
    consumer.assign(List.of(new TopicPartition(topic, 0)));
    consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
    thread = new Thread(this::run, "walnut-fault-output");
    thread.setDaemon(true);
    thread.start();
  }

  static String pair(Object url, Object recommendation) {
    return url + " -> " + recommendation;
  }

  private void run() {
    while (running) {
      for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
        Map<String, Object> value;
        try {
          value = JsonValues.parseObject(r.value().getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
          throw new IllegalStateException("not a co-visit record: " + r.value(), e);
        }
        String pair = pair(value.get("url"), value.get("recommendation"));
        long frequency = ((Number) value.get("frequency")).longValue();
        firstSeenNanos.putIfAbsent(pair, System.nanoTime());
        synchronized (updates) {
          updates.add(new Update(pair, frequency));
        }
      }
    }
    consumer.close(Duration.ofSeconds(5));
  }

  /** When {@code pair} first showed up ({@link System#nanoTime()}), waiting up to the timeout. */
  long awaitPair(String pair, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!firstSeenNanos.containsKey(pair)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "`" + pair + "` did not reach the output within " + timeout);
      }
      Thread.sleep(20);
    }
    return firstSeenNanos.get(pair);
  }

  /**
   * Waits until every pair's last update is its expected frequency, or the timeout passes (then the
   * comparison shows what is missing).
   */
  void awaitFinal(Map<String, Long> expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!last().equals(expected) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
  }

  /** The final state after upsert: each pair's last frequency. */
  Map<String, Long> last() {
    Map<String, Long> last = new HashMap<>();
    synchronized (updates) {
      for (Update u : updates) {
        last.put(u.pair(), u.frequency());
      }
    }
    return last;
  }

  List<Update> updates() {
    synchronized (updates) {
      return List.copyOf(updates);
    }
  }

  /**
   * Compares the output with the expected final frequencies. Each co-visit emits its pair's new
   * frequency once, so the expected updates of a pair are 1, 2, …, its frequency.
   */
  Comparison compare(Map<String, Long> expected) {
    List<Update> all = updates();
    Map<String, Set<Long>> seen = new HashMap<>();
    long distinct = 0;
    for (Update u : all) {
      if (seen.computeIfAbsent(u.pair(), k -> new HashSet<>()).add(u.frequency())) {
        distinct++;
      }
    }
    long lost = 0;
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      Set<Long> s = seen.getOrDefault(e.getKey(), Set.of());
      for (long f = 1; f <= e.getValue(); f++) {
        if (!s.contains(f)) {
          lost++;
        }
      }
    }
    Map<String, Long> last = last();
    long overCounted = 0;
    long wrongKeys = 0;
    for (String pair : union(expected.keySet(), last.keySet())) {
      long want = expected.getOrDefault(pair, 0L);
      long got = last.getOrDefault(pair, 0L);
      if (got != want) {
        wrongKeys++;
      }
      overCounted += Math.max(0, got - want);
    }
    return new Comparison(all.size(), all.size() - distinct, lost, overCounted, wrongKeys);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new HashSet<>(a);
    u.addAll(b);
    return u;
  }

  /**
   * @param out records in the output topic
   * @param replayed records the at-least-once sink wrote again after a restore (same pair and
   *     frequency as an earlier one): upsert absorbs them
   * @param lost expected updates that never reached the output
   * @param duplicatedAfterUpsert co-visits counted more than once in the final state
   * @param wrongKeys pairs whose final frequency differs from the expected one
   */
  record Comparison(
      long out, long replayed, long lost, long duplicatedAfterUpsert, long wrongKeys) {}

  @Override
  public void close() {
    running = false;
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
