package dev.walnut.snowplow.collector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Snowplow-Micro-style debugging: counts of good and bad records, and the last N of each (a bounded
 * ring buffer), as acknowledged by Kafka. Thread-safe.
 */
final class MicroStore {
  private final int capacity;
  private final ArrayDeque<Supplier<Map<String, Object>>> good;
  private final ArrayDeque<Supplier<Map<String, Object>>> bad;
  private long goodCount;
  private long badCount;

  MicroStore(int capacity) {
    this.capacity = capacity;
    this.good = new ArrayDeque<>(Math.min(capacity, 1024));
    this.bad = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  synchronized void record(Outcome outcome) {
    ArrayDeque<Supplier<Map<String, Object>>> ring = outcome.good() ? good : bad;
    if (outcome.good()) {
      goodCount++;
    } else {
      badCount++;
    }
    if (ring.size() == capacity) {
      ring.removeFirst();
    }
    ring.addLast(outcome.debugEntry());
  }

  synchronized Map<String, Object> counts() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("total", goodCount + badCount);
    m.put("good", goodCount);
    m.put("bad", badCount);
    return m;
  }

  /** Oldest first. */
  List<Map<String, Object>> good() {
    return entries(good);
  }

  List<Map<String, Object>> bad() {
    return entries(bad);
  }

  /** Copies the ring under the lock, builds the entries outside it. */
  private List<Map<String, Object>> entries(ArrayDeque<Supplier<Map<String, Object>>> ring) {
    List<Supplier<Map<String, Object>>> copy;
    synchronized (this) {
      copy = new ArrayList<>(ring);
    }
    List<Map<String, Object>> out = new ArrayList<>(copy.size());
    for (Supplier<Map<String, Object>> entry : copy) {
      out.add(entry.get());
    }
    return out;
  }

  synchronized void reset() {
    good.clear();
    bad.clear();
    goodCount = 0;
    badCount = 0;
  }
}
