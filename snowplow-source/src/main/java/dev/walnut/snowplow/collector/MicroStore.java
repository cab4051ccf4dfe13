package dev.walnut.snowplow.collector;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Snowplow-Micro-style debugging: counts of good and bad records, and the last N of each (a bounded
 * ring buffer), as acknowledged by Kafka. Thread-safe.
 */
final class MicroStore {
  private final int capacity;
  private final ArrayDeque<Map<String, Object>> good;
  private final ArrayDeque<Map<String, Object>> bad;
  private long goodCount;
  private long badCount;

  MicroStore(int capacity) {
    this.capacity = capacity;
    this.good = new ArrayDeque<>(Math.min(capacity, 1024));
    this.bad = new ArrayDeque<>(Math.min(capacity, 1024));
  }

  synchronized void record(Outcome outcome) {
    ArrayDeque<Map<String, Object>> ring = outcome.good() ? good : bad;
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
  synchronized List<Map<String, Object>> good() {
    return new ArrayList<>(good);
  }

  synchronized List<Map<String, Object>> bad() {
    return new ArrayList<>(bad);
  }

  synchronized void reset() {
    good.clear();
    bad.clear();
    goodCount = 0;
    badCount = 0;
  }
}
